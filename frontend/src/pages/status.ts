// Public page "Status" (/status, no sign-in): the platform's state now, the last 90 days as a bar
// chart (inline SVG, one bar per UTC day, coloured by availability) with a text alternative (a
// title per bar and a table for screen readers), each month against the 99.0% target, downtime
// runs and maintenance windows. Everything comes from GET /api/status (cached a minute).
import { api } from "../api";
import type { StatusDay, StatusPage, StatusPeriod } from "../api-types";
import { h, table } from "../dom";
import { addRoute } from "../app";

const SVG = "http://www.w3.org/2000/svg";
const BAR = 10; // each day's slot in the chart's units: an 8-unit bar and a 2-unit gap
const HEIGHT = 40;

const STATE_TEXT: Record<StatusPage["state"], string> = {
  up: "All systems operational",
  degraded: "Degraded: some monitors see failures",
  down: "Down: the site is unavailable",
  unknown: "No recent monitoring data",
};

type Band = "good" | "warn" | "bad" | "none";

// >= 99.0 green, 95.0 to under 99.0 amber, under 95.0 red, no data grey (the strings are exact
// three-decimal percentages, so comparing their numbers is safe at these thresholds).
export function band(percent: string | null): Band {
  if (percent === null) return "none";
  const value = Number(percent);
  if (value >= 99) return "good";
  return value >= 95 ? "warn" : "bad";
}

const BAND_TEXT: Record<Band, string> = { good: "99% or more", warn: "95% to under 99%", bad: "under 95%", none: "no data" };

function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function dayText(d: StatusDay): string {
  if (d.availability_percent === null) return `${d.date}: no monitoring data`;
  const parts = [`${d.date}: ${d.availability_percent}% available`, `${d.downtime_minutes} min downtime`];
  if (d.maintenance_minutes) parts.push(`${d.maintenance_minutes} min maintenance`);
  return parts.join(", ");
}

function svg(tag: string, attrs: Record<string, string>, ...children: Node[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

function chart(days: StatusDay[]): HTMLElement {
  const title = svg("title", { id: "status-chart-title" });
  title.textContent = `Daily availability for the last ${days.length} days; the table below lists every day.`;
  const bars = days.map((d, i) => {
    const label = svg("title", {});
    label.textContent = dayText(d);
    return svg("rect", {
      x: String(i * BAR), y: "0", width: String(BAR - 2), height: String(HEIGHT), rx: "1",
      class: `bar ${band(d.availability_percent)}`, "data-date": d.date, "data-band": band(d.availability_percent),
    }, label);
  });
  const picture = svg("svg", {
    id: "status-chart", role: "img", "aria-labelledby": "status-chart-title",
    viewBox: `0 0 ${days.length * BAR} ${HEIGHT}`, preserveAspectRatio: "none",
  }, title, ...bars);
  const legend = h("ul", { class: "legend", "aria-hidden": "true" },
    ...(["good", "warn", "bad", "none"] as Band[]).map((b) => h("li", {}, h("span", { class: `swatch ${b}` }), BAND_TEXT[b])));
  const first = days[0]?.date ?? "";
  const last = days[days.length - 1]?.date ?? "";
  return h("div", { class: "chart" },
    h("div", { class: "chart-frame" }, picture as unknown as HTMLElement),
    h("p", { class: "hint chart-ends", "aria-hidden": "true" }, h("span", {}, first), h("span", {}, last)),
    legend);
}

function daysTable(days: StatusDay[]): HTMLElement {
  const t = table("status-days", ["Day (UTC)", "Availability", "Downtime (min)", "Maintenance (min)"],
    [...days].reverse().map((d) => [d.date, d.availability_percent === null ? "No data" : `${d.availability_percent}%`,
      String(d.downtime_minutes), String(d.maintenance_minutes)]));
  t.classList.add("sr-only");
  t.removeAttribute("tabindex");  // read by screen readers, never a stop for the keyboard
  t.querySelector("table")!.prepend(h("caption", {}, "Availability per day, newest first"));
  return t;
}

function periods(id: string, rows: StatusPeriod[], empty: string, withText: boolean): HTMLElement {
  if (!rows.length) return h("p", { class: "muted", id }, empty);
  const headers = ["From", "To", "Minutes", ...(withText ? ["What"] : [])];
  return h("div", { class: "scroll" }, table(id, headers,
    rows.map((p) => [utc(p.start), utc(p.end), String(p.minutes), ...(withText ? [p.text] : [])])));
}

function months(page: StatusPage): HTMLElement {
  return h("div", { class: "scroll" }, table("status-months", ["Month", "Availability", "Target", "Met"],
    page.months.map((m) => {
      const percent = m.availability_percent === null ? "Not computed yet" : `${m.availability_percent}%`;
      const met = m.meets_target === null ? "—" : m.meets_target ? "Yes" : "No";
      return [m.final ? m.month : `${m.month} (so far)`, percent, `${page.target_percent}%`,
        h("span", { class: m.meets_target === false ? "error" : "" }, met)];
    })));
}

addRoute("/status", {
  title: "Status",
  async render() {
    const page = await api<StatusPage>("GET", "/status");
    const now = page.maintenance_now.length
      ? h("p", { id: "status-maintenance", class: "banner" }, "Maintenance in progress: ",
        page.maintenance_now.map((p) => `${p.text}, ${utc(p.start)} to ${utc(p.end)}`).join("; "))
      : null;
    return h("article", { class: "card wide", id: "status-page" },
      h("h1", {}, "Platform status"),
      h("p", { id: "status-state", class: `state ${page.state}`, role: "status" },
        h("span", { class: "dot", "aria-hidden": "true" }), STATE_TEXT[page.state]),
      h("p", { class: "hint" }, `Checked ${utc(page.checked_at)}. Availability counts downtime of 5 minutes or more ` +
        "confirmed from two locations; maintenance is not downtime."),
      now,
      h("section", {}, h("h2", {}, "Last 90 days"), chart(page.days), daysTable(page.days)),
      h("section", {}, h("h2", {}, `Monthly availability (target ${page.target_percent}%)`), months(page)),
      h("section", {}, h("h2", {}, "Downtime"),
        periods("status-runs", page.downtime_runs, "No downtime in the last 90 days.", false)),
      h("section", {}, h("h2", {}, "Maintenance"),
        periods("status-windows", page.maintenance_windows, "No maintenance in the last 90 days.", true)));
  },
});
