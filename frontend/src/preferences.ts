// Functional storage (cookie category "functional"): the light/dark theme, the last service
// a customer ordered and the services starred as favourites on /services. With functional consent they are kept in localStorage (keys listed in the
// cookie registry); without it they last for the page's life only, and withdrawing functional
// consent removes them.
import { acceptedCategory } from "vanilla-cookieconsent";

const KEYS = { theme: "panel.theme", lastService: "panel.lastService", favourites: "panel.favouriteServices" } as const;
type Name = keyof typeof KEYS;
const inMemory: Partial<Record<Name, string>> = {};

function allowed(): boolean {
  try {
    return acceptedCategory("functional");
  } catch {
    return false; // the banner has not started: no consent yet
  }
}

// Whether what is remembered now outlasts the page (functional consent given).
export function keptAcrossVisits(): boolean {
  return allowed();
}

export function remember(name: Name, value: string): void {
  inMemory[name] = value;
  if (allowed()) localStorage.setItem(KEYS[name], value);
}

export function recall(name: Name): string | null {
  if (inMemory[name] !== undefined) return inMemory[name]!;
  return allowed() ? localStorage.getItem(KEYS[name]) : null;
}

// Called after every change of consent: keep what this page holds, or remove it from storage.
export function consentChanged(): void {
  for (const name of Object.keys(KEYS) as Name[]) {
    const value = inMemory[name];
    if (allowed()) {
      if (value !== undefined) localStorage.setItem(KEYS[name], value);
    } else {
      localStorage.removeItem(KEYS[name]);
    }
  }
}

export function applyTheme(): void {
  const theme = recall("theme") === "dark" ? "dark" : "light";
  document.documentElement.dataset.theme = theme;
  const toggle = document.getElementById("theme-toggle");
  if (toggle) toggle.textContent = theme === "dark" ? "Light theme" : "Dark theme";
}

export function toggleTheme(): void {
  remember("theme", document.documentElement.dataset.theme === "dark" ? "light" : "dark");
  applyTheme();
}
