// Admin console: users and balance adjustments, orders needing staff, payments, tasks, audit
// (providers and services: catalog-providers.ts, catalog-services.ts). Every call is authorised again by the API.
import { api } from "../api";
import { actionButton, errorLine, field, h, inputValue, loadMore, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";
import { topUpTable } from "./payments";
import { money } from "../money";
import type {
  AdminOrder, AuditPage, AuditRecord, MinorAnswer, OrdersNeedingStaff, PaymentsConfig, StaffTask, StaffTaskList,
  TopUpPage,
} from "../api-types";

export function adminNav(): HTMLElement {
  return h("nav", { class: "subnav" }, h("a", { href: "/admin/providers" }, "Providers"),
    h("a", { href: "/admin/services" }, "Services"), h("a", { href: "/admin/customers" }, "Customers"),
    h("a", { href: "/admin/orders" }, "Orders needing staff"), h("a", { href: "/admin/payments" }, "Payments"),
    h("a", { href: "/admin/tasks" }, "Tasks"), h("a", { href: "/admin/audit" }, "Audit log"),
    h("a", { href: "/admin/reports" }, "Reports"), h("a", { href: "/admin/staff" }, "Staff accounts"),
    h("a", { href: "/admin/alerts" }, "Alerts"), h("a", { href: "/admin/brand" }, "Brand"));
}

// "Flag as under 18" (P7): a reason, then a confirmation naming what cannot be undone.
export function minorCard(userId: string, balance: string): HTMLElement {
  const box = errorLine("minor-error");
  const result = h("div", { id: "minor-result", role: "status" });
  const reason = h("input", { id: "minor-reason", name: "reason", maxlength: "1000", autocomplete: "off" });
  const form = h("form", { id: "minor-form", novalidate: true },
    field("Why do you believe this customer is under 18?", reason,
      "Required; recorded in the audit log with your staff id. Do not write personal details."),
    h("button", { type: "submit", class: "danger" }, "Flag as under 18…")) as HTMLFormElement;
  const confirmBox = h("div", { id: "minor-confirm", class: "card", role: "alertdialog",
    "aria-labelledby": "minor-confirm-title" });
  confirmBox.hidden = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showError(box, "");
    if (!inputValue(form, "reason").trim()) {
      showError(box, "Write why you believe this customer is under 18.");
      return;
    }
    const yes = h("button", { type: "button", id: "minor-confirm-yes", class: "danger" },
      "Yes, close the account and erase its data") as HTMLButtonElement;
    const no = h("button", { type: "button", id: "minor-confirm-no", class: "secondary" }, "Cancel");
    confirmBox.replaceChildren(h("h3", { id: "minor-confirm-title" }, "Close this account as a minor's?"),
      h("ul", {},
        h("li", {}, "The account is closed at once: it is signed out everywhere and can no longer order."),
        h("li", {}, "Its e-mail, username, password, sign-in records, API keys, ticket text and attachments "
          + "are erased, and finished orders lose their links. This cannot be undone."),
        h("li", {}, `Its balance of ${money(balance)} stays; `
          + (Number(balance) > 0 ? "a task is opened to refund it." : "nothing is left to refund."))),
      yes, " ", no);
    confirmBox.hidden = false;
    no.addEventListener("click", () => { confirmBox.hidden = true; reason.focus(); });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      try {
        const res = await api<MinorAnswer>("POST", `/admin/users/${userId}/minor`,
          { reason: inputValue(form, "reason") });
        confirmBox.hidden = true;
        form.hidden = true;
        result.replaceChildren(h("p", { class: "notice" }, `Account ${res.user_id} is closed and its personal data `
          + "erased." + (res.orders_still_open ? ` ${res.orders_still_open} order(s) still running keep their `
          + "links until they end." : "")),
        res.refund_task ? h("p", {}, `A task was opened to refund ${money(res.balance)}: `,
          h("a", { href: "/admin/tasks", id: "minor-task-link" }, "see the tasks")) : "");
      } catch (err) {
        confirmBox.hidden = true;
        showError(box, (err as Error).message);
      } finally {
        yes.disabled = false;
      }
    });
    yes.focus();
  });
  return h("div", { class: "card", id: "minor-card" }, h("h3", {}, "Under 18"), form, confirmBox, box, result);
}

