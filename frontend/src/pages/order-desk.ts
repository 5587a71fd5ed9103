// The staff order desk (support and admin): search orders by id, customer e-mail, link,
// status, provider and days placed; one order's file with its status history, refills,
// ledger entries and the tickets naming it. Admins reconcile an order under review from
// its file (the API refuses anyone else and audits every action).
import { api } from "../api";
import { errorLine, field, h, onSubmit, showError, table } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";
import { money } from "../money";
import type { DeskOrder, OrderFile, OrderSearchPage } from "../api-types";

const STATUSES = ["pending", "sending", "processing", "in_progress", "completed", "partial", "canceled",
  "needs_review"];
const label = (status: string): string => status.replace(/_/g, " ");
const when = (iso: string): string => new Date(iso).toLocaleString();

function input(id: string, name: string, type = "text"): HTMLInputElement {
  return h("input", { id, name, type, autocomplete: "off" }) as HTMLInputElement;
}

function orderRow(o: DeskOrder): Array<Node | string> {
  return [h("a", { href: `/staff/orders/${o.id}`, "aria-label": `Order ${o.id}` }, `#${o.id}`), o.email || "–",
    o.link, label(o.internal_status), money(o.charge), `${o.provider_id}`, when(o.created_at)];
}

addRoute("/staff/orders", {
  title: "Order desk",
  signedIn: true,
  supportDesk: true,
  render(me) {
    const box = errorLine("desk-error");
    const results = h("div", { id: "desk-results" });
    const fields = {
      order: input("d-order", "order"), email: input("d-email", "email", "email"), link: input("d-link", "link"),
      provider: input("d-provider", "provider"), from: input("d-from", "from", "date"), to: input("d-to", "to", "date"),
    };
    const status = h("select", { id: "d-status", name: "status" }, h("option", { value: "" }, "Any"),
      ...STATUSES.map((s) => h("option", { value: s }, label(s)))) as HTMLSelectElement;
    const query = (cursor: string | null): string => {
      const params = new URLSearchParams();
      for (const [name, el] of Object.entries(fields)) if (el.value.trim()) params.set(name, el.value.trim());
      if (status.value) params.set("status", status.value);
      if (cursor) params.set("cursor", cursor);
      return `/staff/orders?${params.toString()}`;
    };
    const show = async (cursor: string | null): Promise<void> => {
      const page = await api<OrderSearchPage>("GET", query(cursor));
      const rows = page.orders.map(orderRow);
      const more = page.next_cursor ? h("button", { type: "button", id: "desk-more", class: "secondary" }, "Next page")
        : null;
      more?.addEventListener("click", () => { void show(page.next_cursor).catch((e) => showError(box, (e as Error).message)); });
      results.replaceChildren(rows.length
        ? table("desk-table", ["Order", "Customer", "Link", "Status", "Charge", "Provider", "Placed"], rows)
        : h("p", { class: "muted", id: "desk-table" }, "No order matches."), more ?? "");
    };
    const form = h("form", { id: "desk-search", novalidate: true },
      field("Order id", fields.order), field("Customer e-mail", fields.email),
      field("Link contains", fields.link), field("Status", status), field("Provider id", fields.provider),
      field("Placed from", fields.from, "Without an order id or e-mail: at most 31 days (the last 7 by default)."),
      field("Placed to", fields.to), h("button", { type: "submit" }, "Search"), box) as HTMLFormElement;
    onSubmit(form, box, () => show(null));
    const review = me?.role === "admin"
      ? h("p", {}, h("a", { href: "/admin/orders" }, "Orders needing staff (review and stuck)")) : null;
    return h("section", {}, h("h1", {}, "Order desk"), review, h("div", { class: "card wide" }, form), results);
  },
});

