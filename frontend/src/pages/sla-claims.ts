// SLA compensation claims: the claim form (the new-ticket page's claim mode), the claim's status
// and numbers on the customer's ticket, and the staff queue with the final decision.
import { api } from "../api";
import { errorLine, field, h, inputValue, onSubmit, table } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";
import { upload } from "./tickets";
import { money } from "../money";

import type { ClaimFiled, ClaimForm, ClaimQueue, ClaimView, StaffClaim } from "../api-types";

export const CLAIM_SUBJECT = "SLA Compensation Request";
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–");
const day = (iso: string) => new Date(iso).toUTCString().replace(/:\d\d GMT$/, " GMT");
const STATUS: Record<string, string> = {
  pending: "waiting for a decision", void: "void", approved: "approved", refused: "refused",
};

// A datetime-local value read as UTC (the form says so): "2026-11-03T10:05" -> "2026-11-03T10:05:00Z".
const asUtc = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}Z` : "");

function periodRow(index: number): HTMLElement {
  return h("div", { class: "filters period" },
    field(`Down from (UTC)`, h("input", { id: `p-start-${index}`, name: `start-${index}`, type: "datetime-local" })),
    field(`Up again (UTC)`, h("input", { id: `p-end-${index}`, name: `end-${index}`, type: "datetime-local" })));
}

addRoute("/tickets/claim", {
  title: "Claim SLA compensation",
  signedIn: true,
  async render() {
    const config = await api<ClaimForm>("GET", "/tickets/claims/form");
    const box = errorLine();
    const kind = h("select", { id: "c-kind", name: "kind" },
      h("option", { value: "downtime" }, "Downtime, with an independent monitor's logs"),
      h("option", { value: "tickets" }, "Tickets whose first response was late")) as HTMLSelectElement;
    const periods = h("div", { id: "c-periods" }, periodRow(0));
    let count = 1;
    const more = h("button", { type: "button", id: "c-add-period", class: "link" }, "Add another period");
    more.addEventListener("click", () => { periods.append(periodRow(count)); count += 1; });
    const downtime = h("fieldset", { id: "c-downtime" }, h("legend", {}, "Downtime"), periods, more,
      field("Independent monitor", h("input", { id: "c-monitor", name: "monitor", maxlength: "100",
        placeholder: "e.g. UptimeRobot" })),
      field("Monitor log", h("textarea", { id: "c-log", name: "monitor_log", rows: "5", maxlength: "8000" }),
        "Paste the monitor's log lines for these times, or attach its export below."),
      field("Log files", h("input", { id: "c-files", name: "files", type: "file", multiple: true })));
    const tickets = h("fieldset", { id: "c-tickets" }, h("legend", {}, "Late first responses"),
      field("Ticket numbers", h("input", { id: "c-ticket-numbers", name: "ticket_numbers", placeholder: "1234, 1240" }),
        "Your tickets whose first response was later than the SLA's target."));
    const showKind = () => {
      downtime.hidden = kind.value !== "downtime";
      tickets.hidden = kind.value !== "tickets";
    };
    kind.addEventListener("change", showKind);
    showKind();
    const window = h("p", { class: "hint", id: "c-window" }, config.open_now
      ? `Claims for ${config.month} can be filed until ${day(config.closes_at)}.`
      : `The filing window for ${config.month} closed at ${day(config.closes_at)}: a claim filed now is recorded `
        + "but void.");
    const form = h("form", { id: "claim-form", novalidate: true },
      field("Subject", h("input", { id: "c-subject", value: config.subject, readonly: true })),
      field("Month", h("select", { id: "c-month", name: "month" }, h("option", { value: config.month }, config.month)),
        "Only the month just ended can be claimed, within 24 hours after it ends."), window,
      field("Evidence", kind), downtime, tickets,
      field("Anything else", h("textarea", { id: "c-note", name: "note", rows: "3", maxlength: "4000" })),
      h("button", { type: "submit" }, "File the claim"), box) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const body: Record<string, unknown> = { month: inputValue(form, "month"), note: inputValue(form, "note") };
      if (kind.value === "downtime") {
        const found = [];
        for (let i = 0; i < count; i += 1) {
          const start = inputValue(form, `start-${i}`), end = inputValue(form, `end-${i}`);
          if (start || end) found.push({ start: asUtc(start), end: asUtc(end) });
        }
        const attachments = await upload((form.elements.namedItem("files") as HTMLInputElement).files);
        Object.assign(body, { periods: found, monitor: inputValue(form, "monitor"),
          monitor_log: inputValue(form, "monitor_log"), attachments: attachments.length ? attachments : null });
      } else {
        body.ticket_numbers = inputValue(form, "ticket_numbers").split(/[\s,]+/).filter(Boolean)
          .map((v) => v.replace(/^#/, "")).map((v) => (/^\d+$/.test(v) ? Number(v) : v));
      }
      const res = await api<ClaimFiled>("POST", "/tickets/claims", body);
      navigate(`/tickets/${res.ticket.number}`);
    });
    return h("div", { class: "card wide" }, h("h1", {}, "Claim SLA compensation"),
      h("p", {}, "The SLA's credits are paid to your balance as service credit: it pays for orders but is never "
        + "paid out. See ", h("a", { href: "/legal/sla" }, "the SLA"), "."), form);
  },
});

function numbers(view: ClaimView): HTMLElement {
  const rows: Array<[string, string]> = [];
  if (view.report) {
    rows.push(["Availability in the month", `${view.report.availability_percent}%`],
      ["Downtime minutes", String(view.report.downtime_minutes)]);
  }
  if (view.entitlement) {
    rows.push(["Availability credit", money(view.entitlement.availability)],
      ["First-response credit", money(view.entitlement.first_response)],
      ["Entitlement", money(view.entitlement.total)]);
  }
  return rows.length ? h("dl", { class: "numbers", id: "claim-numbers" }, ...rows.flatMap(([k, v]) => [h("dt", {}, k),
    h("dd", {}, v)])) : h("p", { class: "muted", id: "claim-numbers" }, "The month's report is not computed yet.");
}

// The claim's status and numbers on the customer's ticket page.
export async function claimSection(number: number): Promise<HTMLElement> {
  const view = await api<ClaimView>("GET", `/tickets/${number}/claim`);
  const c = view.claim;
  const credits = Object.entries(c.credits).map(([k, v]) => `${k.replace(/_/g, " ")} ${money(v)}`).join(", ");
  return h("div", { class: "card wide", id: "claim" }, h("h2", {}, `SLA claim for ${c.month}`),
    h("p", { id: "claim-status" }, h("strong", {}, STATUS[c.status] ?? c.status),
      c.reason ? ` · ${c.reason}` : "", c.status === "pending" ? ` · decision due by ${day(c.decision_deadline)}` : ""),
    credits ? h("p", { id: "claim-credits" }, `Paid to your balance as service credit: ${credits}.`) : null,
    numbers(view));
}

// --- staff ------------------------------------------------------------------------------------

addRoute("/staff/claims", {
  title: "SLA claims",
  signedIn: true,
  supportDesk: true,
  async render() {
    const { claims } = await api<ClaimQueue>("GET", "/staff/sla/claims");
    return h("section", {}, h("h1", {}, "SLA claims"),
      h("p", { class: "hint" }, "Decide within 14 business days of filing; overdue claims come first."),
      claims.length ? table("claims-table", ["Claim", "Month", "Status", "Filed", "Decide by", "Days left"],
        claims.map((e) => [
          h("a", { href: `/staff/claims/${e.claim.number}` }, `#${e.claim.number}`), e.claim.month,
          h("span", {}, STATUS[e.claim.status] ?? e.claim.status,
            e.overdue ? h("span", { class: "badge overdue" }, "overdue") : null),
          when(e.claim.filed_at), e.claim.status === "pending" ? day(e.claim.decision_deadline) : "–",
          e.claim.status === "pending" ? String(e.days_left) : "–"]))
        : h("p", { class: "muted", id: "claims-table" }, "No claims."));
  },
});

