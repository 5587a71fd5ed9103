// Support tickets: customers open, follow, answer and close their own; support staff work a
// queue sorted by first-response deadline. Files go straight to storage with a presigned form.
import { api } from "../api";
import { errorLine, field, h, inputValue, loadMore, onSubmit, showError, table } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";
import { CLAIM_SUBJECT, claimSection } from "./sla-claims";
import { ticketOrdersSection } from "./ticket-orders";

import type {
  CannedReplies, DownloadAnswer, Message, StaffThread, StaffTicket, StaffTicketList, TicketAnswer, TicketConfig,
  TicketList, TicketThread, UploadAnswer,
} from "../api-types";

const STATUS_TEXT: Record<string, string> = {
  open: "open", awaiting_customer: "awaiting your reply", answered: "answered", closed: "closed",
};
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–");

// Browsers give no type for some text files (.log): name the type from the extension.
const TYPE_BY_EXTENSION: Record<string, string> = { log: "text/plain", txt: "text/plain", pdf: "application/pdf" };
const typeOf = (file: File) => file.type || TYPE_BY_EXTENSION[file.name.split(".").pop()?.toLowerCase() ?? ""] || "";

// Customers upload to their own prefix; staff to the ticket they answer (`formPath`).
export async function upload(files: FileList | null, formPath = "/tickets/attachments"): Promise<string[]> {
  const keys: string[] = [];
  for (const file of Array.from(files ?? [])) {
    const { attachment } = await api<UploadAnswer>(
      "POST", formPath, { filename: file.name, content_type: typeOf(file),
        size: file.size });
    const form = new FormData();
    for (const [name, value] of Object.entries(attachment.upload.fields)) form.append(name, value);
    form.append("file", file);
    const response = await fetch(attachment.upload.url, { method: "POST", body: form }).catch(() => null);
    if (!response || !response.ok) throw new Error(`${file.name} could not be uploaded. Try again.`);
    keys.push(attachment.key);
  }
  return keys;
}

function messageList(number: number, messages: Message[], staff: boolean): HTMLElement {
  return h("ol", { class: "messages", id: "messages" }, ...messages.map((m) => h("li",
    { class: `message ${m.author}${m.internal ? " internal" : ""}` },
    h("div", { class: "muted" }, `${m.internal ? "Internal note · " : ""}${m.author === "system" ? "Automatic reply"
      : m.author === "staff" ? "Support" : "You"} · ${when(m.at)}`),
    h("p", { class: "body" }, m.body),
    ...m.attachments.map((a) => {
      const link = h("button", { type: "button", class: "link" }, `📎 ${a.filename}`);
      link.addEventListener("click", async () => {
        const path = staff ? `/staff/tickets/${number}/attachments/${a.id}` : `/tickets/${number}/attachments/${a.id}`;
        const res = await api<DownloadAnswer>("GET", path);
        window.open(res.attachment.url, "_blank", "noopener");
      });
      return link;
    }))));
}

addRoute("/tickets", {
  title: "Support",
  signedIn: true,
  async render() {
    const { tickets } = await api<TicketList>("GET", "/tickets");
    return h("section", {}, h("h1", {}, "Support"), h("p", {}, h("a", { href: "/tickets/new", class: "button" },
      "Open a ticket"), " ", h("a", { href: "/tickets/claim", id: "claim-link" }, "Claim SLA compensation")),
    tickets.length ? table("tickets-table", ["Ticket", "Subject", "Category", "Status", "Updated"], tickets.map((t) => [
      h("a", { href: `/tickets/${t.number}` }, t.display), t.subject, t.category_label, STATUS_TEXT[t.status] ?? t.status,
      when(t.updated_at)])) : h("p", { class: "muted", id: "tickets-table" }, "No tickets yet."));
  },
});

