// The legal team's console (role `legal` only): the register of law-enforcement requests, the intake
// form that mirrors the guidelines' Section 3 checklist, and a request's page with the rules' verdict
// and reasons, the decision, the user's notice and the history. Accounts are found by the e-mail in
// the checklist only: there is no search by name, IP address, username or order link anywhere.
import { api } from "../api";
import { errorLine, field, h, inputValue, loadMore, onSubmit, table } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";

import type {
  LegalRequestAnswer, LegalRequestDetail, LegalRequestList, LegalRequestOut, LegalUploadForm, TransparencyReport,
  VoluntaryList, VoluntaryOut,
} from "../api-types";

const BASE = "/legal/requests";
const words = (value: string) => value.replace(/_/g, " ");
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "–");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC" });
const today = () => new Date().toISOString().slice(0, 10);

const CHANNELS: Array<[string, string]> = [["legal_mailbox", "The legal address"], ["phone", "Phone (emergency only)"],
  ["support", "Customer support"], ["other", "Another channel"]];
const KINDS: Array<[string, string]> = [["disclosure", "Disclosure"], ["preservation", "Preservation"],
  ["emergency", "Emergency"]];
const IDENTIFIERS: Array<[string, string]> = [["email", "E-mail address"], ["name", "Name"], ["ip", "IP address"],
  ["username", "Username"], ["order_link", "Order link"]];
const CATEGORIES: Array<[string, string]> = [["basic_subscriber", "E-mail and account creation time"],
  ["login_ips", "Login IP addresses"], ["top_ups", "Top-up history"], ["orders", "Order history"],
  ["all", "“All information” (too broad)"]];
const PATHWAYS: Array<[string, string]> = [["", "None stated (a direct request)"],
  ["uk_court_order", "UK court order"], ["uk_warrant", "UK warrant"], ["mlat", "MLAT"],
  ["letters_rogatory", "Letters rogatory"], ["cloud_act", "US CLOUD Act / 18 U.S.C. 2703"],
  ["uk_court_recognition", "Recognised by a UK court"], ["dual_criminality", "Dual criminality"],
  ["direct", "Direct request"]];
const YES_NO: Array<[string, string]> = [["", "Not known"], ["true", "Yes"], ["false", "No"]];
const VOLUNTARY: Array<[string, string]> = [["csam", "CSAM"], ["terrorism", "Terrorism"],
  ["other_serious_harm", "Other serious harm"]];

function choices(id: string, name: string, options: Array<[string, string]>, chosen = ""): HTMLSelectElement {
  return h("select", { id, name }, ...options.map(([value, label]) =>
    h("option", { value, selected: value === chosen }, label))) as HTMLSelectElement;
}

function input(id: string, name: string, attrs: Record<string, string> = {}): HTMLElement {
  return h("input", { id, name, ...attrs });
}

function check(id: string, name: string, label: string): HTMLElement {
  return h("div", { class: "check" }, h("input", { id, name, type: "checkbox" }), h("label", { for: id }, label));
}

function checked(form: HTMLFormElement, name: string): boolean {
  return (form.elements.namedItem(name) as HTMLInputElement).checked;
}

function row(r: LegalRequestOut): Array<Node | string> {
  return [h("a", { href: `/staff/legal/${r.number}` }, r.id), when(r.received_at), words(r.kind),
    r.authority ?? "–", r.country ?? "–", words(r.verdict.decision), words(r.status), words(r.notice),
    r.follow_up_due ? day(r.follow_up_due) : "–"];
}

// --- intake ---------------------------------------------------------------------------------------

async function uploadPdf(file: File | undefined): Promise<string | null> {
  if (!file) return null;
  const form = await api<LegalUploadForm>("POST", "/legal/uploads", { filename: file.name, size: file.size });
  const body = new FormData();
  for (const [name, value] of Object.entries(form.upload.fields as Record<string, string>)) body.append(name, value);
  body.append("file", file);
  const sent = await fetch(String(form.upload.url), { method: "POST", body }).catch(() => null);
  if (!sent || !sent.ok) throw new Error(`${file.name} could not be uploaded. Try again.`);
  return form.key;
}

