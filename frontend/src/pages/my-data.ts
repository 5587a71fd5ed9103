// The account page's data-rights sections (docs/privacy.md): download my data, correct the
// username and e-mail, object to marketing mail, delete the account (balance shown first);
// and the page the e-mail confirmation link opens.
import { api } from "../api";
import type {
  AccountDeleted, DeletionInfo, EmailChanged, EmailChangeRequested, Preferences, User, UsernameChanged,
} from "../api-types";
import { addRoute, navigate, signedInAs } from "../app";
import { errorLine, field, h, inputValue, onSubmit } from "../dom";
import { money } from "../money";

function exportSection(): HTMLElement {
  return h("section", { id: "my-data" }, h("h2", {}, "Your data"),
    h("p", {}, "Download everything we hold about you: account, orders, payments, tickets, sign-ins and API keys."),
    h("p", {}, h("a", { id: "export-link", class: "button", href: "/api/me/export", download: "my-data.json" },
      "Download my data")));
}

function correctSection(user: User): HTMLElement {
  const nameBox = errorLine("username-error");
  const nameDone = h("p", { class: "notice", id: "username-notice" });
  const nameForm = h("form", { id: "username-form", novalidate: true },
    field("Username", h("input", { id: "new-username", name: "username", value: user.username, required: true })),
    h("button", { type: "submit" }, "Change username"), nameBox, nameDone) as HTMLFormElement;
  onSubmit(nameForm, nameBox, async () => {
    const res = await api<UsernameChanged>("POST", "/me/username", { username: inputValue(nameForm, "username") });
    nameDone.textContent = `Your username is now ${res.user.username}.`;
  });
  const mailBox = errorLine("email-error");
  const mailDone = h("p", { class: "notice", id: "email-notice" });
  const mailForm = h("form", { id: "email-form", novalidate: true },
    field("New e-mail address", h("input", { id: "new-email", name: "email", type: "email", required: true }),
      `Now: ${user.email}. It changes when you open the link we send to the new address.`),
    field("Password", h("input", { id: "email-password", name: "password", type: "password",
      autocomplete: "current-password", required: true })),
    h("button", { type: "submit" }, "Change e-mail"), mailBox, mailDone) as HTMLFormElement;
  onSubmit(mailForm, mailBox, async () => {
    const res = await api<EmailChangeRequested>("POST", "/me/email",
      { email: inputValue(mailForm, "email"), password: inputValue(mailForm, "password") });
    mailDone.textContent = res.message;
    mailForm.reset();
  });
  return h("section", { id: "correct" }, h("h2", {}, "Correct your details"), nameForm, mailForm);
}

function objectSection(): HTMLElement {
  const box = errorLine("preferences-error");
  const check = h("input", { id: "marketing-opt-out", type: "checkbox" }) as HTMLInputElement;
  void api<Preferences>("GET", "/me/preferences").then((p) => { check.checked = p.marketing_opt_out; })
    .catch(() => undefined);
  check.addEventListener("change", async () => {
    box.hidden = true;
    try {
      const p = await api<Preferences>("POST", "/me/preferences", { marketing_opt_out: check.checked });
      check.checked = p.marketing_opt_out;
    } catch (err) {
      box.textContent = (err as Error).message;
      box.hidden = false;
    }
  });
  return h("section", { id: "objections" }, h("h2", {}, "Optional processing"),
    h("label", { class: "check" }, check, "No marketing e-mails, please."), box,
    h("p", {}, "Analytics and other optional cookies: ",
      // A button, not a link: the site's router would take a link's click for a navigation.
      h("button", { type: "button", class: "link", id: "account-cookie-settings", "data-cc": "show-preferencesModal" },
        "Cookie settings")));
}

function deleteSection(): HTMLElement {
  const area = h("div", { id: "delete-area" });
  const start = h("button", { type: "button", id: "delete-start", class: "danger" }, "Delete my account…");
  start.addEventListener("click", async () => {
    start.remove();
    const info = await api<DeletionInfo>("GET", "/me/delete");
    const box = errorLine("delete-error");
    const form = h("form", { id: "delete-form", novalidate: true },
      h("p", { id: "delete-balance" }, `Your balance: ${money(info.balance)}.`,
        info.balance_must_be_accepted ? " Ask support for a refund first if you want it back." : ""),
      info.open_orders > 0 ? h("p", {}, `${info.open_orders} order(s) are still running; they finish as ordered.`)
        : null,
      h("ul", {}, ...info.what_happens.map((line) => h("li", {}, line))),
      h("p", { class: "muted" }, info.financial_records_kept),
      info.balance_must_be_accepted ? h("label", { class: "check" },
        h("input", { id: "accept-balance-loss", name: "accept_balance_loss", type: "checkbox" }),
        `I give up my balance of ${money(info.balance)}.`) : null,
      field("Password", h("input", { id: "delete-password", name: "password", type: "password",
        autocomplete: "current-password", required: true })),
      h("button", { type: "submit", class: "danger" }, "Delete my account permanently"), box) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const accept = form.elements.namedItem("accept_balance_loss") as HTMLInputElement | null;
      const res = await api<AccountDeleted>("POST", "/me/delete",
        { password: inputValue(form, "password"), accept_balance_loss: accept?.checked ?? false });
      signedInAs(null);
      deletedNotice = `${res.message} Reference for a refund request: ${res.account_reference}.`;
      navigate("/account-deleted");
    });
    area.append(form);
  });
  return h("section", { id: "delete" }, h("h2", {}, "Delete account"), area, start);
}

// Kept in memory only: the site stores nothing in the browser without consent.
let deletedNotice = "Your account was deleted.";

export function dataRightsSections(user: User): HTMLElement[] {
  return [exportSection(), correctSection(user), objectSection(), deleteSection()];
}

addRoute("/account-deleted", {
  title: "Account deleted",
  render: () => h("div", { class: "card" }, h("h1", {}, "Account deleted"),
    h("p", { id: "deleted-notice" }, deletedNotice),
    h("p", {}, h("a", { href: "/" }, "Go home"))),
});

addRoute("/confirm-email", {
  title: "Confirm your e-mail address",
  render() {
    // The token arrives in the URL fragment, which is never sent to a server.
    const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
    const box = errorLine();
    const done = h("p", { class: "notice", id: "form-notice" });
    const form = h("form", { id: "confirm-email-form" },
      h("button", { type: "submit" }, "Use this e-mail address"), box, done) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const res = await api<EmailChanged>("POST", "/account/email/confirm", { token });
      history.replaceState({}, "", "/confirm-email");
      done.textContent = `${res.message} New address: ${res.email}.`;
    });
    return h("div", { class: "card" }, h("h1", {}, "Confirm your e-mail address"), form);
  },
});