addRoute("/tickets/new", {
  title: "Open a ticket",
  signedIn: true,
  async render() {
    const config = await api<TicketConfig>("GET", "/tickets/config");
    const box = errorLine();
    const needs = h("p", { class: "hint", id: "category-needs" });
    const category = h("select", { id: "t-category", name: "category" },
      ...config.categories.map((c) => h("option", { value: c.id }, c.label))) as HTMLSelectElement;
    const showNeeds = () => {
      const chosen = config.categories.find((c) => c.id === category.value);
      needs.textContent = chosen ? `Please include ${chosen.needs}.` : "";
    };
    // A privacy request says what it asks for; its statutory deadline is tracked in the register.
    const requestType = h("select", { id: "t-request-type", name: "request_type" },
      ...config.privacy_request_types.map((t) => h("option", { value: t.id }, t.label))) as HTMLSelectElement;
    const requestTypeField = field("Type of privacy request", requestType,
      "We answer privacy requests within one calendar month.");
    const showRequestType = () => { requestTypeField.hidden = category.value !== "privacy_request"; };
    category.addEventListener("change", showNeeds);
    category.addEventListener("change", showRequestType);
    showNeeds();
    showRequestType();
    const form = h("form", { id: "ticket-form", novalidate: true },
      field("Subject", h("input", { id: "t-subject", name: "subject", maxlength: "200" })),
      field("Category", category), needs, requestTypeField,
      field("Order ids", h("input", { id: "t-orders", name: "order_ids", placeholder: "1234, 1235" }),
        "For orders, refills and cancels."),
      field("Top-up number", h("input", { id: "t-topup", name: "top_up_id", inputmode: "numeric" }),
        "For a balance top-up problem (see Add funds)."),
      field("Message", h("textarea", { id: "t-message", name: "message", rows: "6" })),
      field("Attachments", h("input", { id: "t-files", name: "files", type: "file", multiple: true,
        accept: config.attachment_content_types.join(",") }),
      `Screenshots, text or PDF, up to ${Math.floor(config.attachment_max_bytes / 1048576)} MB each.`),
      h("button", { type: "submit" }, "Send"), box) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const ids = inputValue(form, "order_ids").split(/[\s,]+/).filter(Boolean).map((v) => (/^\d+$/.test(v) ? Number(v) : v));
      const topUp = inputValue(form, "top_up_id").trim();
      const attachments = await upload((form.elements.namedItem("files") as HTMLInputElement).files);
      const res = await api<TicketAnswer>("POST", "/tickets", {
        subject: inputValue(form, "subject"), category: category.value, message: inputValue(form, "message"),
        order_ids: ids.length ? ids : null, top_up_id: topUp ? (/^\d+$/.test(topUp) ? Number(topUp) : topUp) : null,
        attachments: attachments.length ? attachments : null,
        ...(category.value === "privacy_request" ? { request_type: requestType.value } : {}) });
      navigate(`/tickets/${res.ticket.number}`);
    });
    return h("div", { class: "card wide" }, h("h1", {}, "Open a ticket"),
      h("p", {}, "Claiming SLA compensation? ", h("a", { href: "/tickets/claim", id: "claim-mode" },
        "Use the claim form"), ": it asks for the month and the evidence a claim needs."), form);
  },
});

addIdRoute("/tickets", {
  title: "Ticket",
  signedIn: true,
  async render() {
    const number = Number(routeId());
    const { ticket, messages } = await api<TicketThread>("GET", `/tickets/${number}`);
    const box = errorLine();
    const section = h("section", {}, h("h1", {}, `${ticket.display} · `, ticket.subject),
      h("p", { class: "muted", id: "ticket-status" }, `${ticket.category_label} · ${STATUS_TEXT[ticket.status]}`
        + (ticket.merged_into ? ` · merged into #${ticket.merged_into}` : "")),
      messageList(number, messages, false), box);
    if (ticket.subject === CLAIM_SUBJECT) section.insertBefore(await claimSection(number), section.children[2]);
    if (ticket.status !== "closed") {
      const form = h("form", { id: "reply-form", novalidate: true },
        field("Your reply", h("textarea", { id: "r-message", name: "message", rows: "4" })),
        field("Attachments", h("input", { id: "r-files", name: "files", type: "file", multiple: true })),
        h("button", { type: "submit" }, "Reply")) as HTMLFormElement;
      onSubmit(form, box, async () => {
        const attachments = await upload((form.elements.namedItem("files") as HTMLInputElement).files);
        await api("POST", `/tickets/${number}/replies`, { message: inputValue(form, "message"),
          attachments: attachments.length ? attachments : null });
        navigate(`/tickets/${number}`);
      });
      const close = h("button", { type: "button", id: "close-ticket" }, "Close ticket");
      close.addEventListener("click", async () => {
        try {
          await api("POST", `/tickets/${number}/close`);
          navigate(`/tickets/${number}`);
        } catch (err) { showError(box, (err as Error).message); }
      });
      section.append(form, close);
    }
    return section;
  },
});

// --- staff console ----------------------------------------------------------------------------