function checklistFields(): HTMLElement[] {
  return [
    field("Arrived by", choices("c-channel", "channel", CHANNELS)),
    field("Kind", choices("c-kind", "kind", KINDS)),
    h("fieldset", {}, h("legend", {}, "The document"),
      check("c-pdf", "pdf", "It is a PDF"), check("c-letterhead", "letterhead", "On the authority's letterhead"),
      check("c-signed", "signed", "Signed by an authorised official"),
      field("The PDF", h("input", { id: "c-file", name: "file", type: "file", accept: "application/pdf,.pdf" }),
        "Attach the request exactly as received (PDF only).")),
    field("Language", input("c-language", "language", { value: "en", maxlength: "2", autocomplete: "off" }),
      "Two letters (ISO 639-1): en, fr, de…"),
    check("c-translation", "certified_translation", "A certified English translation is attached"),
    h("fieldset", {}, h("legend", {}, "The requesting authority"),
      field("Authority", input("c-authority", "authority_name")),
      field("Country", input("c-country", "country", { maxlength: "2", autocomplete: "off" }),
        "Two letters (ISO 3166): GB for the United Kingdom, US, FR…"),
      field("Officer's name", input("c-officer", "officer_name")),
      field("Officer's title", input("c-title", "officer_title")),
      field("Officer's e-mail", input("c-email", "authority_email", { type: "email" })),
      field("Work phone", input("c-phone", "phone", { type: "tel" })),
      check("c-official", "official_domain", "The e-mail is on an official government domain (docs/legal.md)")),
    h("fieldset", {}, h("legend", {}, "The account"),
      field("Identified by", choices("c-id-type", "identifier_type", IDENTIFIERS)),
      field("Identifier", input("c-id-value", "identifier_value"),
        "Only an e-mail address finds an account; anything else is recorded, never searched.")),
    h("fieldset", {}, h("legend", {}, "Data asked for"),
      ...CATEGORIES.map(([value, label]) => check(`c-data-${value}`, `data_${value}`, label))),
    field("Period from", input("c-from", "period_from", { type: "date" })),
    field("Period to", input("c-to", "period_to", { type: "date" })),
    field("Law relied on", input("c-law", "law")),
    field("Case or order number", input("c-case", "case_number")),
    field("Legal pathway", choices("c-pathway", "pathway", PATHWAYS)),
    field("Dual criminality category", input("c-dual", "dual_category"),
      "terrorism, human_trafficking, csam or critical_infrastructure (dual criminality only)."),
    field("Basis for residency", h("textarea", { id: "c-residency", name: "residency_basis", rows: "2" })),
    field("Is the subject in the UK?", choices("c-uk", "subject_uk", YES_NO)),
    field("Emergency: the threat", h("textarea", { id: "c-threat", name: "emergency_description", rows: "3" }),
      "Emergencies only: the imminent threat of death or serious physical harm, in detail."),
  ];
}

function readChecklist(form: HTMLFormElement): Record<string, unknown> {
  const text = (name: string) => inputValue(form, name).trim() || null;
  const data = CATEGORIES.map(([value]) => value).filter((value) => checked(form, `data_${value}`));
  const from = text("period_from");
  const to = text("period_to");
  const uk = inputValue(form, "subject_uk");
  const dual = text("dual_category");
  const residency = text("residency_basis");
  return {
    channel: inputValue(form, "channel"), kind: inputValue(form, "kind"),
    document: { pdf: checked(form, "pdf"), letterhead: checked(form, "letterhead"), signed: checked(form, "signed") },
    language: text("language"), certified_translation: checked(form, "certified_translation"),
    authority: { name: text("authority_name"), country: text("country"), officer_name: text("officer_name"),
      officer_title: text("officer_title"), email: text("authority_email"), phone: text("phone"),
      official_domain: checked(form, "official_domain") },
    identifier: { type: inputValue(form, "identifier_type"), value: text("identifier_value") },
    data: data.length ? data : null,
    period: from || to ? { from, to } : null,
    legal_basis: { law: text("law"), case_number: text("case_number") },
    pathway: text("pathway"),
    dual_criminality: dual || residency ? { category: dual, residency_basis: residency } : null,
    subject_uk: uk === "" ? null : uk === "true",
    emergency_description: text("emergency_description"),
  };
}

