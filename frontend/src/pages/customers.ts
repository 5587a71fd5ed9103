// Customers console, one customer: balance, lock (negative balance) and staff lock, sessions,
// API keys, custom rates, orders, tickets, top-ups and ledger, with the balance tools.
// Every call is authorised again by the API; every change is audited there.
import { api } from "../api";
import { actionButton, errorLine, field, h, inputValue, loadMore, onSubmit, table } from "../dom";
import { addPatternRoute, navigate, routeId } from "../app";
import { adminNav, minorCard } from "./admin";
import { topUpTable } from "./payments";
import { money, rate } from "../money";
import type {
  CustomerKeys, CustomerOrders, LedgerEntry, OrderInfo, SessionList, StaffTicketList, TopUpPage, UserDetail,
} from "../api-types";

const SECONDARY = { class: "secondary" };

function form(id: string, button: string, ...fields: HTMLElement[]): HTMLFormElement {
  return h("form", { id, novalidate: true }, ...fields, h("button", { type: "submit" }, button)) as HTMLFormElement;
}

function staffLockCard(userId: string, reason: string | null | undefined, reload: () => void): HTMLElement {
  const box = errorLine("staff-lock-error");
  if (reason) {
    const lift = form("lift-lock-form", "Lift the lock",
      field("Why is the lock lifted?", h("input", { id: "lift-note", name: "note", maxlength: "500" }),
        "Required; recorded in the audit log with your staff id."));
    onSubmit(lift, box, async () => {
      await api("POST", `/admin/users/${userId}/lock/lift`, { note: inputValue(lift, "note") });
      reload();
    });
    return h("div", { class: "card", id: "staff-lock-card" }, h("h2", {}, "Staff lock"),
      h("p", { class: "error", id: "staff-lock-reason" }, `Locked by staff: ${reason}. No ordering, no API use.`),
      lift, box);
  }
  const lock = form("lock-form", "Lock the account",
    field("Why lock this account?", h("input", { id: "lock-reason", name: "reason", maxlength: "500" }),
      "Stops ordering (site and API) and all API use until lifted. Recorded in the audit log."));
  onSubmit(lock, box, async () => {
    await api("POST", `/admin/users/${userId}/lock`, { reason: inputValue(lock, "reason") });
    reload();
  });
  return h("div", { class: "card", id: "staff-lock-card" }, h("h2", {}, "Staff lock"), lock, box);
}

function balanceTools(userId: string, detail: UserDetail, box: HTMLElement, reload: () => void): HTMLElement[] {
  const adjust = form("adjust-form", "Adjust balance",
    field("Amount (USD)", h("input", { id: "adj-amount", name: "amount", inputmode: "decimal" })),
    field("Direction", h("select", { id: "adj-direction", name: "direction" },
      h("option", { value: "credit" }, "Credit"), h("option", { value: "debit" }, "Debit"))),
    field("Reason", h("input", { id: "adj-reason", name: "reason" }), "Required; recorded with your staff id."));
  onSubmit(adjust, box, async () => {
    await api("POST", `/admin/users/${userId}/adjust`, { amount: inputValue(adjust, "amount"),
      direction: inputValue(adjust, "direction"), reason: inputValue(adjust, "reason") });
    reload();
  });
  const manualKey = crypto.randomUUID(); // one manual top-up per rendering of the form
  const manual = form("manual-topup-form", "Record manual top-up",
    field("Amount received (USD)", h("input", { id: "mt-amount", name: "amount", inputmode: "decimal" })),
    field("Method", h("select", { id: "mt-method", name: "method" }, h("option", { value: "bank_transfer" },
      "Bank transfer"), h("option", { value: "crypto" }, "Crypto"), h("option", { value: "other" }, "Other"))),
    field("Reference", h("input", { id: "mt-reference", name: "reference" }),
      "The bank or transaction reference of the money received."));
  onSubmit(manual, box, async () => {
    await api("POST", `/admin/users/${userId}/top-ups`, { amount: inputValue(manual, "amount"),
      method: inputValue(manual, "method"), reference: inputValue(manual, "reference") },
    { "Idempotency-Key": manualKey });
    reload();
  });
  const payoutKey = crypto.randomUUID(); // one payout per rendering of the form
  const payout = form("payout-form", "Record payout",
    field("Amount paid back (USD)", h("input", { id: "po-amount", name: "amount", inputmode: "decimal" }),
      "At most the withdrawable part: service credit and bonus are never paid out."),
    field("Reference", h("input", { id: "po-reference", name: "reference" }), "The bank transfer's reference."));
  onSubmit(payout, box, async () => {
    await api("POST", `/admin/users/${userId}/payouts`, { amount: inputValue(payout, "amount"),
      reference: inputValue(payout, "reference") }, { "Idempotency-Key": payoutKey });
    reload();
  });
  let unlock: HTMLElement | string = "";
  if (detail.locked) {
    const note = form("unlock-form", "Unlock ordering",
      field("How was it resolved?", h("input", { id: "unlock-note", name: "note" })));
    onSubmit(note, box, async () => {
      await api("POST", `/admin/users/${userId}/unlock`, { note: inputValue(note, "note") });
      reload();
    });
    unlock = h("div", { class: "card", id: "lock-card" },
      h("p", { class: "error" }, `Ordering locked: ${detail.locked}.`), note);
  }
  return [h("div", {}, unlock), h("h2", {}, "Adjust the balance"), adjust, h("h2", {}, "Manual top-up"), manual,
    h("h2", {}, "Payout"), payout];
}

