// The customer's order history (search by id, filters, CSV export, open orders refreshing by
// themselves) and an order's own page (cancel and refill where allowed, refill history).
import { api } from "../api";
import type { OrderDetailAnswer, OrderInfo, OrderPage, ServiceList } from "../api-types";
import { errorLine, field, h } from "../dom";
import { addIdRoute, addRoute, navigate, routeId } from "../app";
import { money } from "../money";
import { download, ordersCsv } from "../orders-csv";

const STATUSES = ["Pending", "In progress", "Processing", "Completed", "Partial", "Canceled"];
const OPEN = new Set(["Pending", "In progress", "Processing"]);
export const REFRESH_MS = 20_000;
const FILTERS = ["order", "service", "status", "search", "from", "to"];

function progressBar(order: OrderInfo): HTMLElement {
  return h("progress", { max: "100", value: String(order.progress), "aria-label": `${order.progress}% delivered` });
}

function orderRow(o: OrderInfo): HTMLElement {
  return h("tr", { "data-order": String(o.id), "data-status": o.status },
    h("td", {}, h("a", { href: `/orders/${o.id}` }, `#${o.id}`)), h("td", {}, o.service_name), h("td", {}, o.link),
    h("td", {}, String(o.quantity)), h("td", {}, money(o.charge)), h("td", { class: "status" }, o.status),
    h("td", { class: "progress" }, progressBar(o)), h("td", {}, new Date(o.created_at).toLocaleString()));
}

function filterForm(params: URLSearchParams, services: ServiceList["services"]): HTMLFormElement {
  const input = (name: string, attrs: Record<string, string>) =>
    h("input", { id: `filter-${name}`, name, value: params.get(name) ?? "", ...attrs });
  const form = h("form", { id: "order-filters", class: "filters", role: "search" },
    field("Order ID", input("order", { inputmode: "numeric", pattern: "[0-9]*", size: "10", autocomplete: "off" })),
    field("Service", h("select", { id: "filter-service", name: "service" },
      h("option", { value: "" }, "Any service"),
      ...services.map((s) => h("option", { value: String(s.service), selected: params.get("service") === String(s.service) },
        `${s.service} · ${s.name}`)))),
    field("Status", h("select", { id: "filter-status", name: "status" }, h("option", { value: "" }, "Any status"),
      ...STATUSES.map((s) => h("option", { value: s, selected: params.get("status") === s }, s)))),
    field("Link contains", input("search", { type: "search" })),
    field("From", input("from", { type: "date" })), field("To", input("to", { type: "date" })),
    h("div", {}, h("button", { type: "submit" }, "Filter"), " ", h("a", { href: "/orders", id: "clear-filters" }, "Clear"))) as HTMLFormElement;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) query.set(k, String(v).trim());
    navigate(`/orders${query.size ? `?${query}` : ""}`);
  });
  return form;
}

// Every order the filters select, a page of 100 at a time, then offered as a CSV file.
function exportButton(filters: URLSearchParams): HTMLElement {
  const status = h("span", { class: "muted", role: "status", id: "export-status" });
  const button = h("button", { type: "button", id: "export-csv", class: "secondary" }, "Export CSV") as HTMLButtonElement;
  button.addEventListener("click", async () => {
    button.disabled = true;
    const found: OrderInfo[] = [];
    try {
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams(filters);
        query.set("limit", "100");
        if (cursor) query.set("cursor", cursor);
        const page: OrderPage = await api<OrderPage>("GET", `/orders?${query}`);
        found.push(...page.orders);
        cursor = page.next_cursor;
        status.textContent = `Exporting… ${found.length} orders`;
      } while (cursor);
      download(`orders-${new Date().toISOString().slice(0, 10)}.csv`, ordersCsv(found));
      status.textContent = `Exported ${found.length} order${found.length === 1 ? "" : "s"}.`;
    } catch (err) {
      status.textContent = (err as Error).message;
    } finally {
      button.disabled = false;
    }
  });
  return h("p", {}, button, " ", status);
}