addRoute("/staff/tickets", {
  title: "Support desk",
  signedIn: true,
  supportDesk: true,
  async render(user) {
    const params = new URLSearchParams(location.search);
    const { tickets, next_cursor } = await api<StaffTicketList>("GET", `/staff/tickets?${params.toString()}`);
    const select = (name: string, options: string[]) => h("select", { name, id: `f-${name}`, "aria-label": `Filter by ${name}` },
      h("option", { value: "" }, `any ${name}`), ...options.map((o) => h("option",
        { value: o, selected: params.get(name) === o }, o.replace(/_/g, " "))));
    const filters = h("form", { class: "filters", id: "queue-filters" },
      select("status", ["open", "awaiting_customer", "answered", "closed"]), select("priority", ["high", "standard"]),
      select("category", ["orders", "balance_top_up", "api", "refill", "cancel", "privacy_request", "other"]),
      select("breached", ["true", "false"]), select("assigned", ["me", "none"]),
      h("button", { type: "submit" }, "Filter")) as HTMLFormElement;
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = new URLSearchParams();
      for (const name of ["status", "priority", "category", "breached", "assigned"]) {
        const value = inputValue(filters, name);
        if (value) chosen.set(name, value);
      }
      navigate(`/staff/tickets?${chosen.toString()}`);
    });
    const queueRow = (t: StaffTicket) => [h("a", { href: `/staff/tickets/${t.number}` }, t.display), t.subject,
      t.category_label, t.priority, t.status.replace(/_/g, " "),
      t.first_response_at ? `answered ${when(t.first_response_at)}` : when(t.deadline),
      t.breached ? "BREACHED" : t.clock_blockers.length ? `not started: ${t.clock_blockers.join("; ")}`
        : t.paused ? "paused" : "running", t.assigned_to ?? "–"];
    // Closed tickets come a page at a time, the most recently closed first.
    const older = loadMore("queue-table", "Show older", next_cursor, async (cursor) => {
      const next = await api<StaffTicketList>("GET",
        `/staff/tickets?${params.toString()}&cursor=${encodeURIComponent(cursor)}`);
      return { items: next.tickets, next_cursor: next.next_cursor };
    }, queueRow);
    return h("section", {}, h("h1", {}, "Support desk"),
      user?.role === "admin" ? h("p", {}, h("a", { href: "/staff/canned-replies", id: "edit-canned" },
        "Edit canned replies")) : null,
      filters,
      tickets.length ? table("queue-table", ["Ticket", "Subject", "Category", "Priority", "Status", "First response due",
        "Clock", "Assigned"], tickets.map(queueRow))
        : h("p", { class: "muted", id: "queue-table" }, "No tickets match."), older);
  },
});

function staffButton(label: string, id: string, box: HTMLElement, action: () => Promise<void>): HTMLElement {
  const el = h("button", { type: "button", id }, label) as HTMLButtonElement;
  el.addEventListener("click", async () => {
    el.disabled = true;
    showError(box, "");
    try { await action(); } catch (err) { showError(box, (err as Error).message); } finally { el.disabled = false; }
  });
  return el;
}

