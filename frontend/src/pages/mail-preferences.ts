// The account page's service-mail switches (docs/architecture.md, "Customer mails"): each
// saves on change with the version last read, so a second tab cannot silently undo it.
import { api } from "../api";
import type { MailPreferencesOut } from "../api-types";
import { errorLine, h } from "../dom";

type Switch = "order_completed" | "order_partial" | "order_canceled" | "top_up_received";

const SWITCHES: [Switch, string][] = [
  ["order_completed", "An order is completed"],
  ["order_partial", "An order ends partially completed (with the refund)"],
  ["order_canceled", "An order is canceled (with the refund)"],
  ["top_up_received", "A top-up is received (amount and new balance)"],
];

export function mailPreferencesSection(): HTMLElement {
  const box = errorLine("mail-preferences-error");
  const saved = h("p", { class: "notice", id: "mail-preferences-notice", role: "status" });
  let current: MailPreferencesOut | null = null;
  const checks = new Map<Switch, HTMLInputElement>();
  const show = (prefs: MailPreferencesOut): void => {
    current = prefs;
    for (const [name, check] of checks) {
      check.checked = prefs[name];
      check.disabled = false;
    }
  };
  const save = async (): Promise<void> => {
    if (!current) return;
    box.hidden = true;
    saved.textContent = "";
    const body = { ...current };
    for (const [name, check] of checks) body[name] = check.checked;
    try {
      show(await api<MailPreferencesOut>("PUT", "/account/mail-preferences", body));
      saved.textContent = "Saved.";
    } catch (err) {
      box.textContent = (err as Error).message;
      box.hidden = false;
      show(current);  // back to what is stored
    }
  };
  const rows = SWITCHES.map(([name, text]) => {
    // Disabled until the stored switches are read: a click before that would save defaults.
    const check = h("input", { id: `mail-${name.replace(/_/g, "-")}`, type: "checkbox", disabled: true }) as
      HTMLInputElement;
    check.addEventListener("change", () => void save());
    checks.set(name, check);
    return h("label", { class: "check" }, check, text);
  });
  void api<MailPreferencesOut>("GET", "/account/mail-preferences").then(show).catch((err: Error) => {
    box.textContent = err.message;
    box.hidden = false;
  });
  return h("section", { id: "mail-preferences" }, h("h2", {}, "E-mails about your orders and payments"),
    h("fieldset", {}, h("legend", {}, "E-mail me when"), ...rows), saved, box);
}