// Open orders on the page are read again every REFRESH_MS while the page is shown: the same
// page of the list (one request), its rows updated in place. Paused while the tab is hidden;
// stops once the table has left the page (another page was opened).
function refreshOpenOrders(tableEl: HTMLElement, listPath: string, note: HTMLElement): void {
  const timer = window.setInterval(async () => {
    if (!tableEl.isConnected) return window.clearInterval(timer);
    if (document.hidden) return;
    const open = tableEl.querySelectorAll("tr[data-order]");
    if (![...open].some((row) => OPEN.has(row.getAttribute("data-status") ?? ""))) return;
    try {
      const page = await api<OrderPage>("GET", listPath);
      for (const order of page.orders) {
        const row = tableEl.querySelector(`tr[data-order="${order.id}"]`);
        if (row && OPEN.has(row.getAttribute("data-status") ?? "")) row.replaceWith(orderRow(order));
      }
      note.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch {
      note.textContent = "Could not refresh; will try again.";
    }
  }, REFRESH_MS);
}

addRoute("/orders", {
  title: "Orders",
  signedIn: true,
  async render() {
    const params = new URLSearchParams(location.search);
    const filters = new URLSearchParams([...params].filter(([k, v]) => FILTERS.includes(k) && v));
    const listPath = `/orders?${params}`;
    const [{ services }, res] = await Promise.all([api<ServiceList>("GET", "/services"), api<OrderPage>("GET", listPath)]);
    const note = h("p", { class: "muted", id: "refresh-note", "aria-live": "polite" });
    let list: HTMLElement;
    if (res.orders.length) {
      const tableEl = h("table", { id: "orders-table", class: "data" },
        h("thead", {}, h("tr", {}, ...["ID", "Service", "Link", "Quantity", "Charge", "Status", "Progress", "Date"]
          .map((title) => h("th", {}, title)))),
        h("tbody", {}, ...res.orders.map(orderRow)));
      refreshOpenOrders(tableEl, listPath, note);
      list = h("div", { class: "scroll", tabindex: "0" }, tableEl);
    } else {
      list = h("p", { class: "muted", id: "no-orders" }, filters.size ? "No orders match these filters." : "No orders yet.");
    }
    const more = res.next_cursor ? h("a", { href: `/orders?${new URLSearchParams({ ...Object.fromEntries(params),
      cursor: res.next_cursor })}`, id: "next-page" }, "Older orders →") : null;
    return h("section", {}, h("h1", {}, "Orders"), filterForm(params, services), exportButton(filters), list, more,
      res.orders.some((o) => OPEN.has(o.status)) ? note : null);
  },
});

addIdRoute("/orders", {
  title: "Order",
  signedIn: true,
  async render() {
    const { order } = await api<OrderDetailAnswer>("GET", `/orders/${routeId()}`);
    const box = errorLine();
    const actions = h("div", { class: "actions" });
    const allowed: Array<[string, string, boolean]> = [
      ["cancel", "Request cancel", order.can_cancel && !order.cancel_requested],
      ["refill", "Request refill", order.can_refill]];
    for (const [action, label, shown] of allowed) {
      if (!shown) continue;
      const button = h("button", { type: "button", id: `${action}-order` }, label) as HTMLButtonElement;
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          await api("POST", `/orders/${order.id}/${action}`);
          navigate(`/orders/${order.id}`);
        } catch (err) {
          box.textContent = (err as Error).message;
          box.hidden = false;
          button.disabled = false;
        }
      });
      actions.append(button);
    }
    if (!actions.childElementCount) {
      actions.append(h("p", { class: "muted", id: "no-actions" }, order.cancel_requested
        ? "A cancel was requested; the provider's answer will settle the order."
        : "This order cannot be canceled or refilled now."));
    }
    const rows: Array<[string, string | Node]> = [["Service", `${order.service} · ${order.service_name}`],
      ["Link", order.link], ["Quantity", String(order.quantity)], ["Charge", money(order.charge)],
      ["Status", order.status + (order.cancel_requested ? " (cancel requested)" : "")],
      ["Start count", order.start_count === null ? "–" : String(order.start_count)],
      ["Remains", order.remains === null ? "–" : String(order.remains)], ["Progress", progressBar(order)],
      ["Refunded", money(order.refunded)], ["Placed", new Date(order.created_at).toLocaleString()]];
    if (order.runs) rows.push(["Drip-feed", `${order.runs} runs every ${order.interval} minutes`]);
    const refills = order.refills.length
      ? h("div", { class: "scroll", tabindex: "0" }, h("table", { id: "refill-history", class: "data" },
        h("thead", {}, h("tr", {}, h("th", {}, "Refill"), h("th", {}, "Requested"), h("th", {}, "Status"))),
        h("tbody", {}, ...order.refills.map((r) => h("tr", {}, h("td", {}, `#${r.id}`),
          h("td", {}, new Date(r.created_at).toLocaleString()), h("td", {}, r.status))))))
      : h("p", { class: "muted", id: "no-refills" }, "No refill requests.");
    return h("div", { class: "card wide" }, h("h1", {}, `Order #${order.id}`),
      h("div", { class: "scroll", tabindex: "0" }, h("table", { id: "order-detail", class: "data" }, h("tbody", {},
        ...rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, v)))))),
      actions, box, h("h2", {}, "Refill requests"), refills, h("p", {}, h("a", { href: "/orders" }, "← All orders")));
  },
});
