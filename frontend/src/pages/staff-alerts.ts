// Staff alerts (admins): who receives which alert by e-mail, the Telegram chat alerts also go
// to (the bot token is written once and never shown again, only its hint), a test alert, and
// the alerts sent this month and last. Every call is authorised again by the API; setting or
// removing Telegram is recorded in the audit log.
import { api } from "../api";
import { errorLine, field, h, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";
import { adminNav } from "./admin";
import type { AlertsPage, AlertTestSent, LoggedAlert } from "../api-types";

const API = "/admin/alerts";

// What each alert is, in words, for the rules table.
const KINDS: Record<string, string> = {
  high_priority_ticket: "A new high-priority ticket (a top-up problem)",
  provider_low_balance: "A provider's balance below its threshold (once a day while it lasts)",
  orders_waiting_review: "Orders waiting for review (when a new one arrives)",
  ledger_mismatch: "A balance that differs from its ledger (once a day while it lasts)",
  sla_claim_overdue: "An SLA claim past its decision deadline",
  legal_follow_up_overdue: "An emergency legal request past its follow-up deadline (daily)",
  test: "A test alert",
};

function alertRow(a: LoggedAlert): Array<string> {
  return [new Date(a.at).toLocaleString(), a.title,
    Object.entries(a.facts).map(([name, value]) => `${name}: ${value}`).join("; ")];
}

addRoute("/admin/alerts", {
  title: "Alerts",
  signedIn: true,
  adminOnly: true,
  async render() {
    const page = await api<AlertsPage>("GET", API);
    const telegram = page.settings.telegram;
    const box = errorLine("alerts-error");
    const notice = h("p", { class: "notice", id: "alerts-notice", role: "status" });

    const token = h("input", { id: "tg-token", name: "bot_token", type: "password", autocomplete: "off",
      required: true, placeholder: "123456789:AA…" }) as HTMLInputElement;
    const chat = h("input", { id: "tg-chat", name: "chat_id", autocomplete: "off", required: true,
      value: telegram.chat_id ?? "", placeholder: "-1001234567890 or @channel" }) as HTMLInputElement;
    const formBox = errorLine("telegram-error");
    const form = h("form", { id: "telegram-form", novalidate: true },
      field("Bot token", token, "From BotFather. Stored as a secret; only its last characters are shown again."),
      field("Chat", chat, "The group or channel the bot posts to: its numeric id, or a public channel's @name. "
        + "Add the bot to it first."),
      h("button", { type: "submit" }, telegram.on ? "Change Telegram" : "Send alerts to Telegram too"),
      formBox) as HTMLFormElement;
    onSubmit(form, formBox, async () => {
      await api("PUT", `${API}/telegram`, { bot_token: token.value, chat_id: chat.value });
      navigate(API);
    });

    const remove = h("button", { type: "button", class: "secondary", id: "tg-remove" },
      "Stop sending to Telegram") as HTMLButtonElement;
    remove.hidden = !telegram.on;
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      try {
        await api("DELETE", `${API}/telegram`);
        navigate(API);
      } catch (err) {
        showError(box, (err as Error).message);
        remove.disabled = false;
      }
    });

    const test = h("button", { type: "button", id: "alert-test" }, "Send a test alert") as HTMLButtonElement;
    test.addEventListener("click", async () => {
      test.disabled = true;
      showError(box, "");
      try {
        const res = await api<AlertTestSent>("POST", `${API}/test`);
        notice.textContent = res.sent ? "Test alert sent to every admin's e-mail"
          + (telegram.on ? " and to Telegram." : ".") : "A test alert went out this second already.";
      } catch (err) {
        showError(box, (err as Error).message);
      } finally {
        test.disabled = false;
      }
    });

    const status = telegram.on
      ? h("p", { id: "tg-status" }, "Telegram: on, chat ", h("code", {}, telegram.chat_id ?? ""), ", bot token ",
        h("code", {}, telegram.token_hint ?? ""), ". Messages carry ids and amounts only, never a customer's "
          + "details.")
      : h("p", { id: "tg-status" }, "Telegram: off. Alerts go by e-mail only.");
    return h("section", {}, adminNav(), h("h1", {}, "Alerts"),
      h("p", { class: "muted" }, "Alerts go by e-mail to enabled staff of the roles below, once per event."),
      table("alert-rules", ["Alert", "E-mailed to"], page.rules.map((r) => [KINDS[r.kind] ?? r.kind,
        r.roles.join(", ")])),
      box, notice, h("p", {}, test),
      h("div", { class: "card wide", id: "telegram-card" }, h("h2", {}, "Telegram"), status, remove, form),
      h("h2", {}, "Sent lately"),
      page.recent.length ? table("alerts-sent", ["When", "Alert", "Details"], page.recent.map(alertRow))
        : h("p", { class: "muted", id: "alerts-none" }, "No alert sent this month or last."));
  },
});
