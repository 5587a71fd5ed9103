// A customer's custom rates on the admin users page: a fixed rate for one service, or a
// discount (on one service or on all). A price under the provider's rate is refused by the API
// with the service and both rates named; the message is shown here.
import { api } from "../api";
import { errorLine, field, h, inputValue, onSubmit, table } from "../dom";
import { navigate } from "../app";
import { rate } from "../money";
import type { UserDetail } from "../api-types";

export function customRateCard(userId: string, rates: UserDetail["custom_rates"], back: string): HTMLElement {
  const box = errorLine("rate-error");
  const form = h("form", { id: "rate-form", novalidate: true },
    field("Service id", h("input", { id: "r-service", name: "service", inputmode: "numeric" }),
      "Leave empty for a discount on every service."),
    field("Fixed rate per 1000 (USD)", h("input", { id: "r-fixed", name: "fixed_rate", inputmode: "decimal" })),
    field("or discount %", h("input", { id: "r-discount", name: "discount_percent", inputmode: "decimal" })),
    h("button", { type: "submit" }, "Set custom rate"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const service = inputValue(form, "service").trim();
    const fixed = inputValue(form, "fixed_rate").trim();
    const discount = inputValue(form, "discount_percent").trim();
    await api("PUT", `/admin/users/${userId}/rates`, { service: service ? Number(service) : null,
      fixed_rate: fixed || null, discount_percent: discount || null });
    navigate(back);
  });
  const rows = rates.map((r) => [r.service === null ? "every service" : `#${r.service}`,
    r.fixed_rate !== null ? rate(r.fixed_rate) : `${r.discount_percent}% off`]);
  return h("div", { class: "card", id: "rates-card" }, h("h3", {}, "Custom rates"),
    rows.length ? table("rates-table", ["Service", "Rate"], rows) : h("p", { class: "muted" }, "None."), form);
}
