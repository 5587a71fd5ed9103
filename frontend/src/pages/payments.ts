// Adding funds with a card (Stripe), and the top-up history. The balance changes only when
// Stripe's webhook reaches the panel; this page waits for that and says so.
import { api, ApiError } from "../api";
import { errorLine, field, h, loadMore, onSubmit, table } from "../dom";
import { addRoute } from "../app";
import { mountCard } from "../stripe-card";
import { money } from "../money";
import type { Balance, PaymentsConfig, StartedTopUp, TopUp, TopUpAnswer, TopUpPage } from "../api-types";

const STATUS_TEXT: Record<string, string> = {
  created: "started", requires_action: "waiting for card authentication", processing: "waiting for confirmation",
  succeeded: "paid", failed: "failed",
};

const topUpRow = (t: TopUp) => [String(t.id), new Date(t.created_at).toLocaleString(), money(t.amount), money(t.bonus),
  t.method.replace(/_/g, " "), (STATUS_TEXT[t.status] ?? t.status) + (t.failure ? ` (${t.failure})` : ""),
  t.transaction_id ?? "–", `${money(t.refunded)} / ${money(t.disputed)}`];

// The first page of a top-up list and a button for the older ones (`url` without cursor).
export function topUpTable(id: string, page: TopUpPage, url: string): HTMLElement {
  if (!page.top_ups.length) return h("p", { class: "muted", id }, "No top-ups yet.");
  const joiner = url.includes("?") ? "&" : "?";
  return h("div", { id: `${id}-list` },
    table(id, ["#", "Date", "Amount", "Bonus", "Method", "Status", "Transaction", "Refunded / disputed"],
      page.top_ups.map(topUpRow)),
    loadMore(id, "Show older top-ups", page.next_cursor, async (cursor) => {
      const next = await api<TopUpPage>("GET", `${url}${joiner}cursor=${encodeURIComponent(cursor)}`);
      return { items: next.top_ups, next_cursor: next.next_cursor };
    }, topUpRow));
}

function bonusFor(amount: number, tiers: PaymentsConfig["bonus_tiers"]): number {
  const reached = tiers.filter((t) => amount >= Number(t.min_amount));
  if (!reached.length) return 0;
  const best = reached.reduce((a, b) => (Number(b.min_amount) > Number(a.min_amount) ? b : a));
  return Math.floor(amount * Number(best.percent)) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForWebhook(id: number, status: HTMLElement): Promise<TopUp> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const { top_up } = await api<TopUpAnswer>("GET", `/payments/top-ups/${id}`);
    if (top_up.status === "succeeded" || top_up.status === "failed") return top_up;
    status.textContent = "Payment sent; waiting for Stripe's confirmation…";
    await sleep(1000);
  }
  throw new Error("Stripe has not confirmed the payment yet. Your balance updates as soon as it does.");
}

addRoute("/add-funds", {
  title: "Add funds",
  signedIn: true,
  async render() {
    const [config, history] = await Promise.all([
      api<PaymentsConfig>("GET", "/payments/config"),
      api<TopUpPage>("GET", "/payments/top-ups"),
    ]);
    const box = errorLine();
    const status = h("p", { class: "notice", id: "topup-status", role: "status" });
    const amount = h("input", { id: "amount", name: "amount", inputmode: "decimal", required: true,
      placeholder: config.min_amount }) as HTMLInputElement;
    const bonus = h("p", { class: "hint", id: "bonus-preview" });
    amount.addEventListener("input", () => {
      const value = Number(amount.value);
      const extra = Number.isFinite(value) ? bonusFor(value, config.bonus_tiers) : 0;
      bonus.textContent = extra > 0 ? `Bonus: +${money(extra.toFixed(5))}` : "";
    });
    const cardBox = h("div", { id: "card-element", class: "card-element" });
    const form = h("form", { id: "topup-form", novalidate: true },
      field("Amount (USD)", amount, `From ${money(config.min_amount)} to ${money(config.max_amount)}.`), bonus,
      h("div", {}, h("label", {}, "Card"), cardBox,
        h("p", { class: "hint" }, "Card details go straight to Stripe; this panel never sees them.")),
      h("button", { type: "submit", id: "pay" }, "Pay"), box, status) as HTMLFormElement;
    // One key per amount typed: a double click or a retry after a lost answer pays once.
    let key = crypto.randomUUID();
    amount.addEventListener("change", () => { key = crypto.randomUUID(); });
    const card = mountCard(config, cardBox);
    card.catch((err: Error) => { box.hidden = false; box.textContent = err.message; });
    onSubmit(form, box, async () => {
      status.textContent = "";
      const field = await card;
      const paymentMethod = await field.paymentMethodId();
      let started: StartedTopUp;
      try {
        started = await api<StartedTopUp>("POST", "/payments/top-ups", { amount: amount.value.trim(), payment_method: paymentMethod },
          { "Idempotency-Key": key });
      } catch (err) {
        if (err instanceof ApiError && err.status === 402) key = crypto.randomUUID(); // declined: a new attempt
        throw err;
      }
      if (started.client_secret) {
        status.textContent = "Your bank asks you to confirm this payment…";
        await field.authenticate(started.client_secret);
      }
      const done = await waitForWebhook(started.top_up.id, status);
      key = crypto.randomUUID();
      if (done.status === "failed") throw new Error(done.failure ?? "The payment did not go through.");
      const { balance } = await api<Balance>("GET", "/balance");
      status.textContent = `Payment received: ${money(done.amount)}` +
        (Number(done.bonus) > 0 ? ` + ${money(done.bonus)} bonus` : "") + `. Balance: ${money(balance)}`;
      const fresh = await api<TopUpPage>("GET", "/payments/top-ups");
      const shown = document.getElementById("topups-table-list") ?? document.getElementById("topups-table");
      shown?.replaceWith(topUpTable("topups-table", fresh, "/payments/top-ups"));
    });
    const tiers = config.bonus_tiers.length
      ? h("ul", { id: "bonus-tiers" }, ...config.bonus_tiers.map((t) =>
        h("li", {}, `+${t.percent}% bonus from ${money(t.min_amount)}`)))
      : null;
    return h("section", {}, h("h1", {}, "Add funds"),
      h("div", { class: "card" }, tiers, form),
      h("h2", {}, "Your top-ups"), topUpTable("topups-table", history, "/payments/top-ups"));
  },
});