addIdRoute("/staff/claims", {
  title: "SLA claim",
  signedIn: true,
  supportDesk: true,
  async render() {
    const number = Number(routeId());
    const { entry, view } = await api<StaffClaim>("GET", `/staff/sla/claims/${number}`);
    const c = view.claim;
    const box = errorLine();
    const evidence = h("div", { id: "claim-evidence" },
      c.evidence.periods.length ? h("ul", {}, ...c.evidence.periods.map((p) => h("li", {}, `${day(p.start)} to ${day(p.end)}`)))
        : null,
      c.evidence.monitor ? h("p", {}, `Monitor: ${c.evidence.monitor} · ${c.evidence.log_files} file(s)`) : null,
      c.evidence.monitor_log ? h("pre", {}, c.evidence.monitor_log) : null,
      c.evidence.ticket_numbers.length ? h("p", {}, "Tickets: ", ...c.evidence.ticket_numbers.map((n) =>
        h("a", { href: `/staff/tickets/${n}` }, `#${n} `))) : null);
    const decide = async (body: Record<string, unknown>) => {
      await api("POST", `/staff/sla/claims/${number}/decision`, body);
      navigate(`/staff/claims/${number}`);
    };
    const forms: HTMLElement[] = [];
    if (c.status === "pending") {
      const approve = h("form", { id: "approve-form", novalidate: true },
        h("p", {}, "Approving pays the entitlement shown above for what the claim evidenced, as service credit."),
        h("button", { type: "submit" }, "Approve")) as HTMLFormElement;
      onSubmit(approve, box, () => decide({ decision: "approve" }));
      const refuse = h("form", { id: "refuse-form", novalidate: true },
        field("Reason (the customer reads it)", h("textarea", { id: "d-reason", name: "reason", rows: "3",
          maxlength: "500" })),
        h("button", { type: "submit" }, "Refuse")) as HTMLFormElement;
      onSubmit(refuse, box, () => decide({ decision: "refuse", reason: inputValue(refuse, "reason") }));
      forms.push(approve, refuse);
    }
    return h("section", {}, h("p", {}, h("a", { href: "/staff/claims" }, "← Claims")),
      h("h1", {}, `Claim #${c.number} · ${c.month}`),
      h("p", { id: "claim-status" }, h("strong", {}, STATUS[c.status] ?? c.status),
        entry.overdue ? h("span", { class: "badge overdue" }, "overdue") : null,
        c.reason ? ` · ${c.reason}` : "",
        c.status === "pending" ? ` · decide by ${day(c.decision_deadline)} (${entry.days_left} business days left)` : ""),
      h("p", {}, "Customer: ", h("a", { href: `/staff/tickets/${c.number}` }, "the claim's ticket"), ` · ${c.user_id}`),
      h("h2", {}, "Evidence"), evidence, h("h2", {}, "Our numbers"), numbers(view),
      Object.keys(c.credits).length ? h("p", { id: "claim-credits" }, "Paid: ", Object.entries(c.credits)
        .map(([k, v]) => `${k.replace(/_/g, " ")} ${money(v)}`).join(", ")) : null,
      ...forms, box);
  },
});
