// Staff reports (admins): a date range, then money per day (top-ups, revenue, provider cost,
// profit), per provider and per service, orders by status and tickets. The tables are the
// accessible source of every figure; the charts (uPlot, canvas) repeat the daily ones for the
// eye, each labelled and placed next to its table. Each table downloads as CSV.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { api, ApiError } from "../api";
import { errorLine, field, h, inputValue, onSubmit, showError, table } from "../dom";
import { addRoute } from "../app";
import { money } from "../money";
import { adminNav } from "./admin";
import type { Report, ReportDay, ReportFigures, ReportLine } from "../api-types";

const DEFAULT_DAYS = 30;
const UNKNOWN = "unknown";

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function defaultRange(): [string, string] {
  const today = new Date();
  const first = new Date(today.getTime() - (DEFAULT_DAYS - 1) * 86_400_000);
  return [isoDay(first), isoDay(today)];
}

// A cost or profit nobody knows (orders sent before costs were recorded) reads "unknown", never $0.00.
function maybeMoney(amount: string | null): string {
  return amount === null ? UNKNOWN : money(amount);
}

function figureCells(f: ReportFigures): string[] {
  return [String(f.orders), money(f.revenue), maybeMoney(f.provider_cost), maybeMoney(f.profit)];
}

const FIGURE_HEADERS = ["Orders", "Revenue", "Provider cost", "Profit"];

function csvLink(range: string, tableName: string, label: string): HTMLElement {
  return h("a", { href: `/api/admin/reports.csv?${range}&table=${tableName}`, download: "",
    id: `csv-${tableName}`, class: "csv" }, label);
}

// Chart values are for drawing only: a float is fine there; the table keeps the exact text.
function plotted(amount: string | null): number | null {
  return amount === null ? null : Number(amount);
}

function chart(id: string, label: string, days: ReportDay[],
  series: Array<{ label: string; color: string; values: Array<number | null> }>): HTMLElement {
  const box = h("div", { id, class: "chart", role: "img", "aria-label": label });
  const x = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
  const ink = getComputedStyle(document.body).color || "#222";
  requestAnimationFrame(() => {
    const width = Math.max(280, Math.min(900, box.clientWidth || window.innerWidth - 32));
    new uPlot({
      width, height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false }))],
      axes: [{ stroke: ink, grid: { stroke: "rgba(127,127,127,.2)" } },
        { stroke: ink, grid: { stroke: "rgba(127,127,127,.2)" }, size: 60 }],
      legend: { show: true },
    }, [x, ...series.map((s) => s.values)], box);
  });
  return box;
}

function linesTable(id: string, what: string, lines: ReportLine[]): HTMLElement {
  if (!lines.length) return h("p", { class: "muted", id }, "No orders in this range.");
  return h("div", { class: "scroll" }, table(id, [what, ...FIGURE_HEADERS],
    lines.map((line) => [line.name, ...figureCells(line)])));
}

function summary(report: Report): HTMLElement {
  const row = (term: string, value: string, id: string): HTMLElement[] => [h("dt", {}, term),
    h("dd", { id }, value)];
  return h("dl", { class: "numbers", id: "report-totals" },
    ...row("Top-ups", `${report.top_ups} (${money(report.top_up_amount)})`, "total-top-ups"),
    ...row("Orders", String(report.totals.orders), "total-orders"),
    ...row("Revenue", money(report.totals.revenue), "total-revenue"),
    ...row("Provider cost", maybeMoney(report.totals.provider_cost), "total-cost"),
    ...row("Profit", maybeMoney(report.totals.profit), "total-profit"),
    ...row("Tickets opened", String(report.tickets_opened), "total-tickets"),
    ...row("First-response breaches", String(report.first_response_breaches), "total-breaches"));
}

addRoute("/admin/reports", {
  title: "Reports",
  signedIn: true,
  adminOnly: true,
  async render() {
    const params = new URLSearchParams(location.search);
    const [defaultFrom, defaultTo] = defaultRange();
    const from = params.get("from") ?? defaultFrom;
    const to = params.get("to") ?? defaultTo;
    const box = errorLine("report-error");
    const form = h("form", { class: "filters", id: "report-form", novalidate: true },
      field("From", h("input", { id: "report-from", name: "from", type: "date", value: from, required: true })),
      field("To", h("input", { id: "report-to", name: "to", type: "date", value: to, required: true })),
      h("button", { type: "submit" }, "Show")) as HTMLFormElement;
    const body = h("div", { id: "report-body" });
    const section = h("section", {}, adminNav(), h("h1", {}, "Reports"), form, box, body);

    async function show(first: string, last: string): Promise<void> {
      const range = `from=${encodeURIComponent(first)}&to=${encodeURIComponent(last)}`;
      const report = await api<Report>("GET", `/admin/reports?${range}`);
      const days = report.days;
      const unknownNote = report.totals.orders_without_cost
        ? h("p", { class: "muted", id: "unknown-cost-note" }, `${report.totals.orders_without_cost} order(s) were ` +
          "sent before provider costs were recorded: their cost is unknown, so cost and profit read \u201cunknown\u201d " +
          "wherever they count.")
        : "";
      body.replaceChildren(
        h("h2", {}, `${report.from} to ${report.to} (UTC)`), summary(report), unknownNote,
        h("h2", {}, "Per day"),
        chart("chart-money", "Chart of revenue, provider cost and profit per day; the table below lists every figure.",
          days, [
            { label: "Revenue", color: "#2563eb", values: days.map((d) => plotted(d.revenue)) },
            { label: "Provider cost", color: "#dc2626", values: days.map((d) => plotted(d.provider_cost)) },
            { label: "Profit", color: "#16a34a", values: days.map((d) => plotted(d.profit)) },
          ]),
        chart("chart-top-ups", "Chart of the amount topped up per day; the table below lists every figure.", days, [
          { label: "Top-ups", color: "#9333ea", values: days.map((d) => plotted(d.top_up_amount)) },
        ]),
        h("div", { class: "scroll" }, table("days-table", ["Day", "Top-ups", "Top-up amount", ...FIGURE_HEADERS],
          days.map((d) => [d.day, String(d.top_ups), money(d.top_up_amount), ...figureCells(d)]))),
        h("p", {}, csvLink(range, "days", "Download days (CSV)")),
        h("h2", {}, "Per provider"), linesTable("providers-table", "Provider", report.providers),
        h("p", {}, csvLink(range, "providers", "Download providers (CSV)")),
        h("h2", {}, "Per service"), linesTable("services-table", "Service", report.services),
        h("p", {}, csvLink(range, "services", "Download services (CSV)")),
        h("h2", {}, "Orders by status"),
        table("statuses-table", ["Status", "Orders"],
          report.statuses.map((s) => [s.status.replace("_", " "), String(s.orders)])),
        h("p", {}, csvLink(range, "statuses", "Download statuses (CSV)")),
      );
    }

    onSubmit(form, box, async () => {
      const first = inputValue(form, "from");
      const last = inputValue(form, "to");
      await show(first, last);
      history.replaceState({}, "", `/admin/reports?from=${encodeURIComponent(first)}&to=${encodeURIComponent(last)}`);
    });
    // The range lives in the address, so a reload or a shared link shows the same report; a
    // range the API refuses (too long, inverted) is said next to the form, which stays usable.
    try {
      await show(from, to);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
      showError(box, err.message);
    }
    return section;
  },
});
