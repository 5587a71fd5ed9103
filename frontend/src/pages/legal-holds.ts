// Legal staff page "Holds and packages": look up a request's preservation hold (last day,
// extensions, what its frozen copy counts; never the copy itself) and extend it for a later
// request; look up a disclosure package and download its JSON file or HTML report. The report
// is saved as a file, never shown on this origin. Every call is authorised again by the API.
import { api } from "../api";
import { errorLine, field, h, inputValue, onSubmit } from "../dom";
import { addRoute, navigate } from "../app";
import type { LegalHold, LegalHoldAnswer, LegalPackage, LegalPackageAnswer, LegalPackageFile } from "../api-types";

const CATEGORY: Record<string, string> = {
  basic_subscriber: "Basic subscriber data", login_ips: "Login IPs", top_ups: "Top-ups", orders: "Orders",
};

function facts(id: string, rows: Array<[string, string]>): HTMLElement {
  return h("dl", { id, class: "facts" }, ...rows.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}

function counted(counts: Record<string, number>): string {
  return Object.entries(counts).map(([name, n]) => `${CATEGORY[name] ?? name}: ${n}`).join("; ");
}

function holdView(hold: LegalHold, into: HTMLElement): void {
  const extensions = hold.extensions.length
    ? hold.extensions.map((e) => `${e.request_id} on ${e.at.slice(0, 10)} to ${e.expires_on}`).join("; ")
    : "None";
  const box = errorLine("extend-error");
  const form = h("form", { id: "extend-form", novalidate: true },
    field("Later request id", h("input", { id: "x-request", name: "by_request_id", required: true,
      autocomplete: "off" }), "The request that asks to keep the data longer."),
    field("Business days", h("input", { id: "x-days", name: "business_days", type: "number", inputmode: "numeric",
      min: "1", max: "260", value: "90" }), "Counted from today (England and Wales business days)."),
    h("button", { type: "submit" }, "Extend hold"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const days = Number(inputValue(form, "business_days"));
    const res = await api<LegalHoldAnswer>("POST", `/legal/holds/${encodeURIComponent(hold.request_id)}/extend`,
      { by_request_id: inputValue(form, "by_request_id").trim(), business_days: Number.isInteger(days) ? days : 0 });
    holdView(res.hold, into);
  });
  into.replaceChildren(
    h("h2", {}, `Hold for ${hold.request_id}`),
    facts("hold-facts", [
      ["Status", hold.status === "active" ? "Active" : "Being released"],
      ["Account", hold.user_id],
      ["Categories", hold.categories.map((c) => CATEGORY[c] ?? c).join(", ")],
      ["Period", `${hold.period.from} to ${hold.period.to}`],
      ["Placed", `${hold.placed_at.slice(0, 10)} by ${hold.placed_by}`],
      ["Last day", hold.expires_on],
      ["Extensions", extensions],
      ["Frozen copy", `${counted(hold.counts)} (SHA-256 ${hold.copy_sha256.slice(0, 16)}…, not disclosed)`],
    ]),
    hold.status === "active" ? form : h("p", { class: "muted" }, "An expired hold cannot be extended."));
}

function save(file: LegalPackageFile): void {
  const blob = new Blob([file.content], { type: file.content_type });
  const link = h("a", { href: URL.createObjectURL(blob), download: file.filename }) as HTMLAnchorElement;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function packageView(pkg: LegalPackage, into: HTMLElement): void {
  const box = errorLine("download-error");
  const status = h("p", { class: "notice", id: "download-status", role: "status" });
  const buttons = (["json", "html"] as const).map((format) => {
    const button = h("button", { type: "button", id: `download-${format}`, class: "secondary" },
      format === "json" ? "Download JSON" : "Download HTML report") as HTMLButtonElement;
    button.addEventListener("click", async () => {
      button.disabled = true;
      box.hidden = true;
      try {
        const file = await api<LegalPackageFile>("GET",
          `/legal/packages/${encodeURIComponent(pkg.package_id)}/download?format=${format}`);
        save(file);
        status.textContent = `Saved ${file.filename} (SHA-256 ${file.sha256.slice(0, 16)}…). The download is logged.`;
      } catch (err) {
        box.textContent = err instanceof Error ? err.message : "The download failed. Try again.";
        box.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  into.replaceChildren(
    h("h2", {}, `Package ${pkg.package_id}`),
    facts("package-facts", [
      ["Request", pkg.request_id],
      ["Account", pkg.user_id],
      ["Period", `${pkg.period.from} to ${pkg.period.to}`],
      ["Contents", counted(pkg.counts)],
      ["Built", `${pkg.created_at.slice(0, 10)} by ${pkg.created_by}${pkg.emergency ? " (emergency, limited)" : ""}`],
    ]),
    h("p", {}, ...buttons.flatMap((b) => [b, " "])), box, status);
}

function lookup(id: string, label: string, hint: string, show: (value: string, into: HTMLElement) => Promise<void>,
): HTMLElement {
  const box = errorLine(`${id}-error`);
  const result = h("div", { id: `${id}-result` });
  const form = h("form", { id: `${id}-form`, novalidate: true },
    field(label, h("input", { id: `${id}-id`, name: "id", required: true, autocomplete: "off" }), hint),
    h("button", { type: "submit" }, "Show"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    result.replaceChildren();
    const value = inputValue(form, "id").trim();
    if (!value) throw new Error(`Enter the ${label.toLowerCase()}.`);
    await show(value, result);
  });
  return h("div", { class: "card wide" }, form, result);
}

addRoute("/staff/legal-holds", {
  title: "Holds and packages",
  signedIn: true,
  render(user) {
    if (user && user.role !== "legal") {
      navigate("/dashboard");
      return h("div");
    }
    return h("section", {},
      h("h1", {}, "Holds and packages"),
      h("p", { class: "hint" }, "Holds and packages are made when a request is accepted in the register."),
      lookup("hold", "Request id", "The legal request's id, e.g. LR-000123.", async (value, into) => {
        const res = await api<LegalHoldAnswer>("GET", `/legal/holds/${encodeURIComponent(value)}`);
        holdView(res.hold, into);
      }),
      lookup("package", "Package id", "PKG- followed by the request's id.", async (value, into) => {
        const res = await api<LegalPackageAnswer>("GET", `/legal/packages/${encodeURIComponent(value)}`);
        packageView(res.package, into);
      }));
  },
});
