// The banner announcing scheduled maintenance on every page. The list is public and cached
// by the API for a short while; the page asks at most once a minute and shows nothing when the
// question fails (the banner is a courtesy, never a reason for a page to break).
import { api } from "./api";
import { h } from "./dom";
import type { UpcomingMaintenance } from "./api-types";

const REFRESH_MS = 60_000;
let fetched = 0;
let windows: UpcomingMaintenance["windows"] = [];

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export async function showMaintenanceBanner(): Promise<void> {
  if (Date.now() - fetched > REFRESH_MS) {
    try {
      windows = (await api<UpcomingMaintenance>("GET", "/maintenance/upcoming")).windows;
      fetched = Date.now();
    } catch {
      return;
    }
  }
  document.getElementById("maintenance-banner")?.remove();
  if (!windows.length) return;
  const items = windows.map((w) => h("li", {}, `${when(w.starts_at)} to ${when(w.ends_at)}`));
  const banner = h("aside", { id: "maintenance-banner", class: "banner", role: "status", "aria-label": "Maintenance" },
    h("strong", {}, "Scheduled maintenance"), " — the panel may be unavailable during:", h("ul", {}, ...items));
  document.getElementById("view")?.before(banner);
}
