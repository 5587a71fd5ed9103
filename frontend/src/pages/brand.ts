// White-label settings (admins): the panel's name, colours, mail sender, the support, privacy
// and legal addresses and the logo. The logo goes straight to storage with a presigned form
// (as ticket attachments do) and is checked by the API when the form is saved. A saved brand
// is applied to this page at once; other visitors get it on their next page load.
import { api } from "../api";
import { applyBrand } from "../brand";
import { errorLine, field, h, onSubmit } from "../dom";
import { addRoute } from "../app";
import { adminNav } from "./admin";
import type { AdminBrand, AdminBrandAnswer, LogoUploadAnswer } from "../api-types";

const LOGO_TYPES = "image/png,image/svg+xml,image/webp";

function input(id: string, name: string, type: string, value: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id, name, type, value, required: true, ...extra }) as HTMLInputElement;
}

async function uploadLogo(file: File): Promise<string> {
  const { logo } = await api<LogoUploadAnswer>("POST", "/admin/brand/logo",
    { filename: file.name, content_type: file.type, size: file.size });
  const form = new FormData();
  for (const [name, value] of Object.entries(logo.upload.fields)) form.append(name, value);
  form.append("file", file);
  const response = await fetch(logo.upload.url, { method: "POST", body: form }).catch(() => null);
  if (!response || !response.ok) throw new Error(`${file.name} could not be uploaded. Try again.`);
  return logo.key;
}

function logoPreview(src: string | null): HTMLElement {
  return src ? h("img", { src, alt: "Logo preview", id: "logo-preview", class: "brand-logo-preview" })
    : h("p", { class: "muted", id: "logo-preview" }, "No logo: the name is shown alone.");
}

addRoute("/admin/brand", {
  title: "Brand",
  signedIn: true,
  adminOnly: true,
  async render() {
    const { brand } = await api<AdminBrandAnswer>("GET", "/admin/brand");
    const box = errorLine("brand-error");
    const saved = h("p", { role: "status", id: "brand-saved", class: "notice" });
    const name = input("b-name", "name", "text", brand.name, { maxlength: "60" });
    const accent = input("b-accent", "accent_color", "color", brand.accent_color);
    const header = input("b-header", "header_color", "color", brand.header_color);
    const sender = input("b-mail-from", "mail_from", "email", brand.mail_from, { autocomplete: "off" });
    const support = input("b-support", "support_email", "email", brand.support_email, { autocomplete: "off" });
    const privacy = input("b-privacy", "privacy_email", "email", brand.privacy_email, { autocomplete: "off" });
    const legal = input("b-legal", "legal_email", "email", brand.legal_email, { autocomplete: "off" });
    const logo = h("input", { id: "b-logo", name: "logo", type: "file", accept: LOGO_TYPES }) as HTMLInputElement;
    const remove = h("input", { id: "b-remove-logo", name: "remove_logo", type: "checkbox" }) as HTMLInputElement;
    const preview = h("div", { id: "logo-box" }, logoPreview(brand.logo_url ?? null));
    logo.addEventListener("change", () => {
      const file = logo.files?.[0];
      if (!file) return preview.replaceChildren(logoPreview(brand.logo_url ?? null));
      const reader = new FileReader(); // a data: address: the page's policy allows no blob: images
      reader.addEventListener("load", () => preview.replaceChildren(logoPreview(String(reader.result))));
      reader.readAsDataURL(file);
    });
    const form = h("form", { id: "brand-form", novalidate: true },
      field("Name", name, "1 to 60 characters: the header, the tab's title, mails and authenticator apps show it."),
      field("Accent colour", accent, "Links and buttons; white text must read on it."),
      field("Header colour", header, "The top bar; its text turns black or white, whichever reads."),
      field("Mail sender address", sender, "Mails come from this address with the name as sender name."),
      field("Support address", support), field("Privacy address", privacy), field("Legal address", legal),
      field("Logo (PNG, SVG or WebP, at most 200 KB)", logo), preview,
      h("label", { class: "check" }, remove, "Remove the logo"),
      h("button", { type: "submit" }, "Save"), box, saved) as HTMLFormElement;
    onSubmit(form, box, async () => {
      saved.textContent = "";
      const file = logo.files?.[0];
      const changes: Record<string, unknown> = {
        name: name.value, accent_color: accent.value, header_color: header.value, mail_from: sender.value,
        support_email: support.value, privacy_email: privacy.value, legal_email: legal.value,
      };
      if (remove.checked) changes.remove_logo = true;
      else if (file) changes.logo_key = await uploadLogo(file);
      const answer = await api<AdminBrandAnswer>("PUT", "/admin/brand", changes);
      const now: AdminBrand = answer.brand;
      applyBrand(now);
      brand.logo_url = now.logo_url;
      logo.value = "";
      remove.checked = false;
      preview.replaceChildren(logoPreview(now.logo_url ?? null));
      saved.textContent = "Saved: every page now shows the new brand.";
    });
    return h("section", {}, adminNav(), h("h1", {}, "Brand"),
      h("p", { class: "muted" }, "The name, colours, addresses and logo every page and mail uses."),
      h("div", { class: "card wide" }, form));
  },
});
