// Admin: providers. Edit, enable/disable, rotate the API key, check the balance (a warning under
// the low-balance threshold), choose which of a provider's services to import, sync now, and
// the change reports of syncs. Every call is authorised again by the API.
import { api, ApiError } from "../api";
import { actionButton, errorLine, field, h, inputValue, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";
import { decimal, rate } from "../money";
import { adminNav } from "./admin";
import { changeReports } from "./catalog-shared";
import type { ImportResult, Provider, ProviderBalance, ProviderList, UpstreamList } from "../api-types";

addRoute("/admin/providers", {
  title: "Providers",
  signedIn: true,
  adminOnly: true,
  async render() {
    const [{ providers }, changes] = await Promise.all([api<ProviderList>("GET", "/admin/providers"),
      changeReports("/admin/providers")]);
    const box = errorLine();
    const notice = h("p", { class: "notice", id: "admin-notice", role: "status" });
    const editor = providerEditor();
    const picker = importPicker(notice);
    // A provider's balance is in its own currency: two decimals and the currency's code.
    const amount = (balance: string, currency: string): string => `${decimal(balance)} ${currency}`;
    const balanceText = (p: Provider, balance: string, currency: string): [string, boolean] => {
      const low = Number(balance) < Number(p.low_balance_threshold);
      return [amount(balance, currency) + (low ? ` · low (under ${amount(p.low_balance_threshold, "USD")})` : ""), low];
    };
    const balanceCell = (p: Provider): HTMLElement => {
      const cell = h("span", { id: `last-balance-${p.id}` }, "–");
      if (p.last_balance) {
        const [text, low] = balanceText(p, p.last_balance.balance, p.last_balance.currency);
        cell.textContent = text;
        if (low) cell.className = "error";
      }
      return cell;
    };
    const rows = providers.map((p) => [String(p.id), p.name, p.api_url, p.api_key, p.enabled ? "yes" : "no",
      balanceCell(p),
      h("span", { class: "actions" },
        actionButton("Check balance", `balance-${p.id}`, async () => {
          const res = await api<ProviderBalance>("POST", `/admin/providers/${p.id}/balance`);
          const [text, low] = balanceText(p, res.balance, res.currency);
          notice.textContent = `${p.name}: ${text}`;
          const cell = document.getElementById(`last-balance-${p.id}`);
          if (cell) {
            cell.textContent = text;
            cell.className = low ? "error" : "";
          }
        }, box),
        actionButton("Import services…", `import-${p.id}`, async () => picker.open(p), box),
        actionButton("Sync now", `sync-${p.id}`, async () => {
          await api("POST", `/admin/providers/${p.id}/sync`);
          navigate("/admin/providers");
        }, box),
        actionButton(p.enabled ? "Disable" : "Enable", `toggle-provider-${p.id}`, async () => {
          await api("PATCH", `/admin/providers/${p.id}`, { enabled: !p.enabled });
          navigate("/admin/providers");
        }, box),
        actionButton("Edit", `edit-${p.id}`, async () => editor.open(p), box))]);
    const warnings = providers.filter((p) => p.low_balance).map((p) =>
      h("p", { class: "error", role: "alert", id: `low-balance-${p.id}` }, `${p.name}: balance `
        + `${amount(p.last_balance?.balance ?? "0", p.last_balance?.currency ?? "USD")} is under `
        + `${amount(p.low_balance_threshold, "USD")}. Top it up before orders are refused.`));
    const formBox = errorLine("provider-error");
    const form = h("form", { id: "provider-form", novalidate: true },
      field("Name", h("input", { id: "p-name", name: "name" })),
      field("API URL", h("input", { id: "p-url", name: "api_url", type: "url", placeholder: "https://…/api/v2" })),
      field("API key", h("input", { id: "p-key", name: "api_key", type: "password", autocomplete: "off" }),
        "Stored in the secret store; only its last characters are ever shown."),
      h("button", { type: "submit" }, "Add provider"), formBox) as HTMLFormElement;
    onSubmit(form, formBox, async () => {
      await api("POST", "/admin/providers", { name: inputValue(form, "name"), api_url: inputValue(form, "api_url"),
        api_key: inputValue(form, "api_key") });
      navigate("/admin/providers");
    });
    return h("section", {}, adminNav(), h("h1", {}, "Providers"), ...warnings,
      rows.length ? table("providers-table", ["ID", "Name", "API URL", "Key", "Enabled", "Last balance", ""], rows)
        : h("p", { class: "muted" }, "No providers yet."), box, notice, editor.card, picker.card, changes,
      h("div", { class: "card" }, h("h2", {}, "Add a provider"), form));
  },
});

// The provider's services as it offers them now: staff tick the ones to import.
function importPicker(notice: HTMLElement): { card: HTMLElement; open: (p: Provider) => Promise<void> } {
  const box = errorLine("import-error");
  const title = h("h2", { id: "import-title" }, "Import services");
  const body = h("div", {});
  const card = h("div", { class: "card", id: "import-picker" }, title, body, box);
  card.hidden = true;
  return {
    card,
    async open(p: Provider) {
      const { services, skipped } = await api<UpstreamList>("GET", `/admin/providers/${p.id}/services`);
      title.textContent = `Import services of ${p.name}`;
      const rows = services.map((s) => [
        s.imported_as ? h("span", {}, `imported as #${s.imported_as}`)
          : h("input", { type: "checkbox", name: "services", value: s.provider_service, id: `pick-${s.provider_service}`,
            "aria-label": `Import ${s.name} (${s.provider_service})` }),
        s.provider_service, s.name, s.category, s.type, rate(s.provider_rate), `${s.min}–${s.max}`]);
      const form = h("form", { id: "import-form", novalidate: true },
        table("upstream-table", ["Import", "Provider's id", "Provider's name", "Category", "Type", "Rate", "Limits"],
          rows),
        skipped.length ? h("p", { class: "hint" }, `Refused entries: ${skipped.join("; ")}`) : "",
        h("p", { class: "hint" }, "Imported services start disabled: give each a customer name, then enable it."),
        h("button", { type: "submit" }, "Import selected")) as HTMLFormElement;
      onSubmit(form, box, async () => {
        const picked = Array.from(form.querySelectorAll<HTMLInputElement>("input[name=services]:checked"))
          .map((input) => input.value);
        if (!picked.length) throw new Error("Tick at least one service to import.");
        const res = await api<ImportResult>("POST", `/admin/providers/${p.id}/import`, { services: picked });
        notice.textContent = `Imported ${res.imported.length} service(s) of ${p.name}, disabled until named.`;
        card.hidden = true;
      });
      body.replaceChildren(form);
      showError(box, "");
      card.hidden = false;
      (form.querySelector("input[type=checkbox]") as HTMLInputElement | null)?.focus();
    },
  };
}

const KEY_AGAIN = "Enter the provider's API key again to change its API URL.";

// Changing a provider. A new URL needs the API key in the same request (the API refuses it
// otherwise, so the stored key can never be sent to a host an admin picks): the key field
// becomes required as soon as the URL differs from the saved one. A key alone rotates it.
function providerEditor(): { card: HTMLElement; open: (p: Provider) => void } {
  let current: Provider | null = null;
  const box = errorLine("provider-edit-error");
  const title = h("h2", {}, "Change a provider");
  const name = h("input", { id: "e-name", name: "name" }) as HTMLInputElement;
  const url = h("input", { id: "e-url", name: "api_url", type: "url" }) as HTMLInputElement;
  const key = h("input", { id: "e-key", name: "api_key", type: "password", autocomplete: "off" }) as HTMLInputElement;
  const keyHint = h("p", { class: "hint", id: "e-key-hint" }, "Leave empty to keep the stored key.");
  const threshold = h("input", { id: "e-low", name: "low_balance_usd", inputmode: "decimal" }) as HTMLInputElement;
  const form = h("form", { id: "provider-edit-form", novalidate: true },
    field("Name", name), field("API URL", url), h("div", {}, h("label", { for: "e-key" }, "API key"), key, keyHint),
    field("Low-balance warning under (USD)", threshold, "Leave empty for the panel-wide threshold."),
    h("button", { type: "submit" }, "Save changes"), box) as HTMLFormElement;
  const card = h("div", { class: "card", id: "provider-edit" }, title, form);
  card.hidden = true;
  const urlChanged = (): boolean => current !== null && url.value.trim() !== current.api_url;
  const refreshKey = (): void => {
    key.required = urlChanged();
    keyHint.textContent = key.required ? `Required: ${KEY_AGAIN}` : "Leave empty to keep the stored key.";
    key.removeAttribute("aria-invalid");
  };
  url.addEventListener("input", refreshKey);
  key.addEventListener("input", () => key.removeAttribute("aria-invalid"));
  onSubmit(form, box, async () => {
    if (current === null) return;
    if (urlChanged() && key.value.trim() === "") {
      key.setAttribute("aria-invalid", "true");
      key.focus();
      throw new Error(KEY_AGAIN);
    }
    const changes: Record<string, string | boolean> = {};
    if (name.value !== current.name) changes.name = name.value;
    if (urlChanged()) changes.api_url = url.value.trim();
    if (key.value.trim() !== "") changes.api_key = key.value.trim();
    const low = threshold.value.trim();
    if (low === "" && current.low_balance_usd) changes.clear_low_balance = true;
    else if (low !== "" && low !== decimalOf(current.low_balance_usd)) changes.low_balance_usd = low;
    try {
      await api("PATCH", `/admin/providers/${current.id}`, changes);
    } catch (err) {
      if (err instanceof ApiError && err.fields.api_key) key.setAttribute("aria-invalid", "true");
      if (err instanceof ApiError && err.fields.api_url) url.setAttribute("aria-invalid", "true");
      throw err;
    }
    navigate("/admin/providers");
  });
  return {
    card,
    open(p: Provider) {
      current = p;
      title.textContent = `Change provider ${p.id}: ${p.name}`;
      name.value = p.name;
      url.value = p.api_url;
      key.value = "";
      threshold.value = decimalOf(p.low_balance_usd);
      url.removeAttribute("aria-invalid");
      showError(box, "");
      refreshKey();
      card.hidden = false;
      name.focus();
    },
  };
}

function decimalOf(amount: string | null | undefined): string {
  return amount ? Number(amount).toFixed(2) : "";
}
