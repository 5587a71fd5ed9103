// Client-side routing and the shared page frame (navigation reflects who is signed in).
import { api, currentUser, setCsrfToken, User } from "./api";
import { h } from "./dom";

export interface Page {
  title: string;
  signedIn?: boolean; // true: needs a session; false: only for visitors; undefined: anyone
  render(user: User | null): HTMLElement | Promise<HTMLElement>;
}

const routes = new Map<string, Page>();
let user: User | null = null;
let userLoaded = false;

export function addRoute(path: string, page: Page): void {
  routes.set(path, page);
}

export function signedInAs(next: User | null, csrfToken = ""): void {
  user = next;
  userLoaded = true;
  setCsrfToken(csrfToken);
}

export function navigate(path: string): void {
  history.pushState({}, "", path);
  void render();
}

async function signOut(): Promise<void> {
  try {
    await api("POST", "/auth/logout");
  } finally {
    signedInAs(null);
    navigate("/login");
  }
}

function renderNav(): void {
  const nav = document.getElementById("nav");
  if (!nav) return;
  nav.replaceChildren();
  if (user) {
    const out = h("button", { class: "link", type: "button", id: "sign-out" }, "Sign out");
    out.addEventListener("click", () => void signOut());
    nav.append(
      h("a", { href: "/dashboard" }, "Dashboard"),
      h("a", { href: "/account" }, "Account"),
      h("span", { class: "who", id: "nav-username" }, user.username),
      out,
    );
  } else {
    nav.append(h("a", { href: "/login" }, "Sign in"), h("a", { href: "/register" }, "Create account"));
  }
}

export async function render(): Promise<void> {
  if (!userLoaded) {
    user = await currentUser();
    userLoaded = true;
  }
  let path = location.pathname.replace(/\/+$/, "") || "/";
  if (path === "/") path = user ? "/dashboard" : "/login";
  const page = routes.get(path) ?? routes.get("/404")!;
  if (page.signedIn === true && !user) return navigate("/login");
  if (page.signedIn === false && user) return navigate("/dashboard");
  if (location.pathname !== path) history.replaceState({}, "", path);
  renderNav();
  document.title = `${page.title} · SMM Panel`;
  const view = document.getElementById("view")!;
  view.replaceChildren(await page.render(user));
}

export function start(): void {
  document.addEventListener("click", (event) => {
    const link = (event.target as HTMLElement).closest("a");
    if (!link || link.origin !== location.origin || link.target || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    navigate(link.pathname + link.hash);
  });
  window.addEventListener("popstate", () => void render());
  void render();
}
