// Admin: services. The global markup, a filter, and an edit form per service: customer name,
// description, category, sort order, its own markup (or the global one), refill window,
// one order per link, backup provider, enabled. The provider's name is shown to staff only.
import { api } from "../api";
import { actionButton, errorLine, field, h, inputValue, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";
import { rate } from "../money";
import { adminNav } from "./admin";
import { changeReports } from "./catalog-shared";
import type { AdminService, AdminServiceList } from "../api-types";

function state(s: AdminService): string {
  if (!s.provider_available) return "dropped by provider";
  return s.enabled ? "enabled" : "disabled";
}

addRoute("/admin/services", {
  title: "Services",
  signedIn: true,
  adminOnly: true,
  async render() {
    const params = new URLSearchParams(location.search);
    const q = (params.get("q") ?? "").trim();
    const wanted = params.get("state") ?? "";
    const [res, changes] = await Promise.all([api<AdminServiceList>("GET", "/admin/services"),
      changeReports("/admin/services")]);
    const box = errorLine();
    const markupForm = h("form", { id: "markup-form", class: "filters" },
      h("label", { for: "markup" }, "Global markup %"),
      h("input", { id: "markup", name: "markup", value: res.markup_percent, inputmode: "decimal" }),
      h("button", { type: "submit" }, "Save")) as HTMLFormElement;
    onSubmit(markupForm, box, async () => {
      await api("PUT", "/admin/catalog/markup", { markup_percent: inputValue(markupForm, "markup") });
      navigate("/admin/services");
    });
    const filter = h("form", { id: "service-filter", class: "filters", role: "search" },
      h("label", { for: "svc-q" }, "Search"),
      h("input", { id: "svc-q", name: "q", value: q, type: "search", placeholder: "name, category or id" }),
      h("label", { for: "svc-state" }, "State"),
      h("select", { id: "svc-state", name: "state" }, ...[["", "All"], ["enabled", "Enabled"],
        ["disabled", "Disabled"], ["dropped by provider", "Dropped by provider"]].map(([value, label]) =>
        h("option", { value, selected: value === wanted }, label))),
      h("button", { type: "submit" }, "Filter")) as HTMLFormElement;
    filter.addEventListener("submit", (event) => {
      event.preventDefault();
      const query = new URLSearchParams({ q: inputValue(filter, "q"), state: inputValue(filter, "state") });
      navigate(`/admin/services?${query.toString()}`);
    });
    const needle = q.toLowerCase();
    const shown = res.services.filter((s) => (!wanted || state(s) === wanted) && (!needle
      || [s.name, s.provider_name, s.category, String(s.service)].some((v) => v.toLowerCase().includes(needle))));
    const editor = serviceEditor();
    const rows = shown.map((s) => [String(s.service), s.name || h("em", { class: "muted" }, "(no customer name)"),
      s.provider_name, s.category, s.type, rate(s.provider_rate), s.markup_percent ?? "global", rate(s.rate),
      `${s.min}–${s.max}`, state(s),
      actionButton("Edit", `edit-service-${s.service}`, async () => editor.open(s), box,
        { "aria-label": `Edit service ${s.service}` })]);
    return h("section", {}, adminNav(), h("h1", {}, "Services"), markupForm, filter, box, editor.card,
      rows.length ? table("services-table", ["ID", "Customer name", "Provider's name", "Category", "Type",
        "Provider rate", "Markup", "Our rate", "Limits", "State", ""], rows)
        : h("p", { class: "muted" }, res.services.length ? "No service matches." : "No services yet: import them "
          + "from a provider."), changes);
  },
});

function serviceEditor(): { card: HTMLElement; open: (s: AdminService) => void } {
  let current: AdminService | null = null;
  const box = errorLine("service-edit-error");
  const title = h("h2", { id: "service-edit-title" }, "Edit a service");
  const input = (id: string, name: string, attrs: Record<string, string> = {}) =>
    h("input", { id, name, ...attrs }) as HTMLInputElement;
  const name = input("s-name", "name", { maxlength: "200" });
  const description = h("textarea", { id: "s-description", name: "description", rows: "3",
    maxlength: "5000" }) as HTMLTextAreaElement;
  const category = input("s-category", "category", { maxlength: "100" });
  const sort = input("s-sort", "sort", { type: "number", min: "0", inputmode: "numeric" });
  const markup = input("s-markup", "markup_percent", { inputmode: "decimal" });
  const refill = input("s-refill-days", "refill_window_days", { type: "number", min: "0", max: "365",
    inputmode: "numeric" });
  const onePerLink = input("s-one-per-link", "one_active_order_per_link", { type: "checkbox" });
  const backupProvider = input("s-backup-provider", "backup_provider_id", { inputmode: "numeric" });
  const backupService = input("s-backup-service", "backup_provider_service", { maxlength: "50" });
  const enabled = input("s-enabled", "enabled", { type: "checkbox" });
  const flags = h("p", { class: "hint", id: "s-flags" });
  const check = (el: HTMLInputElement, label: string) => h("div", { class: "check" }, el,
    h("label", { for: el.id }, label));
  const form = h("form", { id: "service-edit-form", novalidate: true },
    field("Customer name", name, "What customers see; required before it can be enabled."),
    field("Description", description), field("Category", category), field("Sort order", sort),
    field("Markup %", markup, "Leave empty for the global markup."),
    field("Refill window (days)", refill), check(onePerLink, "One active order per link"),
    field("Backup provider id", backupProvider, "Leave both backup fields empty for none."),
    field("Backup provider's service id", backupService), check(enabled, "Enabled (customers can order it)"), flags,
    h("button", { type: "submit" }, "Save service"), box) as HTMLFormElement;
  const card = h("div", { class: "card", id: "service-edit" }, title, form);
  card.hidden = true;
  onSubmit(form, box, async () => {
    if (current === null) return;
    const body: Record<string, unknown> = {
      description: description.value, sort: Number(sort.value || "0"), refill_window_days: Number(refill.value || "0"),
      one_active_order_per_link: onePerLink.checked, enabled: enabled.checked,
    };
    if (name.value.trim() !== "" || current.name !== "") body.name = name.value.trim();
    if (category.value.trim() !== "") body.category = category.value.trim();
    if (markup.value.trim() === "") body.clear_markup = true;
    else body.markup_percent = markup.value.trim();
    if (backupProvider.value.trim() === "" && backupService.value.trim() === "") body.clear_backup = true;
    else {
      body.backup_provider_id = Number(backupProvider.value.trim());
      body.backup_provider_service = backupService.value.trim();
    }
    if (body.name === "") throw new Error("Give the service a customer name (or leave it as it was).");
    await api("PATCH", `/admin/services/${current.service}`, body);
    navigate(location.pathname + location.search);
  });
  return {
    card,
    open(s: AdminService) {
      current = s;
      title.textContent = `Edit service ${s.service} (provider ${s.provider_id}: ${s.provider_name || s.provider_service})`;
      name.value = s.name;
      description.value = s.description;
      category.value = s.category;
      sort.value = String(s.sort);
      markup.value = s.markup_percent ?? "";
      refill.value = String(s.refill_window_days);
      onePerLink.checked = s.one_active_order_per_link;
      backupProvider.value = s.backup_provider_id ? String(s.backup_provider_id) : "";
      backupService.value = s.backup_provider_service ?? "";
      enabled.checked = s.enabled;
      flags.textContent = `From the provider: refill ${s.refill ? "yes" : "no"}, cancel ${s.cancel ? "yes" : "no"}, `
        + `drip-feed ${s.dripfeed ? "yes" : "no"}; limits ${s.min}–${s.max}.`;
      showError(box, "");
      card.hidden = false;
      name.focus();
    },
  };
}
