// Customer pages: new order (fields follow the service type, live price), mass order,
// balance and ledger. The order history and an order's page are in order-list.ts.
import { api } from "../api";
import type {
  Balance, LedgerEntry, MassResults, OrderAnswer, ServiceInfo, ServiceList,
} from "../api-types";
import { errorLine, field, h, inputValue, loadMore, onSubmit, table } from "../dom";
import { addRoute } from "../app";
import { recall, remember } from "../preferences";
import { money, rate } from "../money";

type Kind = "link" | "number" | "lines" | "text" | "delay" | "date";
interface FieldSpec { name: string; label: string; kind: Kind; optional?: boolean; hint?: string }

const LINK: FieldSpec = { name: "link", label: "Link", kind: "link" };
const QUANTITY: FieldSpec = { name: "quantity", label: "Quantity", kind: "number" };
const lines = (name: string, label: string): FieldSpec => ({ name, label, kind: "lines", hint: "One per line." });
const text = (name: string, label: string): FieldSpec => ({ name, label, kind: "text" });

// Each service type's own fields, as in the standard panel API.
const FIELDS: Record<string, FieldSpec[]> = {
  "Default": [LINK, QUANTITY],
  "Package": [LINK],
  "SEO": [LINK, QUANTITY, lines("keywords", "Keywords")],
  "Custom Comments": [LINK, lines("comments", "Comments")],
  "Custom Comments Package": [LINK, lines("comments", "Comments")],
  "Mentions": [LINK, QUANTITY, lines("usernames", "Usernames")],
  "Mentions with Hashtags": [LINK, QUANTITY, lines("usernames", "Usernames"), lines("hashtags", "Hashtags")],
  "Mentions Custom List": [LINK, lines("usernames", "Usernames")],
  "Mentions Hashtag": [LINK, QUANTITY, text("hashtag", "Hashtag")],
  "Mentions User Followers": [LINK, QUANTITY, text("username", "Username")],
  "Mentions Media Likers": [LINK, QUANTITY, { name: "media", label: "Media link", kind: "link" }],
  "Comment Likes": [LINK, QUANTITY, text("username", "Username of the comment's owner")],
  "Comment Replies": [LINK, text("username", "Username"), lines("comments", "Replies")],
  "Poll": [LINK, QUANTITY, { name: "answer_number", label: "Answer number", kind: "number" }],
  "Invites from Groups": [LINK, QUANTITY, lines("groups", "Groups")],
  "Subscriptions": [text("username", "Username"), { name: "min", label: "Min per post", kind: "number" },
    { name: "max", label: "Max per post", kind: "number" }, { name: "delay", label: "Delay (minutes)", kind: "delay" },
    { name: "posts", label: "Number of future posts", kind: "number" },
    { name: "old_posts", label: "Old posts", kind: "number", optional: true },
    { name: "expiry", label: "Expiry", kind: "date", optional: true }],
};
const DELAYS = [0, 5, 10, 15, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 360, 420, 480, 540, 600];
const PACKAGES = new Set(["Package", "Custom Comments Package"]);

function countLines(value: string): number {
  return value.split("\n").filter((line) => line.trim() !== "").length;
}

// The same arithmetic as the server (which decides): rate per 1000 units, or per package.
export function estimate(service: ServiceInfo, values: Record<string, string>): number {
  const perThousand = Number(service.rate);
  if (PACKAGES.has(service.type)) return perThousand;
  let units: number;
  if (service.type === "Subscriptions") units = Number(values.max || 0) * Number(values.posts || 0);
  else if ("quantity" in values) units = Number(values.quantity || 0) * (values.runs ? Number(values.runs) : 1);
  else units = countLines(values.comments ?? values.usernames ?? "");
  return Math.round((perThousand * units / 1000) * 1e5) / 1e5;
}

