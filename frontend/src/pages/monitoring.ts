// Staff page "Monitoring": the monitors with their last results, the maintenance windows, and
// (admins) forms to register a monitor and declare a window. Every call is authorised again by
// the API. Times are shown and entered in UTC, the time the SLA and the records use.
import { api } from "../api";
import { errorLine, field, h, inputValue, loadMore, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";
import type { MaintenanceWindow, MonitorList, MonitorStatus, ProbeResult, RegisteredMonitor, WindowList } from "../api-types";

export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// A datetime-local value ("2026-12-01T02:00") read as UTC, as the form's labels say.
function asUtc(value: string): string {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : "";
}

function page(result: ProbeResult["main"], name: string): string {
  if (!result) return "";
  const status = result.status === null ? "no answer" : `HTTP ${result.status}`;
  return `${name} ${result.ok ? "ok" : "failed"} (${status}, ${result.latency_ms} ms)`;
}

function lastResult(m: MonitorStatus): HTMLElement {
  if (!m.last.length) return h("span", { class: "muted" }, "No results yet");
  const [newest] = m.last;
  const pages = [page(newest.main, "main page"), page(newest.panel, "control panel")].filter(Boolean).join("; ");
  return h("span", {}, h("strong", { class: newest.ok ? "notice" : "error" }, newest.ok ? "Up" : "Down"),
    ` at ${utc(newest.minute)}`, pages ? h("br") : null, pages,
    h("br"), h("span", { class: "hint" }, `Last ${m.last.length}: ${m.last.map((r) => (r.ok ? "✓" : "✗")).join(" ")}`));
}

function registerForm(): HTMLElement {
  const box = errorLine("monitor-error");
  const shown = h("p", { class: "notice", id: "monitor-secret", role: "status" });
  const form = h("form", { id: "monitor-form", novalidate: true },
    field("Monitor id", h("input", { id: "m-id", name: "monitor_id", placeholder: "uptimerobot-main" }),
      "2–40 lowercase letters, digits and dashes."),
    field("Location", h("input", { id: "m-location", name: "location", placeholder: "Dallas" })),
    field("Kind", h("select", { id: "m-kind", name: "kind" }, h("option", { value: "uptimerobot" }, "UptimeRobot"),
      h("option", { value: "betterstack" }, "Better Stack"), h("option", { value: "probe" }, "Our probe function"))),
    h("button", { type: "submit" }, "Register monitor"), box, shown) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const res = await api<RegisteredMonitor>("POST", "/admin/monitors", { monitor_id: inputValue(form, "monitor_id"),
      location: inputValue(form, "location"), kind: inputValue(form, "kind") });
    shown.textContent = res.webhook_secret
      ? `Registered. Webhook: ${location.origin}${res.webhook_path} — secret (shown once): ${res.webhook_secret}`
      : "Registered.";
  });
  return h("div", { class: "card wide" }, h("h2", {}, "Register a monitor"), form);
}

function windowForm(): HTMLElement {
  const box = errorLine("window-error");
  const form = h("form", { id: "window-form", novalidate: true },
    field("Kind", h("select", { id: "w-kind", name: "kind" },
      h("option", { value: "scheduled" }, "Scheduled (announced in advance)"),
      h("option", { value: "emergency" }, "Emergency (declared after it started)"))),
    field("Start (UTC)", h("input", { id: "w-start", name: "starts_at", type: "datetime-local", required: true })),
    field("End (UTC)", h("input", { id: "w-end", name: "ends_at", type: "datetime-local", required: true })),
    field("Reason", h("input", { id: "w-reason", name: "reason", required: true }),
      "For staff; customers only see when the window is."),
    h("button", { type: "submit" }, "Declare window"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    await api("POST", "/admin/maintenance", { kind: inputValue(form, "kind"),
      starts_at: asUtc(inputValue(form, "starts_at")), ends_at: asUtc(inputValue(form, "ends_at")),
      reason: inputValue(form, "reason") });
    navigate("/staff/monitoring");
  });
  return h("div", { class: "card wide" }, h("h2", {}, "Declare a maintenance window"), form);
}

const WINDOWS_PAGE = 20;

addRoute("/staff/monitoring", {
  title: "Monitoring",
  signedIn: true,
  supportDesk: true,
  async render(user) {
    const windowsPage = (cursor?: string): Promise<WindowList> => api<WindowList>("GET",
      `/admin/maintenance?limit=${WINDOWS_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const [{ monitors }, { windows, next_cursor }] = await Promise.all([
      api<MonitorList>("GET", "/admin/monitors"), windowsPage()]);
    const admin = user?.role === "admin";
    const box = errorLine();
    const toggle = (m: MonitorStatus): HTMLElement => {
      const button = h("button", { type: "button", id: `toggle-${m.monitor_id}` },
        m.enabled ? "Disable" : "Enable") as HTMLButtonElement;
      button.addEventListener("click", async () => {
        button.disabled = true;
        showError(box, "");
        try {
          await api("PATCH", `/admin/monitors/${m.monitor_id}`, { enabled: !m.enabled });
          navigate("/staff/monitoring");
        } catch (err) {
          showError(box, (err as Error).message);
          button.disabled = false;
        }
      });
      return button;
    };
    const monitorRows = monitors.map((m) => [m.monitor_id, m.location, m.kind, m.enabled ? "yes" : "no",
      lastResult(m), admin ? toggle(m) : ""]);
    const windowRow = (w: MaintenanceWindow): string[] => [w.kind, utc(w.starts_at), utc(w.ends_at), w.reason,
      w.declared_by];
    const windowRows = windows.map(windowRow);
    const older = loadMore("windows-table", "Show older windows", next_cursor, async (cursor) => {
      const more = await windowsPage(cursor);
      return { items: more.windows, next_cursor: more.next_cursor };
    }, windowRow);
    return h("section", {}, h("h1", {}, "Monitoring"), box,
      h("h2", {}, "Monitors"),
      monitorRows.length ? table("monitors-table", ["Monitor", "Location", "Kind", "Enabled", "Last result", ""],
        monitorRows) : h("p", { class: "muted" }, "No monitors registered."),
      h("h2", {}, "Maintenance windows"),
      windowRows.length ? table("windows-table", ["Kind", "Start", "End", "Reason", "Declared by"], windowRows)
        : h("p", { class: "muted", id: "no-windows" }, "No maintenance windows."), older,
      admin ? windowForm() : null, admin ? registerForm() : null);
  },
});