addRoute("/admin/orders", {
  title: "Orders needing staff",
  signedIn: true,
  adminOnly: true,
  async render() {
    const res = await api<OrdersNeedingStaff>("GET", "/admin/orders");
    const box = errorLine();
    const act = (order: AdminOrder, action: string, label: string, extra: () => Record<string, string> = () => ({})) =>
      actionButton(label, `${action}-${order.id}`, async () => {
        await api("POST", `/admin/orders/${order.id}/reconcile`, { action, ...extra() });
        navigate("/admin/orders");
      }, box);
    const reviewRows = res.needs_review.map((o) => {
      if (o.provider_order) {
        // The provider has it: staff enter what it did not deliver, and the undelivered share is refunded.
        const remains = h("input", { id: `remains-${o.id}`, type: "number", min: "0", inputmode: "numeric",
          placeholder: "remains (not delivered)", "aria-label": `Remains of order ${o.id}` }) as HTMLInputElement;
        return [`#${o.id}`, o.service_name, o.link, money(o.charge), o.review_reason ?? "", h("span", {}, remains,
          act(o, "settle", "Settle", () => ({ remains: remains.value })))];
      }
      const idInput = h("input", { id: `provider-order-${o.id}`, placeholder: "provider order id" }) as HTMLInputElement;
      return [`#${o.id}`, o.service_name, o.link, money(o.charge), o.review_reason ?? "", h("span", {}, idInput,
        act(o, "mark_sent", "Mark sent", () => ({ provider_order: idInput.value })),
        act(o, "cancel", "Cancel and refund"),
        ...((o.review_reason ?? "").startsWith("parked") ? [act(o, "retry", "Retry")] : []))];
    });
    const stuckRows = res.stuck.map((o) => [`#${o.id}`, o.service_name, o.link, o.upstream_status ?? o.status,
      `provider ${o.provider_id}, order ${o.provider_order ?? "–"}`]);
    return h("section", {}, adminNav(), h("h1", {}, "Orders needing staff"), box,
      h("h2", {}, "Waiting for review"),
      reviewRows.length ? table("review-table", ["Order", "Service", "Link", "Charge", "Why", ""], reviewRows)
        : h("p", { class: "muted" }, "Nothing to review."),
      h("h2", {}, "Stuck (no progress upstream)"),
      stuckRows.length ? table("stuck-table", ["Order", "Service", "Link", "Upstream status", "Where"], stuckRows)
        : h("p", { class: "muted" }, "No stuck orders."));
  },
});

addRoute("/admin/payments", {
  title: "Payments",
  signedIn: true,
  adminOnly: true,
  async render() {
    const month = new URLSearchParams(location.search).get("month") ?? new Date().toISOString().slice(0, 7);
    const [config, list] = await Promise.all([
      api<PaymentsConfig>("GET", "/payments/config"),
      api<TopUpPage>("GET", `/admin/top-ups?month=${encodeURIComponent(month)}`),
    ]);
    const box = errorLine();
    const tiers = h("textarea", { id: "tiers", name: "tiers", rows: "4" },
      config.bonus_tiers.map((t) => `${t.min_amount} ${t.percent}`).join("\n")) as HTMLTextAreaElement;
    const form = h("form", { id: "tiers-form", novalidate: true },
      field("Bonus tiers", tiers, "One per line: the amount from which it applies and the percent, e.g. \"100 5\"."),
      h("button", { type: "submit" }, "Save tiers")) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const parsed = tiers.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
        const [min_amount, percent] = line.split(/\s+/);
        return { min_amount: min_amount ?? "", percent: (percent ?? "").replace(/%$/, "") };
      });
      await api("PUT", "/admin/payments/bonus-tiers", { tiers: parsed });
      navigate("/admin/payments");
    });
    const monthForm = h("form", { class: "filters", id: "month-form" },
      h("input", { name: "month", type: "month", value: month, "aria-label": "Month" }),
      h("button", { type: "submit" }, "Show")) as HTMLFormElement;
    monthForm.addEventListener("submit", (event) => {
      event.preventDefault();
      navigate(`/admin/payments?month=${encodeURIComponent(inputValue(monthForm, "month"))}`);
    });
    return h("section", {}, adminNav(), h("h1", {}, "Payments"), h("div", { class: "card" }, form, box),
      h("h2", {}, `Top-ups in ${month}`), monthForm, topUpTable("month-topups", list, `/admin/top-ups?month=${encodeURIComponent(month)}`));
  },
});


function auditRow(r: AuditRecord): Array<Node | string> {
  const snapshot = (value: Record<string, unknown> | null) => h("code", {}, value ? JSON.stringify(value) : "—");
  return [r.at.replace("T", " ").slice(0, 19), r.actor, r.action, r.subject, snapshot(r.before), snapshot(r.after)];
}