function inputFor(spec: FieldSpec): HTMLElement {
  const id = `f-${spec.name}`;
  if (spec.kind === "lines") return h("textarea", { id, name: spec.name, rows: "5" });
  if (spec.kind === "delay") {
    return h("select", { id, name: spec.name }, ...DELAYS.map((d) => h("option", { value: String(d) }, String(d))));
  }
  const type = spec.kind === "number" ? "number" : spec.kind === "link" ? "url" : "text";
  return h("input", { id, name: spec.name, type, min: spec.kind === "number" ? "0" : undefined,
    placeholder: spec.kind === "date" ? "dd/mm/yyyy" : undefined });
}

function formValues(form: HTMLFormElement, specs: FieldSpec[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of [...specs, { name: "runs" }, { name: "interval" }]) {
    const el = form.elements.namedItem(spec.name) as HTMLInputElement | null;
    if (el && el.value.trim() !== "") values[spec.name] = el.value.trim();
  }
  return values;
}

function orderBody(service: ServiceInfo, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = { service: service.service };
  for (const [name, value] of Object.entries(values)) {
    const numeric = ["quantity", "runs", "interval", "min", "max", "posts", "old_posts", "answer_number", "delay"];
    body[name] = numeric.includes(name) ? Number(value) : value;
  }
  return body;
}

addRoute("/order", {
  title: "New order",
  signedIn: true,
  async render() {
    const [{ services }, balance] = await Promise.all([
      api<ServiceList>("GET", "/services"),
      api<Balance>("GET", "/balance"),
    ]);
    const categories = [...new Set(services.map((s) => s.category))];
    const categorySelect = h("select", { id: "category", name: "category" },
      ...categories.map((c) => h("option", { value: c }, c))) as HTMLSelectElement;
    const serviceSelect = h("select", { id: "service", name: "service" }) as HTMLSelectElement;
    const details = h("div", { id: "service-details", class: "hint" });
    const fieldsBox = h("div", { id: "type-fields" });
    const price = h("strong", { id: "price" }, "$0.00000");
    const box = errorLine();
    const done = h("p", { class: "notice", id: "form-notice" });
    const form = h("form", { id: "order-form", novalidate: true },
      field("Category", categorySelect), field("Service", serviceSelect), details, fieldsBox,
      h("p", {}, "Price: ", price, h("span", { class: "muted" }, ` · Balance: ${money(balance.balance)}`)),
      h("button", { type: "submit" }, "Place order"), box, done) as HTMLFormElement;
    let specs: FieldSpec[] = [];
    let idempotencyKey = crypto.randomUUID();

    const current = (): ServiceInfo => services.find((s) => String(s.service) === serviceSelect.value)!;
    const reprice = () => {
      const service = current();
      if (service) price.textContent = money(estimate(service, formValues(form, specs)).toFixed(5));
    };
    const showService = () => {
      const service = current();
      if (!service) return;
      specs = FIELDS[service.type] ?? [LINK, QUANTITY];
      details.replaceChildren(`${service.type} · ${rate(service.rate)} per ${PACKAGES.has(service.type) ? "package" : "1000"}`
        + ` · min ${service.min}, max ${service.max}`, ...(service.description ? [h("br"), service.description] : []));
      fieldsBox.replaceChildren(...specs.map((spec) => field(spec.label + (spec.optional ? " (optional)" : ""),
        inputFor(spec), spec.hint)));
      if (service.dripfeed && service.type === "Default") {
        fieldsBox.append(h("details", { id: "dripfeed" }, h("summary", {}, "Drip-feed"),
          field("Runs", h("input", { id: "f-runs", name: "runs", type: "number", min: "2" })),
          field("Interval (minutes)", h("input", { id: "f-interval", name: "interval", type: "number", min: "1" }))));
      }
      reprice();
    };
    const fillServices = () => {
      const list = services.filter((s) => s.category === categorySelect.value);
      serviceSelect.replaceChildren(...list.map((s) => h("option", { value: String(s.service) },
        `${s.service} · ${s.name} · ${rate(s.rate)}`)));
      showService();
    };
    categorySelect.addEventListener("change", fillServices);
    serviceSelect.addEventListener("change", showService);
    form.addEventListener("input", reprice);
    onSubmit(form, box, async () => {
      const service = current();
      const res = await api<OrderAnswer>("POST", "/orders", orderBody(service, formValues(form, specs)),
        { "Idempotency-Key": idempotencyKey });
      idempotencyKey = crypto.randomUUID(); // the next order is a new one; a double click is not
      remember("lastService", String(service.service));
      done.replaceChildren(`Order #${res.order.id} placed for ${money(res.order.charge)}. `,
        h("a", { href: `/orders/${res.order.id}` }, "View order"));
    });
    // Preselect the service a link asked for (/order?service=12, from /services), else the last
    // service ordered (functional storage).
    const asked = new URLSearchParams(location.search).get("service");
    const last = services.find((s) => String(s.service) === asked)
      ?? services.find((s) => String(s.service) === recall("lastService"));
    if (last) categorySelect.value = last.category;
    fillServices();
    if (last) {
      serviceSelect.value = String(last.service);
      showService();
    }
    if (!services.length) return h("div", { class: "card" }, h("h1", {}, "New order"), h("p", {}, "No services yet."));
    return h("div", { class: "card wide" }, h("h1", {}, "New order"), form);
  },
});