function ratesCard(userId: string, detail: UserDetail, reload: () => void): HTMLElement {
  const box = errorLine("rates-error");
  const rows = detail.custom_rates.map((r) => [r.service === null ? "Every service" : String(r.service),
    r.fixed_rate !== null ? rate(r.fixed_rate) : "–", r.discount_percent !== null ? `${r.discount_percent} %` : "–",
    actionButton("Delete", `delete-rate-${r.service ?? "all"}`, async () => {
      await api("DELETE", `/admin/users/${userId}/rates${r.service === null ? "" : `?service=${r.service}`}`);
      reload();
    }, box, SECONDARY)]);
  const set = form("rate-form", "Set rate",
    field("Service id", h("input", { id: "rate-service", name: "service", inputmode: "numeric" }),
      "Leave empty for a discount on every service."),
    field("Fixed rate per 1000 (USD)", h("input", { id: "rate-fixed", name: "fixed_rate", inputmode: "decimal" })),
    field("Or a discount (%)", h("input", { id: "rate-discount", name: "discount_percent", inputmode: "decimal" })));
  onSubmit(set, box, async () => {
    const service = inputValue(set, "service").trim();
    if (service && !/^\d{1,12}$/.test(service)) throw new Error("The service id is a whole number.");
    const fixed = inputValue(set, "fixed_rate").trim();
    const discount = inputValue(set, "discount_percent").trim();
    await api("PUT", `/admin/users/${userId}/rates`, { service: service ? Number(service) : null,
      fixed_rate: fixed || null, discount_percent: discount || null });
    reload();
  });
  return h("div", { class: "card", id: "rates-card" }, h("h2", {}, "Custom rates"),
    rows.length ? table("rates-table", ["Service", "Fixed rate", "Discount", ""], rows)
      : h("p", { class: "muted" }, "No custom rates: list prices apply."), set, box);
}

function accessCard(userId: string, sessions: SessionList, keys: CustomerKeys, reload: () => void): HTMLElement {
  const box = errorLine("access-error");
  const sessionRows = sessions.sessions.map((s) => [new Date(s.created_at).toLocaleString(),
    new Date(s.expires_at).toLocaleString(), actionButton("Sign out", `revoke-session-${s.id}`, async () => {
      await api("DELETE", `/admin/users/${userId}/sessions/${s.id}`);
      reload();
    }, box, SECONDARY)]);
  const keyRows = keys.keys.map((k) => [k.label, `${k.prefix}…`, new Date(k.created_at).toLocaleDateString(),
    k.last_used_at ? new Date(k.last_used_at).toLocaleString() : "never", k.revoked ? "revoked"
      : actionButton("Revoke", `revoke-key-${k.id}`, async () => {
        await api("DELETE", `/admin/users/${userId}/api-keys/${k.id}`);
        reload();
      }, box, SECONDARY)]);
  return h("div", { class: "card", id: "access-card" }, h("h2", {}, "Sessions"),
    sessionRows.length ? h("div", {}, table("sessions-table", ["Signed in", "Lasts until", ""], sessionRows),
      actionButton("Sign out everywhere", "revoke-all-sessions", async () => {
        await api("DELETE", `/admin/users/${userId}/sessions`);
        reload();
      }, box, SECONDARY)) : h("p", { class: "muted", id: "no-sessions" }, "Not signed in anywhere."),
    h("h2", {}, "API keys"),
    keyRows.length ? table("keys-table", ["Label", "Key", "Created", "Last used", ""], keyRows)
      : h("p", { class: "muted" }, "No API keys."), box);
}