function intakeForm(): HTMLElement {
  const box = errorLine("intake-error");
  const form = h("form", { id: "intake-form", novalidate: true },
    field("Received on", input("c-received", "received_on", { type: "date", value: today(), max: today() })),
    ...checklistFields(),
    h("button", { type: "submit" }, "Register and assess"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    const pdfKey = await uploadPdf(file);
    const res = await api<LegalRequestAnswer>("POST", BASE, { checklist: readChecklist(form),
      received_on: inputValue(form, "received_on") || null, pdf_key: pdfKey });
    navigate(`/staff/legal/${res.request.number}`);
  });
  return h("details", { class: "card wide", id: "intake" }, h("summary", {}, "Register a request"), form);
}

// --- voluntary disclosures and the transparency report -------------------------------------------------

function voluntaryRow(v: VoluntaryOut): Array<Node | string> {
  return [v.id, day(v.sent_on), words(v.category), v.authority, v.country ?? "–", v.summary];
}

function voluntarySection(list: VoluntaryList): HTMLElement {
  const box = errorLine("voluntary-error");
  const form = h("form", { id: "voluntary-form", novalidate: true },
    field("Category", choices("v-category", "category", VOLUNTARY)),
    field("Sent to (authority)", input("v-authority", "authority")),
    field("Country", input("v-country", "country", { maxlength: "2" }), "Two letters: GB, US…"),
    field("Sent on", input("v-sent", "sent_on", { type: "date", value: today(), max: today() })),
    field("What was sent and why", h("textarea", { id: "v-summary", name: "summary", rows: "3" })),
    h("button", { type: "submit" }, "Record disclosure"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    await api<VoluntaryOut>("POST", "/legal/voluntary-disclosures", { category: inputValue(form, "category"),
      authority: inputValue(form, "authority"), country: inputValue(form, "country").trim() || null,
      sent_on: inputValue(form, "sent_on"), summary: inputValue(form, "summary") });
    navigate("/staff/legal");
  });
  const body = list.disclosures.length
    ? h("div", { class: "scroll" }, table("voluntary-table", ["Id", "Sent", "Category", "To", "Country", "Summary"],
      list.disclosures.map(voluntaryRow)))
    : h("p", { class: "muted", id: "voluntary-table" }, "None recorded.");
  return h("details", { class: "card wide", id: "voluntary" }, h("summary", {}, "Voluntary disclosures"), body, form);
}

function transparencySection(): HTMLElement {
  const box = errorLine("transparency-error");
  const out = h("pre", { id: "transparency-out", class: "scroll" });
  const form = h("form", { id: "transparency-form", class: "filters", novalidate: true },
    h("label", { for: "t-year" }, "Year"),
    input("t-year", "year", { inputmode: "numeric", value: String(new Date().getUTCFullYear()), maxlength: "4" }),
    h("button", { type: "submit" }, "Show report"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const report = await api<TransparencyReport>("GET",
      `/legal/transparency?year=${encodeURIComponent(inputValue(form, "year"))}`);
    out.textContent = JSON.stringify(report, null, 2);
  });
  return h("details", { class: "card wide", id: "transparency" }, h("summary", {}, "Transparency report"), form, out);
}

