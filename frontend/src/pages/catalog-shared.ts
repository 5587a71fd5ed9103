// What the catalog console's pages share: the change reports of syncs.
import { api } from "../api";
import { actionButton, h, table } from "../dom";
import { navigate } from "../app";
import type { ChangeReport, ChangeReportList } from "../api-types";

const KINDS: Record<string, string> = {
  new: "New at the provider", gone: "No longer offered", price_up: "Price up", price_down: "Price down",
  limits: "Limits changed",
};

function reportCard(report: ChangeReport, box: HTMLElement, back: string): HTMLElement {
  const rows = report.lines.map((line) => [KINDS[line.kind] ?? line.kind,
    line.service_id ? `#${line.service_id}` : "not imported", `${line.name} (${line.provider_service})`,
    line.old !== null && line.new !== null ? `${line.old} → ${line.new}` : (line.new ?? line.old ?? "")]);
  return h("div", { class: "card", id: `change-report-${report.id}` },
    h("h3", {}, `Provider ${report.provider_id}: ${report.run} of ${report.at.replace("T", " ").slice(0, 16)} UTC`),
    table(`change-lines-${report.id}`, ["Change", "Our service", "Provider's service", "Old → new"], rows),
    actionButton("Acknowledge", `ack-${report.id}`, async () => {
      await api("POST", `/admin/catalog/changes/${report.id}/ack`);
      navigate(back);
    }, box, { "aria-label": `Acknowledge change report ${report.id}` }));
}

// Unacknowledged change reports (new, gone, price and limit changes), each with its button.
export async function changeReports(back: string): Promise<HTMLElement> {
  const { reports } = await api<ChangeReportList>("GET", "/admin/catalog/changes");
  const box = h("p", { class: "error", role: "alert", id: "changes-error" });
  box.hidden = true;
  return h("section", { id: "change-reports", "aria-labelledby": "change-reports-title" },
    h("h2", { id: "change-reports-title" }, "Catalog changes to review"), box,
    ...(reports.length ? reports.map((r) => reportCard(r, box, back))
      : [h("p", { class: "muted", id: "no-change-reports" }, "Nothing new since the last review.")]));
}
