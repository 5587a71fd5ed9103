// The cookie banner and preferences (vanilla-cookieconsent v3), built from the one cookie
// registry (chalicelib/cookie_registry.json, served at GET /api/cookies). Nothing optional runs
// before an explicit choice: Google Analytics is loaded only once analytics is accepted, and
// functional storage (preferences.ts) is written only with functional consent. Every choice
// (first choice, change, withdrawal) is posted to /api/consent as proof. Raising the registry's
// revision makes the library ask everyone again.
import * as CookieConsent from "vanilla-cookieconsent";
import "vanilla-cookieconsent/dist/cookieconsent.css";
import bundledRegistry from "../../chalicelib/cookie_registry.json";
import { api } from "./api";
import type { CookieRegistry } from "./api-types";
import { consentChanged } from "./preferences";

type Action = "first_choice" | "change" | "withdrawal";
const OPTIONAL = ["analytics", "functional", "targeting"];
let gaId: string | null = null;
let gaLoaded = false;

async function loadRegistry(): Promise<CookieRegistry> {
  try {
    return await api<CookieRegistry>("GET", "/cookies");
  } catch {
    // The banner must still ask when the API cannot be reached; without it, no analytics.
    const raw = bundledRegistry as unknown as { revision: number; categories: CookieRegistry["categories"];
      entries: CookieRegistry["cookies"] };
    return { revision: raw.revision, categories: raw.categories, cookies: raw.entries, ga_measurement_id: null };
  }
}

function loadAnalytics(): void {
  if (!gaId || !CookieConsent.acceptedCategory("analytics")) return;
  const w = window as unknown as Record<string, unknown> & { dataLayer?: unknown[] };
  w[`ga-disable-${gaId}`] = false;
  if (gaLoaded) return;
  gaLoaded = true;
  w.dataLayer = w.dataLayer ?? [];
  const gtag = function (..._args: unknown[]): void {
    // gtag.js reads the arguments object itself, as Google's snippet pushes it.
    // eslint-disable-next-line prefer-rest-params
    w.dataLayer!.push(arguments);
  };
  w.gtag = gtag;
  gtag("js", new Date());
  gtag("config", gaId);
  const script = document.createElement("script");
  script.async = true;
  script.src = `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(gaId)}`;
  document.head.append(script);
}

function stopAnalytics(): void {
  // The library has removed the _ga* cookies (autoClear); this stops the loaded script from
  // setting them again or sending anything for the rest of the page's life.
  if (gaId) (window as unknown as Record<string, unknown>)[`ga-disable-${gaId}`] = true;
}

async function record(action: Action, cookie: CookieConsent.CookieValue): Promise<void> {
  const accepted = ["necessary", ...OPTIONAL.filter((c) => cookie.categories.includes(c))];
  try {
    await api("POST", "/consent", {
      consent_id: cookie.consentId, action, accepted,
      rejected: OPTIONAL.filter((c) => !accepted.includes(c)), revision: cookie.revision,
    });
  } catch (err) {
    console.warn("The cookie choice could not be recorded", err);
  }
}

function tableOf(registry: CookieRegistry, category: string): CookieConsent.CookieTable | undefined {
  const rows = registry.cookies.filter((c) => c.category === category);
  if (!rows.length) return undefined;
  return {
    headers: { name: "Name", storage: "Kind", provider: "Provider", purpose: "Purpose", expiry: "Expiry", party: "Party" },
    body: rows.map((c) => ({ name: c.name, storage: c.storage, provider: c.provider, purpose: c.purpose,
      expiry: c.expiry, party: c.party === "first" ? "First party" : "Third party" })),
  };
}

export async function startConsent(): Promise<void> {
  const registry = await loadRegistry();
  gaId = registry.ga_measurement_id ?? null;
  const categories: Record<string, CookieConsent.Category> = {};
  for (const category of registry.categories) {
    categories[category.id] = category.read_only ? { enabled: true, readOnly: true } : {};
  }
  categories.analytics.autoClear = { cookies: [{ name: /^_ga/ }] };
  await CookieConsent.run({
    mode: "opt-in",
    revision: registry.revision,
    hideFromBots: true, // crawlers and automation get no banner, and so no consent: nothing optional runs
    disablePageInteraction: false,
    autoClearCookies: true,
    cookie: { name: "cc_cookie", expiresAfterDays: 182, sameSite: "Lax" },
    guiOptions: {
      consentModal: { layout: "box wide", position: "bottom left", equalWeightButtons: true, flipButtons: false },
      preferencesModal: { layout: "box", equalWeightButtons: true, flipButtons: false },
    },
    categories,
    onFirstConsent: ({ cookie }) => void record("first_choice", cookie),
    onConsent: () => loadAnalytics(),
    onChange: ({ cookie, changedCategories }) => {
      const withdrawn = changedCategories.filter((c) => !cookie.categories.includes(c));
      void record(withdrawn.length === changedCategories.length ? "withdrawal" : "change", cookie);
      if (cookie.categories.includes("analytics")) loadAnalytics(); else stopAnalytics();
      consentChanged();
    },
    language: {
      default: "en",
      translations: {
        en: {
          consentModal: {
            title: "Cookies on this site",
            description: "We use strictly necessary cookies to run the panel. With your permission we would also "
              + "use analytics and functional storage. Nothing optional is set until you choose, and you can "
              + "change your mind at any time from \"Cookie settings\" at the bottom of every page.",
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            showPreferencesBtn: "Manage preferences",
            footer: '<a href="/legal/cookies">Cookie policy</a>',
          },
          preferencesModal: {
            title: "Cookie preferences",
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            savePreferencesBtn: "Save my choices",
            closeIconLabel: "Close",
            sections: [
              { title: "Your choice", description: "Choose per category. Strictly necessary cookies are always on. "
                + `Cookie policy revision ${registry.revision}.` },
              ...registry.categories.map((c) => ({ title: c.title, description: c.description, linkedCategory: c.id,
                cookieTable: tableOf(registry, c.id) })),
            ],
          },
        },
      },
    },
  });
  if (!CookieConsent.validConsent()) {
    // No choice yet, or one for an earlier registry revision: until the visitor answers again,
    // an earlier consent does not stand, so what it allowed is removed.
    CookieConsent.eraseCookies(/^_ga/);
    consentChanged();
  }
}

export function showCookieSettings(): void {
  CookieConsent.showPreferences();
}
