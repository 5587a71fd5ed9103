// Signed-in pages (dashboard, account) and the not-found page (the policy pages are in legal.ts).
import { api } from "../api";
import type { PasswordChanged } from "../api-types";
import { field, h, showError } from "../dom";
import { addRoute } from "../app";
import { mailPreferencesSection } from "./mail-preferences";
import { dataRightsSections } from "./my-data";

addRoute("/dashboard", {
  title: "Dashboard",
  signedIn: true,
  render(user) {
    return h("section", {},
      h("h1", {}, "Welcome, ", h("span", { id: "welcome-username" }, user!.username)),
      h("div", { class: "grid" },
        h("div", { class: "stat" }, h("div", { class: "muted" }, "Account"), h("div", {}, user!.email)),
        h("div", { class: "stat" }, h("div", { class: "muted" }, "Role"), h("div", {}, user!.role)),
        h("div", { class: "stat" }, h("div", { class: "muted" }, "Member since"),
          h("div", {}, new Date(user!.created_at).toLocaleDateString()))),
    );
  },
});

addRoute("/account", {
  title: "Account",
  signedIn: true,
  render(user) {
    const box = h("p", { class: "error", role: "alert" });
    box.hidden = true;
    const done = h("p", { class: "notice" });
    const form = h("form", { id: "password-form", novalidate: true },
      field("Current password", h("input", { id: "current", name: "current", type: "password",
        autocomplete: "current-password", required: true })),
      field("New password", h("input", { id: "new", name: "new", type: "password",
        autocomplete: "new-password", required: true }), "Changing it signs out your other sessions."),
      h("button", { type: "submit" }, "Change password"), box, done) as HTMLFormElement;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(box, "");
      done.textContent = "";
      const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
      try {
        const res = await api<PasswordChanged>("POST", "/me/password",
          { current_password: get("current"), new_password: get("new") });
        done.textContent = res.message;
        form.reset();
      } catch (err) {
        showError(box, (err as Error).message);
      }
    });
    return h("div", { class: "card" }, h("h1", {}, "Account"), h("h2", {}, "Change password"), form,
      mailPreferencesSection(), ...dataRightsSections(user!));
  },
});

addRoute("/404", {
  title: "Not found",
  render: () => h("div", { class: "card" }, h("h1", {}, "Page not found"), h("p", {}, h("a", { href: "/" }, "Go home"))),
});
