// Signed-in pages (dashboard: a customer's overview, staff's account summary; account) and the not-found page (the policy pages are in legal.ts).
import { api } from "../api";
import type { Dashboard, PasswordChanged } from "../api-types";
import { field, h, showError, table } from "../dom";
import { money } from "../money";
import { addRoute } from "../app";
import { mailPreferencesSection } from "./mail-preferences";
import { dataRightsSections } from "./my-data";

const TICKET_STATUS: Record<string, string> = { open: "open", awaiting_customer: "awaiting your reply",
  answered: "answered" };

// "2026-12" -> "December 2026", in the reader's language; the month is the API's (UTC).
function monthName(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString(undefined,
    { month: "long", year: "numeric", timeZone: "UTC" });
}

// The customer's overview: money first, then what is moving (recent orders, open tickets).
async function customerDashboard(): Promise<HTMLElement[]> {
  const board = await api<Dashboard>("GET", "/dashboard");
  const stats = h("div", { class: "grid" },
    h("div", { class: "stat" }, h("div", { class: "muted", id: "dash-balance-label" }, "Balance"),
      h("div", { class: "big", id: "dash-balance", "aria-labelledby": "dash-balance-label" }, money(board.balance)),
      h("a", { href: "/add-funds" }, "Add funds")),
    h("div", { class: "stat" }, h("div", { class: "muted", id: "dash-spend-label" },
      `Spent in ${monthName(board.month)} (UTC)`),
    h("div", { class: "big", id: "dash-month-spend", "aria-labelledby": "dash-spend-label" }, money(board.month_spend)),
    h("a", { href: "/balance" }, "Balance history")));
  const orders = board.recent_orders.length
    ? h("div", { class: "scroll" }, table("recent-orders", ["Order", "Service", "Status", "Charge"],
      board.recent_orders.map((o) => [h("a", { href: `/orders/${o.id}` }, `#${o.id}`), o.service_name, o.status,
        money(o.charge)])))
    : h("p", { class: "muted", id: "recent-orders-empty" }, "No orders yet. ", h("a", { href: "/order" }, "Place an order"));
  const tickets = board.open_tickets.length
    ? h("ul", { id: "open-tickets" }, ...board.open_tickets.map((t) => h("li", {},
      h("a", { href: `/tickets/${t.number}` }, `${t.display} · ${t.subject}`), ` (${TICKET_STATUS[t.status] ?? t.status})`)))
    : h("p", { class: "muted", id: "open-tickets-empty" }, "No open tickets.");
  return [stats,
    h("h2", {}, "Recent orders"), orders, h("p", {}, h("a", { href: "/orders" }, "All orders")),
    h("h2", {}, "Open tickets"), tickets, h("p", {}, h("a", { href: "/tickets/new" }, "Open a ticket"))];
}

addRoute("/dashboard", {
  title: "Dashboard",
  signedIn: true,
  async render(user) {
    const heading = h("h1", {}, "Welcome, ", h("span", { id: "welcome-username" }, user!.username));
    if (user!.role === "customer") return h("section", {}, heading, ...await customerDashboard());
    return h("section", {}, heading,
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
