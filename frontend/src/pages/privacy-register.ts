// The privacy request register (support staff and admins): data-subject requests tracked to their
// statutory deadline. The list shows open requests soonest deadline first (overdue, then due soon),
// each with its deadline and the days left; a request's page has a form for every action.
import { api } from "../api";
import { errorLine, field, h, inputValue, loadMore, onSubmit, showError, table } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";

import type { PrivacyRequest, PrivacyRequestAnswer, PrivacyRequestDetail, PrivacyRequestList } from "../api-types";

const BASE = "/admin/privacy-requests";
const VIEWS: Array<[string, string]> = [["open", "Open (soonest deadline first)"], ["due_soon", "Due within 7 days"],
  ["overdue", "Overdue"], ["all", "All, newest first"]];
const CHANNELS: Array<[string, string]> = [["email", "E-mail"], ["post", "Post"], ["phone", "Phone"],
  ["ticket", "Ticket of another category"]];
const words = (value: string) => value.replace(/_/g, " ");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC" });
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–");

function daysLeft(r: PrivacyRequest): HTMLElement {
  if (r.standing === "closed") return h("span", { class: "muted" }, words(r.status));
  const text = r.days_left < 0 ? `Overdue by ${-r.days_left} day${r.days_left === -1 ? "" : "s"}`
    : r.days_left === 0 ? "Due today" : `${r.days_left} day${r.days_left === 1 ? "" : "s"} left`;
  return h("span", { class: `standing ${r.standing}` }, text);
}

function row(r: PrivacyRequest): Array<Node | string> {
  return [h("a", { href: `/staff/privacy-requests/${r.number}` }, r.id), r.type_label, day(r.deadline), daysLeft(r),
    words(r.status), r.summary.length > 80 ? `${r.summary.slice(0, 80)}…` : r.summary, words(r.channel),
    day(r.received_at.slice(0, 10)), r.assigned_to ?? "–"];
}

function choices(id: string, name: string, options: Array<[string, string]>, chosen = ""): HTMLSelectElement {
  return h("select", { id, name }, ...options.map(([value, label]) =>
    h("option", { value, selected: value === chosen }, label))) as HTMLSelectElement;
}