addIdRoute("/staff/tickets", {
  title: "Ticket",
  signedIn: true,
  supportDesk: true,
  async render(user) {
    const number = Number(routeId());
    const [thread, canned, orders] = await Promise.all([
      api<StaffThread>("GET", `/staff/tickets/${number}`),
      api<CannedReplies>("GET", "/staff/canned-replies"),
      ticketOrdersSection(number, user?.role === "admin")]);
    const t = thread.ticket;
    const box = errorLine();
    const reload = () => navigate(`/staff/tickets/${number}`);
    const post = (path: string, body: unknown) => api("POST", `/staff/tickets/${number}/${path}`, body);
    const sla = table("sla-table", ["", ""], [
      ["Customer", thread.username ?? "–"], ["Priority", t.priority], ["Status", t.status.replace(/_/g, " ")],
      ["Clock started", t.clock_started_at ? when(t.clock_started_at) : `not started: ${t.clock_blockers.join("; ")}`],
      ["First response due", when(t.deadline)], ["First response", t.first_response_at
        ? `${when(t.first_response_at)} (${t.first_response_by})` : "–"],
      ["Breached", t.breached ? "yes" : "no"], ["Paused", t.paused ? "yes (awaiting customer)" : "no"],
      ["Orders", t.order_ids.join(", ") || "–"], ["Top-up", t.top_up_id ? `#${t.top_up_id}` : "–"],
      ["Assigned", t.assigned_to ?? "–"]]);
    const reply = h("textarea", { id: "s-reply", name: "message", rows: "5" }) as HTMLTextAreaElement;
    const cannedSelect = h("select", { id: "s-canned", "aria-label": "Canned reply" }, h("option", { value: "" }, "Canned reply…"),
      ...canned.canned_replies.map((c) => h("option", { value: c.id }, c.title))) as HTMLSelectElement;
    cannedSelect.addEventListener("change", () => {
      const chosen = canned.canned_replies.find((c) => c.id === cannedSelect.value);
      if (chosen) reply.value = chosen.text.replace("{number}", t.display);
    });
    const files = h("input", { id: "s-files", name: "files", type: "file", multiple: true }) as HTMLInputElement;
    const replyForm = h("form", { id: "staff-reply-form", novalidate: true },
      field("Canned reply", cannedSelect), field("Reply", reply),
      field("Attachments", files, "Screenshots, text or PDF; the customer can download them."),
      field("Then set status", h("select", { id: "s-after", name: "status" },
        h("option", { value: "answered" }, "answered"), h("option", { value: "awaiting_customer" },
          "awaiting customer (pauses the clock)"), h("option", { value: "closed" }, "closed"))),
      h("button", { type: "submit" }, "Send reply")) as HTMLFormElement;
    onSubmit(replyForm, box, async () => {
      const attachments = await upload(files.files, `/staff/tickets/${number}/attachments`);
      await post("replies", { message: reply.value, status: inputValue(replyForm, "status"),
        attachments: attachments.length ? attachments : null });
      reload();
    });
    // A closed ticket reads like any other; answering it means reopening it first.
    const closed = t.status === "closed";
    const answer = closed ? h("p", { class: "muted", id: "closed-note" }, "This ticket is closed."
      + (t.merged_into ? ` It was merged into #${t.merged_into}.` : " Reopen it to answer."))
      : h("div", { class: "card wide" }, replyForm);
    const noteForm = h("form", { id: "note-form", novalidate: true },
      field("Internal note (staff only)", h("textarea", { id: "s-note", name: "message", rows: "2" })),
      h("button", { type: "submit" }, "Add note")) as HTMLFormElement;
    onSubmit(noteForm, box, async () => { await post("notes", { message: inputValue(noteForm, "message") }); reload(); });
    const classify = h("form", { id: "classify-form", class: "filters", novalidate: true },
      h("select", { name: "category", id: "c-category", "aria-label": "Category" }, ...["orders", "balance_top_up", "api", "refill", "cancel",
        "privacy_request", "other"].map((c) => h("option", { value: c, selected: c === t.category }, c.replace(/_/g, " ")))),
      h("select", { name: "priority", id: "c-priority", "aria-label": "Priority" }, ...["high", "standard"].map((p) => h("option",
        { value: p, selected: p === t.priority }, p))),
      h("input", { name: "reason", id: "c-reason", placeholder: "reason", "aria-label": "Reason for the change" }),
      h("button", { type: "submit" }, "Reclassify")) as HTMLFormElement;
    onSubmit(classify, box, async () => {
      await post("classify", { category: inputValue(classify, "category"), priority: inputValue(classify, "priority"),
        reason: inputValue(classify, "reason"), version: t.version });
      reload();
    });
    const merge = h("form", { id: "merge-form", class: "filters", novalidate: true },
      h("input", { name: "into", id: "m-into", placeholder: "original ticket number" }),
      h("button", { type: "submit" }, "Merge into")) as HTMLFormElement;
    onSubmit(merge, box, async () => {
      await post("merge", { into: Number(inputValue(merge, "into").replace(/^#/, "")) });
      reload();
    });
    const history = t.history.length ? table("history-table", ["When", "Change", "By", "Reason"], t.history.map((c) =>
      [when(c.at), `${c.field}: ${c.from ?? "–"} → ${c.to ?? "–"}`, c.by, c.reason ?? ""])) : "";
    return h("section", {}, h("p", {}, h("a", { href: "/staff/tickets" }, "← Queue")),
      h("h1", {}, `${t.display} · `, t.subject), sla,
      h("div", { class: "filters" },
        staffButton("Assign to me", "assign-me", box, async () => { await post("assign", { assignee: "me" }); reload(); }),
        closed ? (t.merged_into ? null : staffButton("Reopen", "staff-reopen", box, async () => {
          await post("status", { status: "open" }); reload();
        })) : staffButton("Close", "staff-close", box, async () => { await post("status", { status: "closed" }); reload(); })),
      orders, messageList(number, thread.messages, true), box, answer, noteForm,
      h("h2", {}, "Classification"), classify, merge, h("h2", {}, "Changes"), history);
  },
});