// The staff audit log (read-only): a month's records newest first, or one subject's trail.
addRoute("/admin/audit", {
  title: "Audit log",
  signedIn: true,
  adminOnly: true,
  async render() {
    const params = new URLSearchParams(location.search);
    const subject = params.get("subject") ?? "";
    const month = params.get("month") ?? new Date().toISOString().slice(0, 7);
    const query = subject ? `subject=${encodeURIComponent(subject)}` : `month=${encodeURIComponent(month)}`;
    const page = await api<AuditPage>("GET", `/admin/audit?${query}`);
    const filters = h("form", { class: "filters", id: "audit-form" },
      h("input", { name: "month", type: "month", value: month, "aria-label": "Month" }),
      h("input", { name: "subject", placeholder: "or a subject, e.g. user:<id>", value: subject }),
      h("button", { type: "submit" }, "Show")) as HTMLFormElement;
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      const wanted = inputValue(filters, "subject");
      navigate(wanted ? `/admin/audit?subject=${encodeURIComponent(wanted)}`
        : `/admin/audit?month=${encodeURIComponent(inputValue(filters, "month"))}`);
    });
    const headers = ["When (UTC)", "Who", "Action", "Subject", "Before", "After"];
    return h("section", {}, adminNav(), h("h1", {}, "Audit log"), filters,
      h("h2", {}, subject ? `Trail of ${subject}` : `Staff actions in ${month}`),
      page.records.length ? table("audit-table", headers, page.records.map(auditRow))
        : h("p", { class: "muted" }, "No records."),
      loadMore("audit-table", "Show older", page.next_cursor, async (cursor) => {
        const next = await api<AuditPage>("GET", `/admin/audit?${query}&cursor=${encodeURIComponent(cursor)}`);
        return { items: next.records, next_cursor: next.next_cursor };
      }, auditRow));
  },
});

// Staff tasks: what the system asks staff to do by hand (refund a minor's balance), until
// someone resolves it with a note; the resolved ones below.
addRoute("/admin/tasks", {
  title: "Tasks",
  signedIn: true,
  adminOnly: true,
  async render() {
    const [open, resolved] = await Promise.all([api<StaffTaskList>("GET", "/admin/tasks?status=open"),
      api<StaffTaskList>("GET", "/admin/tasks?status=resolved")]);
    const box = errorLine();
    const openRow = (t: StaffTask): Array<Node | string> => {
      const note = h("input", { id: `note-${t.id}`, name: "note", maxlength: "1000",
        "aria-label": `What was done about task ${t.id}` }) as HTMLInputElement;
      const form = h("form", { class: "inline", id: `resolve-${t.id}`, novalidate: true }, note,
        h("button", { type: "submit" }, "Resolve")) as HTMLFormElement;
      onSubmit(form, box, async () => {
        await api("POST", `/admin/tasks/${encodeURIComponent(t.id)}/resolve`, { note: note.value });
        navigate("/admin/tasks");
      });
      return [t.created_at.replace("T", " ").slice(0, 16), t.text,
        t.withdrawable_now === null || t.withdrawable_now === undefined ? "–" : money(t.withdrawable_now), form];
    };
    const doneRow = (t: StaffTask): Array<Node | string> => [
      (t.resolved_at ?? "").replace("T", " ").slice(0, 16), t.text, t.note ?? "", t.resolved_by ?? ""];
    return h("section", {}, adminNav(), h("h1", {}, "Tasks"), box,
      h("h2", {}, "Open"),
      open.tasks.length ? table("tasks-table", ["Opened (UTC)", "Task", "Refundable now", "Resolve with a note"],
        open.tasks.map(openRow)) : h("p", { class: "muted", id: "no-open-tasks" }, "Nothing to do."),
      loadMore("tasks-table", "Show more", open.next_cursor, async (cursor) => {
        const next = await api<StaffTaskList>("GET", `/admin/tasks?status=open&cursor=${encodeURIComponent(cursor)}`);
        return { items: next.tasks, next_cursor: next.next_cursor };
      }, openRow) ?? "",
      h("h2", {}, "Resolved"),
      resolved.tasks.length ? table("resolved-tasks-table", ["Resolved (UTC)", "Task", "Note", "By"],
        resolved.tasks.map(doneRow)) : h("p", { class: "muted" }, "None yet."),
      loadMore("resolved-tasks-table", "Show older", resolved.next_cursor, async (cursor) => {
        const next = await api<StaffTaskList>("GET",
          `/admin/tasks?status=resolved&cursor=${encodeURIComponent(cursor)}`);
        return { items: next.tasks, next_cursor: next.next_cursor };
      }, doneRow) ?? "");
  },
});