const orderRow = (o: OrderInfo) => [h("a", { href: `/staff/orders/${o.id}` }, `#${o.id}`), o.service_name,
  String(o.quantity), money(o.charge), o.status, new Date(o.created_at).toLocaleString()];
const ledgerRow = (e: LedgerEntry) => [new Date(e.at).toLocaleString(),
  e.kind.replace(/_/g, " ") + (e.reason ? ` (${e.reason})` : ""), money(e.amount), money(e.balance_after)];

addPatternRoute(/^\/admin\/customers\/(u[0-9a-f]{16})$/, {
  title: "Customer",
  signedIn: true,
  adminOnly: true,
  async render() {
    const userId = routeId();
    const reload = () => navigate(`/admin/customers/${userId}`);
    const [detail, topUps, orders, tickets, sessions, keys] = await Promise.all([
      api<UserDetail>("GET", `/admin/users/${userId}`),
      api<TopUpPage>("GET", `/admin/users/${userId}/top-ups`),
      api<CustomerOrders>("GET", `/admin/users/${userId}/orders?limit=25`),
      api<StaffTicketList>("GET", `/staff/users/${userId}/tickets`),
      api<SessionList>("GET", `/admin/users/${userId}/sessions`),
      api<CustomerKeys>("GET", `/admin/users/${userId}/api-keys`)]);
    const user = detail.user;
    const box = errorLine();
    return h("section", {}, adminNav(), h("p", {}, h("a", { href: "/admin/customers" }, "← Customers")),
      h("h1", { class: "wrap-anywhere" }, user.username), h("p", { class: "wrap-anywhere" }, user.email),
      h("p", { class: "muted wrap-anywhere" }, `User id ${user.id} · joined ${new Date(user.created_at).toLocaleDateString()}`),
      h("p", {}, "Balance: ", h("strong", { id: "user-balance" }, money(detail.balance)), " · withdrawable: ",
        h("strong", { id: "user-withdrawable" }, money(detail.withdrawable))),
      staffLockCard(userId, detail.staff_lock, reload), box, ...balanceTools(userId, detail, box, reload),
      minorCard(userId, detail.balance), accessCard(userId, sessions, keys, reload), ratesCard(userId, detail, reload),
      h("h2", {}, "Orders"),
      orders.orders.length ? table("user-orders", ["Order", "Service", "Quantity", "Charge", "Status", "Placed"],
        orders.orders.map(orderRow)) : h("p", { class: "muted" }, "No orders."),
      loadMore("user-orders", "Show older orders", orders.next_cursor, async (cursor) => {
        const page = await api<CustomerOrders>("GET",
          `/admin/users/${userId}/orders?limit=25&cursor=${encodeURIComponent(cursor)}`);
        return { items: page.orders, next_cursor: page.next_cursor };
      }, orderRow) ?? "",
      h("h2", {}, "Tickets"),
      tickets.tickets.length ? table("user-tickets", ["Ticket", "Subject", "Status", "Updated"],
        tickets.tickets.map((t) => [h("a", { href: `/staff/tickets/${t.number}` }, t.display), t.subject, t.status,
          new Date(t.updated_at).toLocaleString()])) : h("p", { class: "muted" }, "No tickets."),
      h("h2", {}, "Top-ups"), topUpTable("user-topups", topUps, `/admin/users/${userId}/top-ups`),
      h("h2", {}, "Ledger"),
      table("user-ledger", ["Date", "Movement", "Amount", "Balance after"], detail.ledger.map(ledgerRow)),
      loadMore("user-ledger", "Show older movements", detail.ledger_next_cursor, async (cursor) => {
        const page = await api<UserDetail>("GET", `/admin/users/${userId}?cursor=${encodeURIComponent(cursor)}`);
        return { items: page.ledger, next_cursor: page.ledger_next_cursor };
      }, ledgerRow) ?? "");
  },
});
