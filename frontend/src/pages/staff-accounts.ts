// Staff accounts (admins): the list, a form to create a support, legal or admin account, and
// per account disable/enable and "reset second factor". A new password and TOTP secret are
// shown once, on this page only, and never again: the API keeps no readable copy to show.
// Every call is authorised again by the API; every change is recorded in the audit log.
import { api } from "../api";
import { errorLine, field, h, onSubmit, showError, table } from "../dom";
import { addRoute } from "../app";
import { adminNav } from "./admin";
import type { StaffAccount, StaffCreated, StaffFactor, StaffList, User } from "../api-types";

const API = "/admin/staff";
const ROLES = ["support", "legal", "admin"];

function secretLine(label: string, id: string, value: string): HTMLElement[] {
  return [h("strong", {}, label), h("code", { id }, value)];
}

// What an admin must pass on now: it cannot be shown again.
function shownOnce(box: HTMLElement, heading: string, answer: StaffFactor | StaffCreated): void {
  const password = "password" in answer ? secretLine("Password", "new-password", answer.password) : [];
  box.replaceChildren(h("h2", {}, heading),
    h("p", {}, `For ${answer.staff.email}. Shown once: copy it now and hand it over safely.`),
    ...password,
    ...secretLine("Authenticator secret", "new-totp-secret", answer.totp_secret),
    ...secretLine("Authenticator link (otpauth)", "new-totp-uri", answer.totp_uri));
  box.hidden = false;
  box.focus();
}

function actions(me: User | null, s: StaffAccount, box: HTMLElement, secrets: HTMLElement,
  refresh: () => Promise<void>): HTMLElement {
  const run = (button: HTMLButtonElement, call: () => Promise<void>): void => {
    button.addEventListener("click", async () => {
      button.disabled = true;
      showError(box, "");
      try {
        await call();
        await refresh();
      } catch (err) {
        showError(box, (err as Error).message);
        button.disabled = false;
      }
    });
  };
  const cell = h("div", { class: "actions" });
  if (me?.id !== s.id) {
    const verb = s.disabled ? "enable" : "disable";
    const toggle = h("button", { type: "button", id: `${verb}-${s.id}`, "aria-label": `${s.disabled ? "Enable" : "Disable"} ${s.email}` },
      s.disabled ? "Enable" : "Disable") as HTMLButtonElement;
    run(toggle, async () => { await api("POST", `${API}/${s.id}/${verb}`); });
    cell.append(toggle);
  }
  const reset = h("button", { type: "button", class: "secondary", id: `reset-${s.id}`,
    "aria-label": `Reset second factor of ${s.email}` }, "Reset second factor") as HTMLButtonElement;
  run(reset, async () => {
    shownOnce(secrets, "New second factor", await api<StaffFactor>("POST", `${API}/${s.id}/second-factor`));
  });
  cell.append(reset);
  return cell;
}

addRoute("/admin/staff", {
  title: "Staff accounts",
  signedIn: true,
  adminOnly: true,
  async render(me) {
    const box = errorLine("staff-error");
    const secrets = h("div", { class: "card wide shown-once", id: "staff-secrets", role: "status", tabindex: "-1" });
    secrets.hidden = true;
    const list = h("div", { id: "staff-list" });
    const refresh = async (): Promise<void> => {
      const { staff } = await api<StaffList>("GET", API);
      list.replaceChildren(table("staff-table", ["E-mail", "Username", "Role", "Created", "Status", ""],
        staff.map((s) => [s.email, s.username, s.role, s.created_at.slice(0, 10),
          s.disabled ? "Disabled" : "Enabled", actions(me, s, box, secrets, refresh)])));
    };
    await refresh();

    const formBox = errorLine("create-error");
    const email = h("input", { id: "s-email", name: "email", type: "email", autocomplete: "off", required: true }) as
      HTMLInputElement;
    const role = h("select", { id: "s-role", name: "role" },
      ...ROLES.map((r) => h("option", { value: r }, r[0].toUpperCase() + r.slice(1)))) as HTMLSelectElement;
    const username = h("input", { id: "s-username", name: "username", autocomplete: "off", maxlength: "32" }) as
      HTMLInputElement;
    const form = h("form", { id: "create-staff", novalidate: true },
      field("E-mail", email), field("Role", role),
      field("Username (optional)", username, "Made from the e-mail address when left empty."),
      h("button", { type: "submit" }, "Create account"), formBox) as HTMLFormElement;
    onSubmit(form, formBox, async () => {
      const made = await api<StaffCreated>("POST", API, { email: email.value, role: role.value,
        username: username.value.trim() || null });
      form.reset();
      shownOnce(secrets, "New staff account", made);
      await refresh();
    });
    return h("section", {}, adminNav(), h("h1", {}, "Staff accounts"),
      h("p", { class: "muted" }, "A disabled account cannot sign in; disabling it ends its sessions at once."),
      secrets, box, list, h("div", { class: "card wide" }, h("h2", {}, "Create a staff account"), form));
  },
});