addRoute("/staff/legal", {
  title: "Legal requests",
  signedIn: true,
  legalTeam: true,
  async render() {
    const list = await api<LegalRequestList>("GET", BASE);
    const voluntary = await api<VoluntaryList>("GET", "/legal/voluntary-disclosures");
    const headers = ["Request", "Received", "Kind", "Authority", "Country", "Rules say", "Status", "Notice",
      "Follow-up due"];
    const body = list.requests.length
      ? h("div", { class: "scroll" }, table("legal-table", headers, list.requests.map(row)))
      : h("p", { class: "muted", id: "legal-table" }, "No requests registered.");
    return h("section", {}, h("h1", {}, "Legal requests"),
      h("p", { class: "muted" }, "Requests from the legal address (and emergencies by phone) only. Requests sent "
        + "to customer support are not processed: support points the sender to the legal address."),
      body,
      loadMore("legal-table", "Show older", list.next_cursor, async (cursor) => {
        const next = await api<LegalRequestList>("GET", `${BASE}?cursor=${encodeURIComponent(cursor)}`);
        return { items: next.requests, next_cursor: next.next_cursor };
      }, row),
      intakeForm(), voluntarySection(voluntary), transparencySection());
  },
});

// --- one request ----------------------------------------------------------------------------------------

function facts(r: LegalRequestDetail): HTMLElement {
  const c = r.checklist as Record<string, unknown>;
  const period = c.period as { from?: string | null; to?: string | null } | null;
  const rows: Array<[string, Node | string]> = [
    ["Status", words(r.status)], ["Kind", words(r.kind)], ["Arrived by", words(r.channel)],
    ["Received", `${when(r.received_at)} (registered by ${r.received_by})`],
    ["Authority", `${r.authority ?? "–"}${r.country ? ` (${r.country})` : ""}`],
    ["Pathway", r.pathway ? words(r.pathway) : "none"],
    ["Period", period ? `${period.from ?? "?"} to ${period.to ?? "?"}` : "–"],
    ["Account", r.account_id ?? "No account found by the e-mail"],
    ["PDF", r.pdf_attached ? "Attached" : "None"],
    ["Decided", r.decided_at ? `${when(r.decided_at)} by ${r.decided_by}${r.decision_note ? `: ${r.decision_note}` : ""}`
      : "–"],
    ["Releases", r.disclose.length ? r.disclose.map(words).join(", ") : "–"],
    ["Notice to the user", `${words(r.notice)}${r.notice_ground ? ` (${words(r.notice_ground)}: ${r.notice_note ?? ""})`
      : ""}${r.notice_sent_at ? `, sent ${when(r.notice_sent_at)}` : ""}`],
    ["Follow-up due", r.follow_up_due ? day(r.follow_up_due) : "–"]];
  return table("legal-facts", ["", ""], rows.map(([name, value]) => [name, value]));
}

function verdict(r: LegalRequestDetail): HTMLElement {
  const v = r.verdict;
  return h("div", { class: "card wide", id: "verdict" }, h("h2", {}, `The rules say: ${words(v.decision)}`),
    v.reasons.length
      ? h("ul", { id: "verdict-reasons" }, ...v.reasons.map((reason) =>
        h("li", {}, h("strong", {}, reason.code), ` — ${reason.explanation}`)))
      : h("p", { id: "verdict-reasons" }, v.disclose.length ? `May release: ${v.disclose.map(words).join(", ")}.`
        : v.hold_business_days ? `Preserve the data for ${v.hold_business_days} business days; release nothing.`
          : "Releases nothing."));
}

