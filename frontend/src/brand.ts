// The white-label brand (GET /api/brand), read once at start: the name in the header and the
// tab's title, the logo, the colours (as CSS custom properties: inline styles would need
// 'unsafe-inline') and the support address in the footer. The HTML's defaults stay when the
// call fails. The policy pages get the addresses from GET /api/legal, which uses the same brand.
import { api } from "./api";
import { h } from "./dom";
import type { Brand } from "./api-types";

const DEFAULT_NAME = "SMM Panel";
const DEFAULT_HEADER = "#ffffff";
let current: Brand | null = null;

export function brandName(): string {
  return current?.name ?? DEFAULT_NAME;
}

export function applyBrand(brand: Brand): void {
  current = brand;
  const root = document.documentElement.style;
  root.setProperty("--brand-accent", brand.accent_color);
  root.setProperty("--header-bg", brand.header_color);
  root.setProperty("--header-fg", brand.header_text_color);
  document.documentElement.classList.toggle("branded-header", brand.header_color !== DEFAULT_HEADER);
  const home = document.querySelector<HTMLAnchorElement>(".topbar .brand");
  if (home) {
    const logo = brand.logo_url ? h("img", { src: brand.logo_url, alt: "", class: "brand-logo", id: "brand-logo" }) : null;
    home.replaceChildren(...(logo ? [logo] : []), h("span", { id: "brand-name" }, brand.name));
  }
  document.title = document.title.includes(" · ")
    ? `${document.title.slice(0, document.title.lastIndexOf(" · "))} · ${brand.name}` : brand.name;
  const footer = document.querySelector(".footer");
  if (footer) {
    document.getElementById("footer-contact")?.remove();
    footer.append(h("p", { id: "footer-contact", class: "muted" }, `${brand.name} · Support: `,
      h("a", { href: `mailto:${brand.support_email}`, id: "footer-support-email" }, brand.support_email)));
  }
}

export async function loadBrand(): Promise<void> {
  try {
    applyBrand(await api<Brand>("GET", "/brand"));
  } catch (err) {
    console.error(err); // the defaults written in index.html stay
  }
}