function logForm(list: PrivacyRequestList): HTMLElement {
  const box = errorLine("log-error");
  const form = h("form", { id: "log-form", novalidate: true },
    field("Type", choices("l-type", "request_type", list.request_types.map((t) => [t.id, t.label]))),
    field("Arrived by", choices("l-channel", "channel", CHANNELS)),
    field("Received on", h("input", { id: "l-received", name: "received_on", type: "date", value: list.today,
      max: list.today }), "The deadline runs from this day."),
    field("What is asked", h("textarea", { id: "l-summary", name: "summary", rows: "3" })),
    field("Requester's e-mail", h("input", { id: "l-contact", name: "requester_email", type: "email" }),
      "To answer them, if not through their account. No postal address or phone number is stored: a letter "
      + "or call is answered from the letter or call itself."),
    field("Account id", h("input", { id: "l-account", name: "account_id" }), "If the requester has an account."),
    field("Ticket number", h("input", { id: "l-ticket", name: "ticket_number", inputmode: "numeric" }),
      "Only for a request made in a ticket of another category."),
    h("button", { type: "submit" }, "Register request"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const optional = (name: string) => inputValue(form, name).trim() || null;
    const ticket = optional("ticket_number");
    const res = await api<PrivacyRequestAnswer>("POST", BASE, {
      request_type: inputValue(form, "request_type"), channel: inputValue(form, "channel"),
      received_on: inputValue(form, "received_on"), summary: inputValue(form, "summary"),
      requester_email: optional("requester_email"), account_id: optional("account_id"),
      ticket_number: ticket === null ? null : /^\d+$/.test(ticket.replace(/^#/, "")) ? Number(ticket.replace(/^#/, ""))
        : ticket });
    navigate(`/staff/privacy-requests/${res.request.number}`);
  });
  return h("details", { class: "card wide", id: "log-request" }, h("summary", {}, "Register a request received by "
    + "e-mail, post or phone"), form);
}

addRoute("/staff/privacy-requests", {
  title: "Privacy requests",
  signedIn: true,
  supportDesk: true,
  async render() {
    const params = new URLSearchParams(location.search);
    const view = params.get("view") ?? "open";
    const list = await api<PrivacyRequestList>("GET", `${BASE}?view=${encodeURIComponent(view)}`);
    const filters = h("form", { class: "filters", id: "register-filters" },
      h("label", { for: "pr-view" }, "Show"), choices("pr-view", "view", VIEWS, view),
      h("button", { type: "submit" }, "Show")) as HTMLFormElement;
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      navigate(`/staff/privacy-requests?view=${inputValue(filters, "view")}`);
    });
    const overdue = list.requests.filter((r) => r.standing === "overdue").length;
    const dueSoon = list.requests.filter((r) => r.standing === "due_soon").length;
    const headers = ["Request", "Type", "Deadline", "Days left", "Status", "Asked", "Channel", "Received", "Assigned"];
    const body = list.requests.length
      ? h("div", { class: "scroll" }, table("pr-table", headers, list.requests.map(row)))
      : h("p", { class: "muted", id: "pr-table" }, "No requests to show.");
    return h("section", {}, h("h1", {}, "Privacy requests"),
      h("p", { class: "muted", id: "pr-summary", role: "status" }, `Today ${day(list.today)} (UTC). `
        + (view === "open" || view === "all" ? `${overdue} overdue and ${dueSoon} due within 7 days on this page.` : "")),
      filters, body,
      loadMore("pr-table", "Show more", list.next_cursor, async (cursor) => {
        const next = await api<PrivacyRequestList>("GET",
          `${BASE}?view=${encodeURIComponent(view)}&cursor=${encodeURIComponent(cursor)}`);
        return { items: next.requests, next_cursor: next.next_cursor };
      }, row),
      logForm(list));
  },
});

function facts(r: PrivacyRequestDetail): HTMLElement {
  const deadline = r.extension_months
    ? `${day(r.deadline)} (extended by ${r.extension_months} month${r.extension_months > 1 ? "s" : ""} from `
      + `${day(r.original_deadline)}: ${r.extension_reason ?? ""})` : day(r.deadline);
  const rows: Array<[string, Node | string]> = [
    ["Status", words(r.status)], ["Deadline", deadline], ["Days left", daysLeft(r)],
    ["Received", `${when(r.received_at)} by ${words(r.channel)}`], ["Asked", r.summary],
    ["Account", r.account_id ?? "–"], ["E-mail", r.requester_email ?? "–"],
    ["Ticket", r.ticket_number ? h("a", { href: `/staff/tickets/${r.ticket_number}` }, `#${r.ticket_number}`) : "–"],
    ["Identity", `${words(r.identity)}${r.identity_note ? `: ${r.identity_note}` : ""}`],
    ["Assigned", r.assigned_to ?? "–"], ["Outcome", r.outcome ?? "–"],
    ["Decided", r.decided_at ? `${when(r.decided_at)} by ${r.decided_by}` : "–"], ["Registered by", r.created_by]];
  return table("pr-facts", ["", ""], rows.map(([name, value]) => [name, value]));
}