addIdRoute("/staff/legal", {
  title: "Legal request",
  signedIn: true,
  legalTeam: true,
  async render() {
    const number = Number(routeId());
    const { request: r } = await api<LegalRequestAnswer>("GET", `${BASE}/${number}`);
    const reload = () => navigate(`/staff/legal/${number}`);
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await api<LegalRequestAnswer>("POST", `${BASE}/${number}/${path}`, { version: r.version, ...body });
      if (res.pending_action) sessionStorage.setItem("legal-pending", res.pending_action);
      reload();
    };
    const pending = sessionStorage.getItem("legal-pending");
    sessionStorage.removeItem("legal-pending");
    const section = h("section", {}, h("p", {}, h("a", { href: "/staff/legal" }, "← Register")),
      h("h1", {}, `${r.id} · ${words(r.kind)}`),
      pending ? h("p", { class: "notice", role: "status", id: "pending-action" }, pending) : null,
      verdict(r), facts(r));
    const open = r.status === "received" || r.status === "incomplete";
    if (open) {
      const box = errorLine("decision-error");
      const grounds = (await api<LegalRequestList>("GET", `${BASE}?limit=1`)).withhold_grounds;
      const form = h("form", { id: "decision-form", novalidate: true },
        field("Decision", choices("d-decision", "decision", [["accept", "Accept"], ["incomplete", "Mark incomplete"],
          ["refuse", "Refuse"]], r.verdict.decision === "accept" ? "accept" : r.verdict.decision)),
        field("Note", h("textarea", { id: "d-note", name: "note", rows: "3" }),
          "Required to refuse or mark incomplete: what the authority is told."),
        field("Withhold the user's notice", choices("d-withhold", "withhold",
          [["", "No: tell the user (the default)"], ...grounds.map((g): [string, string] => [g.id, g.label])]),
        "Accepting only. The user is e-mailed unless a ground applies."),
        field("What the ground rests on", input("d-withhold-note", "withhold_note"),
          "The order's reference, or the risk, when withholding."),
        h("button", { type: "submit" }, "Record decision"), box) as HTMLFormElement;
      onSubmit(form, box, () => post("decision", { decision: inputValue(form, "decision"),
        note: inputValue(form, "note").trim() || null, withhold: inputValue(form, "withhold") || null,
        withhold_note: inputValue(form, "withhold_note").trim() || null }));
      section.append(h("div", { class: "card wide" }, h("h2", {}, "Decision"), form));
    }
    if (r.notice === "withheld") {
      const box = errorLine("notice-error");
      const form = h("form", { id: "notice-form", novalidate: true },
        field("Why the ground has lapsed", input("n-note", "note")),
        h("button", { type: "submit" }, "Send the notice now"), box) as HTMLFormElement;
      onSubmit(form, box, () => post("notice", { note: inputValue(form, "note").trim() || null }));
      section.append(h("div", { class: "card wide" }, h("h2", {}, "Notice to the user"), form));
    }
    if ((r.status === "accepted" || r.status === "emergency_follow_up_due") && !r.fulfilled_at && r.account_id) {
      const box = errorLine("fulfil-error");
      const form = h("form", { id: "fulfil-form", novalidate: true },
        h("button", { type: "submit" }, r.kind === "preservation" ? "Place the preservation hold"
          : "Build the disclosure package"), box) as HTMLFormElement;
      onSubmit(form, box, () => post("fulfilment", {}));
      section.append(h("div", { class: "card wide" }, h("h2", {}, "Carry out"), form));
    }
    if (!open && r.status !== "closed") {
      const box = errorLine("close-error");
      const form = h("form", { id: "close-form", novalidate: true },
        field("Note", input("x-note", "note"), r.status === "emergency_follow_up_due"
          ? "The formal legal process that arrived." : "Why the request is closed."),
        h("button", { type: "submit" }, "Close request"), box) as HTMLFormElement;
      onSubmit(form, box, () => post("closure", { note: inputValue(form, "note").trim() || null }));
      section.append(h("div", { class: "card wide" }, h("h2", {}, "Close"), form));
    }
    section.append(h("h2", {}, "History"), h("div", { class: "scroll" }, table("history-table",
      ["When", "Step", "By", "Status", "Note"], r.history.map((c) =>
        [when(c.at), words(c.event), c.by, words(c.status), c.note ?? ""]))));
    return section;
  },
});