addRoute("/mass-order", {
  title: "Mass order",
  signedIn: true,
  render() {
    const box = errorLine();
    const results = h("div", { id: "mass-results" });
    const form = h("form", { id: "mass-form", novalidate: true },
      field("Orders", h("textarea", { id: "orders", name: "orders", rows: "10" }),
        "One order per line: service_id | link | quantity"),
      h("button", { type: "submit" }, "Place orders"), box) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const res = await api<MassResults>("POST", "/orders/mass", { orders: inputValue(form, "orders") });
      results.replaceChildren(table("mass-table", ["Line", "Result"], res.results.map((r) => [String(r.line),
        r.order ? h("a", { href: `/orders/${r.order}` }, `Order #${r.order}` + (r.charge ? ` (${money(r.charge)})` : ""))
          : `Error: ${r.error}`])));
    });
    return h("div", { class: "card wide" }, h("h1", {}, "Mass order"), form, results);
  },
});

addRoute("/balance", {
  title: "Balance",
  signedIn: true,
  async render() {
    const res = await api<Balance>("GET", "/balance");
    const row = (e: LedgerEntry) => [new Date(e.at).toLocaleString(), e.kind.replace(/_/g, " ") + (e.reason ? ` (${e.reason})` : ""),
      money(e.amount), money(e.balance_after), e.reference];
    const older = loadMore("ledger-table", "Show older movements", res.next_cursor, async (cursor) => {
      const page = await api<Balance>("GET", `/balance?cursor=${encodeURIComponent(cursor)}`);
      return { items: page.ledger, next_cursor: page.next_cursor };
    }, row);
    return h("section", {}, h("h1", {}, "Balance: ", h("span", { id: "balance" }, money(res.balance))),
      Number(res.non_withdrawable) > 0 ? h("p", { id: "balance-credit" }, "Of which service credit and bonus: ",
        h("strong", { id: "non-withdrawable" }, money(res.non_withdrawable)),
        ` (spent on orders first, never paid out) · withdrawable: ${money(res.withdrawable)}`) : null,
      res.locked ? h("p", { class: "error", id: "account-locked" }, "Ordering is on hold: a payment was refunded or "
        + "disputed and the balance went below zero. Please contact support.") : null,
      h("p", {}, h("a", { href: "/add-funds", class: "button" }, "Add funds")),
      table("ledger-table", ["Date", "Movement", "Amount", "Balance after", "Reference"], res.ledger.map(row)), older);
  },
});