function reconcileForms(o: DeskOrder): HTMLElement {
  const box = errorLine("reconcile-error");
  const act = async (body: Record<string, string>): Promise<void> => {
    await api("POST", `/admin/orders/${o.id}/reconcile`, body);
    navigate(`/staff/orders/${o.id}`);
  };
  const upstream = input("r-upstream", "provider_order");
  const sent = h("form", { id: "r-mark-sent" }, field("Provider's order id", upstream),
    h("button", { type: "submit" }, "Mark sent")) as HTMLFormElement;
  onSubmit(sent, box, () => act({ action: "mark_sent", provider_order: upstream.value }));
  const remains = input("r-remains", "remains");
  remains.inputMode = "numeric";
  const settle = h("form", { id: "r-settle" }, field("Remains (units not delivered)", remains),
    h("button", { type: "submit" }, "Settle")) as HTMLFormElement;
  onSubmit(settle, box, () => act({ action: "settle", remains: remains.value }));
  const button = (id: string, text: string, action: string): HTMLElement => {
    const el = h("button", { type: "button", id, class: "secondary" }, text) as HTMLButtonElement;
    el.addEventListener("click", async () => {
      el.disabled = true;
      showError(box, "");
      try { await act({ action }); } catch (err) { showError(box, (err as Error).message); el.disabled = false; }
    });
    return el;
  };
  return h("div", { class: "card wide", id: "reconcile" }, h("h2", {}, "Reconcile"),
    h("p", { class: "muted" }, `Under review: ${o.review_reason ?? "no reason recorded"}`),
    sent, settle, h("p", {}, button("r-cancel", "Cancel and refund", "cancel"), " ",
      button("r-retry", "Send again (parked orders only)", "retry")), box);
}

addIdRoute("/staff/orders", {
  title: "Order",
  signedIn: true,
  supportDesk: true,
  async render(me) {
    const file = await api<OrderFile>("GET", `/staff/orders/${routeId()}`);
    const o = file.order;
    const facts = table("order-facts", ["", ""], [
      ["Customer", `${o.email || "–"} (${o.user_id})`], ["Service", `${o.service_name} (#${o.service})`],
      ["Link", o.link], ["Quantity", `${o.quantity}`], ["Charge", money(o.charge)], ["Refunded", money(o.refunded)],
      ["Status", label(o.internal_status)], ["Remains", o.remains === null ? "–" : `${o.remains}`],
      ["Provider", `${o.provider_id} (service ${o.provider_service})`], ["Upstream id", o.provider_order ?? "–"],
      ["Provider cost", o.provider_cost ? money(o.provider_cost) : "unknown"], ["Placed", when(o.created_at)]]);
    const history = table("order-history", ["When", "Status", "What"],
      file.history.map((e) => [when(e.at), label(e.status), e.note || "–"]));
    const entries = file.entries.length ? table("order-entries", ["Entry", "Kind", "Amount", "Balance after", "When"],
      file.entries.map((e) => [e.id, label(e.kind), money(e.amount), money(e.balance_after), when(e.at)]))
      : h("p", { class: "muted", id: "order-entries" }, "No ledger entry.");
    const tickets = file.tickets.length ? table("order-tickets", ["Ticket", "Subject", "Status"],
      file.tickets.map((t) => [h("a", { href: `/staff/tickets/${t.number}` }, `#${t.number}`), t.subject, label(t.status)]))
      : h("p", { class: "muted", id: "order-tickets" }, "No ticket names this order.");
    const refills = file.refills.length ? table("order-refills", ["Refill", "Status", "Asked"],
      file.refills.map((r) => [`#${r.id}`, label(r.status), when(r.created_at)]))
      : h("p", { class: "muted", id: "order-refills" }, "No refill asked.");
    const reconcile = me?.role === "admin" && o.internal_status === "needs_review" ? reconcileForms(o) : null;
    return h("section", {}, h("p", {}, h("a", { href: "/staff/orders" }, "Back to the order desk")),
      h("h1", {}, `Order #${o.id}`), facts, reconcile,
      h("h2", {}, "Status history"), history, h("h2", {}, "Ledger entries"), entries,
      h("h2", {}, "Tickets naming it"), tickets, h("h2", {}, "Refills"), refills);
  },
});
