// Visitor pages: create account, sign in (with the staff TOTP step), forgot and reset password.
import { api } from "../api";
import type { Notice, PasswordReset, SignedIn, TotpRequired } from "../api-types";
import { errorLine, field, h, inputValue, onSubmit } from "../dom";
import { addRoute, navigate, signedInAs } from "../app";

type SignIn = SignedIn | TotpRequired;

const errorBox = (): HTMLElement => errorLine();
const value = inputValue;

function totpStep(challenge: string): HTMLElement {
  const box = errorBox();
  const form = h("form", { id: "totp-form", novalidate: true },
    field("Authentication code", h("input", { id: "totp", name: "code", type: "text", inputmode: "numeric",
      autocomplete: "one-time-code", required: true, maxlength: "6" }), "The 6-digit code from your authenticator app."),
    h("button", { type: "submit" }, "Verify"),
    box,
  ) as HTMLFormElement;
  onSubmit(form, box, async () => {
    const res = await api<SignedIn>("POST", "/auth/login/totp",
      { challenge, code: value(form, "code") });
    signedInAs(res.user, res.csrf_token);
    navigate("/dashboard");
  });
  return h("div", { class: "card" }, h("h1", {}, "Two-step verification"), form);
}

addRoute("/login", {
  title: "Sign in",
  signedIn: false,
  render() {
    const box = errorBox();
    const form = h("form", { id: "login-form", novalidate: true },
      field("E-mail", h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true })),
      field("Password", h("input", { id: "password", name: "password", type: "password",
        autocomplete: "current-password", required: true })),
      h("button", { type: "submit" }, "Sign in"),
      box,
    ) as HTMLFormElement;
    const card = h("div", { class: "card" }, h("h1", {}, "Sign in"), form,
      h("p", {}, h("a", { href: "/forgot-password" }, "Forgot your password?")),
      h("p", { class: "muted" }, "New here? ", h("a", { href: "/register" }, "Create an account")));
    onSubmit(form, box, async () => {
      const res = await api<SignIn>("POST", "/auth/login", { email: value(form, "email"), password: value(form, "password") });
      if ("totp_required" in res) {
        card.replaceWith(totpStep(res.challenge));
        (document.getElementById("totp") as HTMLInputElement).focus();
        return;
      }
      signedInAs(res.user, res.csrf_token);
      navigate("/dashboard");
    });
    return card;
  },
});

addRoute("/register", {
  title: "Create account",
  signedIn: false,
  render() {
    const box = errorBox();
    const form = h("form", { id: "register-form", novalidate: true },
      field("Username", h("input", { id: "username", name: "username", type: "text", autocomplete: "username",
        required: true, maxlength: "32" }), "3 to 32 characters, no spaces."),
      field("E-mail", h("input", { id: "email", name: "email", type: "email", autocomplete: "email", required: true })),
      field("Password", h("input", { id: "password", name: "password", type: "password", autocomplete: "new-password",
        required: true }), "At least 10 characters (at most 72 bytes)."),
      h("label", { class: "check" }, h("input", { id: "adult", name: "adult", type: "checkbox" }),
        "I confirm that I am 18 years of age or older."),
      h("button", { type: "submit" }, "Create account"),
      box,
    ) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const email = value(form, "email");
      const password = value(form, "password");
      await api("POST", "/auth/register", {
        username: value(form, "username"), email, password,
        adult: (form.elements.namedItem("adult") as HTMLInputElement).checked,
      });
      const res = await api<SignIn>("POST", "/auth/login", { email, password });
      if ("user" in res) signedInAs(res.user, res.csrf_token);
      navigate("/dashboard");
    });
    return h("div", { class: "card" }, h("h1", {}, "Create your account"),
      h("p", { class: "muted" }, "We only ask for a username and an e-mail address. No real name, address or phone."),
      form, h("p", { class: "muted" }, "Already registered? ", h("a", { href: "/login" }, "Sign in")));
  },
});

addRoute("/forgot-password", {
  title: "Forgot password",
  render() {
    const box = errorBox();
    const done = h("p", { class: "notice", id: "form-notice" });
    const form = h("form", { id: "forgot-form", novalidate: true },
      field("E-mail", h("input", { id: "email", name: "email", type: "email", required: true })),
      h("button", { type: "submit" }, "Send reset link"), box, done) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const res = await api<Notice>("POST", "/auth/password/forgot", { email: value(form, "email") });
      done.textContent = res.message;
    });
    return h("div", { class: "card" }, h("h1", {}, "Reset your password"), form);
  },
});

addRoute("/reset-password", {
  title: "Choose a new password",
  render() {
    // The token arrives in the URL fragment, which is never sent to a server.
    const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
    const box = errorBox();
    const done = h("p", { class: "notice", id: "form-notice" });
    const form = h("form", { id: "reset-form", novalidate: true },
      field("New password", h("input", { id: "password", name: "password", type: "password",
        autocomplete: "new-password", required: true }), "At least 10 characters (at most 72 bytes)."),
      h("label", { class: "check" }, h("input", { id: "revoke-api-keys", name: "revoke_api_keys", type: "checkbox" }),
        "Also revoke all my API keys (if someone else may have used my account)."),
      h("button", { type: "submit" }, "Set new password"), box, done) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const res = await api<PasswordReset>("POST", "/auth/password/reset", {
        token, password: value(form, "password"),
        revoke_api_keys: (form.elements.namedItem("revoke_api_keys") as HTMLInputElement).checked,
      });
      history.replaceState({}, "", "/reset-password");
      const revoked = res.revoked_api_keys > 0 ? ` ${res.revoked_api_keys} API key(s) were revoked.` : "";
      done.replaceChildren(res.message + revoked + " ", h("a", { href: "/login" }, "Sign in"));
    });
    return h("div", { class: "card" }, h("h1", {}, "Choose a new password"), form);
  },
});
