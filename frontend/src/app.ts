// Client-side routing and the shared page frame (navigation reflects who is signed in).
import { api, currentUser, setCsrfToken, User } from "./api";
import { h } from "./dom";
import { errorView, needsSignIn } from "./page-error";
import { showMaintenanceBanner } from "./maintenance-banner";
import { brandName } from "./brand";

export interface Page {
  title: string;
  signedIn?: boolean; // true: needs a session; false: only for visitors; undefined: anyone
  adminOnly?: boolean; // admins only (the API enforces it; this only avoids a useless page)
  supportDesk?: boolean; // support staff and admins
  legalTeam?: boolean; // legal staff only
  render(user: User | null): HTMLElement | Promise<HTMLElement>;
}

const routes = new Map<string, Page>();
// Routes with a numeric id (/orders/123): the id is passed to the page via `routeId()`.
const idRoutes: Array<[RegExp, Page]> = [];
let currentId = "";
let user: User | null = null;
let userLoaded = false;
let rendering = 0; // the latest render(); an earlier one still loading must not replace its view
const SUPPORT_DESK = ["support", "admin"];

export function addRoute(path: string, page: Page): void {
  routes.set(path, page);
}

export function addIdRoute(prefix: string, page: Page): void {
  idRoutes.push([new RegExp(`^${prefix}/(\\d{1,12})$`), page]);
}

// A page of one record whose id is not a number (a user id): `pattern` captures the id.
export function addPatternRoute(pattern: RegExp, page: Page): void {
  idRoutes.push([pattern, page]);
}

export function routeId(): string {
  return currentId;
}

function findPage(path: string): Page {
  const exact = routes.get(path);
  if (exact) return exact;
  for (const [pattern, page] of idRoutes) {
    const match = pattern.exec(path);
    if (match) {
      currentId = match[1];
      return page;
    }
  }
  return routes.get("/404")!;
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

// An old address that now lives elsewhere: replaced in the history, not added to it.
export function redirect(path: string): void {
  history.replaceState({}, "", path);
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
      h("a", { href: "/services" }, "Services"),
      h("a", { href: "/order" }, "New order"),
      h("a", { href: "/mass-order" }, "Mass order"),
      h("a", { href: "/orders" }, "Orders"),
      h("a", { href: "/balance" }, "Balance"),
      h("a", { href: "/add-funds" }, "Add funds"),
      h("a", { href: "/api-keys" }, "API"),
      h("a", { href: "/tickets" }, "Support"),
      h("a", { href: "/account" }, "Account"),
      ...(SUPPORT_DESK.includes(user.role) ? [h("a", { href: "/staff/tickets" }, "Support desk"),
        h("a", { href: "/staff/orders" }, "Order desk"),
        h("a", { href: "/staff/claims" }, "SLA claims"),
        h("a", { href: "/staff/privacy-requests" }, "Privacy requests"),
        h("a", { href: "/staff/monitoring" }, "Monitoring")] : []),
      ...(user.role === "legal" ? [h("a", { href: "/staff/legal" }, "Legal requests")] : []),
      ...(user.role === "admin" ? [h("a", { href: "/admin/providers" }, "Admin")] : []),
      ...(user.role === "legal" ? [h("a", { href: "/staff/legal-holds" }, "Holds and packages")] : []),
      h("span", { class: "who", id: "nav-username" }, user.username),
      out,
    );
  } else {
    nav.append(h("a", { href: "/services" }, "Services"), h("a", { href: "/api-docs" }, "API"), h("a", { href: "/login" }, "Sign in"),
      h("a", { href: "/register" }, "Create account"));
  }
}

// Renders the page of the current address. Whatever fails on the way (reading the session,
// the page's API calls, the page's own code) ends in a readable error with a Retry button,
// except a 401, which means the session is gone and leads to the sign-in page.
export async function render(): Promise<void> {
  const mine = ++rendering;
  const view = document.getElementById("view")!;
  try {
    if (!userLoaded) {
      user = await currentUser();
      userLoaded = true;
    }
    let path = location.pathname.replace(/\/+$/, "") || "/";
    if (path === "/") path = user ? "/dashboard" : "/login";
    const page = findPage(path);
    if (page.adminOnly && user && user.role !== "admin") return navigate("/dashboard");
    if (page.supportDesk && user && !SUPPORT_DESK.includes(user.role)) return navigate("/dashboard");
    if (page.legalTeam && user && user.role !== "legal") return navigate("/dashboard");
    if (page.signedIn === true && !user) return navigate("/login");
    if (page.signedIn === false && user) return navigate("/dashboard");
    if (location.pathname !== path) history.replaceState({}, "", path);
    renderNav();
    void showMaintenanceBanner();
    document.title = `${page.title} · ${brandName()}`;
    const shown = await page.render(user);
    if (mine === rendering) view.replaceChildren(shown);
  } catch (err) {
    if (mine !== rendering) return;
    if (needsSignIn(err) && location.pathname !== "/login") {
      signedInAs(null);
      return navigate("/login");
    }
    console.error(err);
    renderNav();
    document.title = `Error · ${brandName()}`;
    view.replaceChildren(errorView(err, () => void render()));
  }
}

export function start(): void {
  document.addEventListener("click", (event) => {
    const link = (event.target as HTMLElement).closest("a");
    if (!link || link.origin !== location.origin || link.target || link.hasAttribute("download") ||
      event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  });
  window.addEventListener("popstate", () => void render());
  void render();
}