addIdRoute("/staff/privacy-requests", {
  title: "Privacy request",
  signedIn: true,
  supportDesk: true,
  async render(user) {
    const number = Number(routeId());
    const { request: r } = await api<PrivacyRequestAnswer>("GET", `${BASE}/${number}`);
    const reload = () => navigate(`/staff/privacy-requests/${number}`);
    const change = async (path: string, body: Record<string, unknown>) => {
      await api<PrivacyRequestAnswer>("POST", `${BASE}/${number}/${path}`, { version: r.version, ...body });
      reload();
    };
    const section = h("section", {}, h("p", {}, h("a", { href: "/staff/privacy-requests" }, "← Register")),
      h("h1", {}, `${r.id} · ${r.type_label}`), facts(r));
    if (r.standing !== "closed") {
      const identityBox = errorLine("identity-error");
      const identityForm = h("form", { id: "identity-form", novalidate: true },
        field("Identity check", choices("i-check", "identity", [["verified", "Verified"], ["failed", "Failed"],
          ["not_checked", "Not checked"]], r.identity === "not_checked" ? "verified" : r.identity)),
        field("How it was verified, or why it failed", h("input", { id: "i-note", name: "note" })),
        h("button", { type: "submit" }, "Record identity check"), identityBox) as HTMLFormElement;
      onSubmit(identityForm, identityBox, () => change("identity",
        { identity: inputValue(identityForm, "identity"), note: inputValue(identityForm, "note") || null }));

      const extensionBox = errorLine("extension-error");
      const extensionForm = h("form", { id: "extension-form", novalidate: true },
        field("Extend by", choices("e-months", "months", [["1", "1 month"], ["2", "2 months"]]),
          "Once only, before the original deadline passes; counted from receipt."),
        field("Reason", h("input", { id: "e-reason", name: "reason" }), "Required: why the request needs more time."),
        h("button", { type: "submit", disabled: r.extension_months > 0 }, "Extend deadline"),
        extensionBox) as HTMLFormElement;
      onSubmit(extensionForm, extensionBox, () => change("extension",
        { months: Number(inputValue(extensionForm, "months")), reason: inputValue(extensionForm, "reason") || null }));

      const statusBox = errorLine("status-error");
      const statusForm = h("form", { id: "status-form", novalidate: true },
        field("New status", choices("s-status", "status", [["in_progress", "In progress"],
          ["awaiting_identity", "Awaiting identity"], ["completed", "Completed"], ["refused", "Refused"]])),
        field("Outcome", h("textarea", { id: "s-outcome", name: "outcome", rows: "3" }),
          "Required to complete or refuse: what was done, or why it is refused, as the requester was told."),
        h("button", { type: "submit" }, "Change status"), statusBox) as HTMLFormElement;
      onSubmit(statusForm, statusBox, () => change("status",
        { status: inputValue(statusForm, "status"), outcome: inputValue(statusForm, "outcome") || null }));

      const assignBox = errorLine("assign-error");
      const assignForm = h("form", { id: "assign-form", class: "filters", novalidate: true },
        h("label", { for: "a-staff" }, "Assign to staff id"),
        h("input", { id: "a-staff", name: "assigned_to", value: r.assigned_to ?? "" }),
        h("button", { type: "submit" }, "Assign")) as HTMLFormElement;
      const mine = h("button", { type: "button", id: "assign-me", class: "secondary" }, "Assign to me");
      mine.addEventListener("click", () => {
        showError(assignBox, "");
        change("assignee", { assigned_to: user?.id ?? null }).catch((err: Error) => showError(assignBox, err.message));
      });
      onSubmit(assignForm, assignBox, () => change("assignee",
        { assigned_to: inputValue(assignForm, "assigned_to").trim() || null }));
      section.append(
        h("div", { class: "card wide" }, h("h2", {}, "Identity"), identityForm),
        h("div", { class: "card wide" }, h("h2", {}, "Deadline"), extensionForm),
        h("div", { class: "card wide" }, h("h2", {}, "Status"), statusForm),
        h("div", { class: "card wide" }, h("h2", {}, "Assignment"), assignForm, mine, assignBox));
    }
    section.append(h("h2", {}, "History"), h("div", { class: "scroll" }, table("history-table",
      ["When", "Change", "By", "Reason"], r.history.map((c) =>
        [when(c.at), `${c.field}: ${c.from ?? "–"} → ${c.to ?? "–"}`, c.by, c.reason ?? ""]))));
    return section;
  },
});
