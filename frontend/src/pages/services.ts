// Public page "Services" (/services, visitors too): the catalog by category from
// GET /api/services/public, a search box over name, category and description, each service's
// rate, limits, refill and cancel flags and the average completion time of its completed
// orders. A star marks a favourite: kept in localStorage only with functional consent
// (preferences.ts), otherwise for the page's life, and the page says which. Signed-in people
// get an "Order" link per service (/order?service=<id> preselects it).
import { api } from "../api";
import type { PublicService, PublicServiceList, User } from "../api-types";
import { h } from "../dom";
import { addRoute } from "../app";
import { rate } from "../money";
import { keptAcrossVisits, recall, remember } from "../preferences";

/** A mean duration for people: "under a minute", "45 min", "3 h 5 min", "2 d 4 h". */
export function duration(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

function averageText(s: PublicService): string {
  if (s.average_completion_seconds === null || s.completed_orders === 0) return "No data yet";
  const orders = s.completed_orders === 1 ? "1 order" : `${s.completed_orders} orders`;
  return `${duration(s.average_completion_seconds)} (${orders})`;
}

function readFavourites(): Set<string> {
  return new Set((recall("favourites") ?? "").split(",").filter((id) => /^\d+$/.test(id)));
}

function favouritesNote(): string {
  return keptAcrossVisits()
    ? "Your favourites are kept in this browser."
    : "Favourites last until you leave this page: they are kept in this browser only if you accept "
      + "functional cookies (Cookie settings, at the bottom of the page).";
}

function matches(s: PublicService, words: string[]): boolean {
  const text = `${s.name} ${s.category} ${s.description} ${s.service}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

addRoute("/services", {
  title: "Services",
  async render(user: User | null) {
    const { services } = await api<PublicServiceList>("GET", "/services/public");
    const favourites = readFavourites();
    const search = h("input", { id: "service-search", type: "search", name: "search", autocomplete: "off",
      placeholder: "Name, category or description" }) as HTMLInputElement;
    const onlyFavourites = h("input", { id: "favourites-only", type: "checkbox", name: "favourites_only" }) as HTMLInputElement;
    const note = h("p", { class: "hint", id: "favourites-note" }, favouritesNote());
    const empty = h("p", { id: "no-match", class: "muted" }, "No service matches.");
    const count = h("p", { id: "service-count", class: "hint", "aria-live": "polite" });
    const rows = new Map<number, HTMLElement>();

    const star = (s: PublicService): HTMLElement => {
      const button = h("button", { type: "button", class: "star link", "data-service": String(s.service) }) as HTMLButtonElement;
      const show = () => {
        const on = favourites.has(String(s.service));
        button.textContent = on ? "★" : "☆";
        button.setAttribute("aria-pressed", String(on));
        button.setAttribute("aria-label", `Favourite: ${s.name}`);
        button.title = on ? "Remove from favourites" : "Add to favourites";
      };
      button.addEventListener("click", () => {
        const id = String(s.service);
        if (favourites.has(id)) favourites.delete(id); else favourites.add(id);
        remember("favourites", [...favourites].join(","));
        note.textContent = favouritesNote();
        show();
        filter();
      });
      show();
      return button;
    };

    const row = (s: PublicService): HTMLElement => {
      const tr = h("tr", { "data-service": String(s.service) },
        h("td", {}, star(s)),
        h("td", {}, h("strong", { class: "service-name" }, s.name), h("span", { class: "muted" }, ` #${s.service}`),
          s.description ? h("p", { class: "hint service-description" }, s.description) : null),
        h("td", { class: "service-rate" }, `${rate(s.rate)} per ${s.per === "package" ? "package" : "1000"}`),
        h("td", {}, `${s.min.toLocaleString("en-US")} to ${s.max.toLocaleString("en-US")}`),
        h("td", { class: "service-flags" }, `Refill: ${s.refill ? "yes" : "no"}`, h("br"),
          `Cancel: ${s.cancel ? "yes" : "no"}`),
        h("td", { class: "service-average" }, averageText(s)),
        ...(user ? [h("td", {}, h("a", { href: `/order?service=${s.service}`, class: "order-link",
          "aria-label": `Order ${s.name}` }, "Order"))] : []));
      rows.set(s.service, tr);
      return tr;
    };

    const headers = ["Favourite", "Service", "Rate", "Min to max", "Refill / cancel", "Average completion",
      ...(user ? ["Order"] : [])];
    const categories = [...new Set(services.map((s) => s.category))];
    const sections = categories.map((category) => {
      const id = `category-${categories.indexOf(category)}`;
      return h("section", { class: "service-category", "aria-labelledby": id, "data-category": category },
        h("h2", { id }, category),
        h("div", { class: "scroll", tabindex: "0" }, h("table", { class: "data services" },
          h("thead", {}, h("tr", {}, ...headers.map((title) => h("th", {}, title)))),
          h("tbody", {}, ...services.filter((s) => s.category === category).map(row)))));
    });

    function filter(): void {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const s of services) {
        const visible = matches(s, words) && (!onlyFavourites.checked || favourites.has(String(s.service)));
        rows.get(s.service)!.hidden = !visible;
        if (visible) shown += 1;
      }
      for (const section of sections) section.hidden = !section.querySelector("tbody tr:not([hidden])");
      empty.hidden = shown > 0;
      count.textContent = `${shown} of ${services.length} services shown.`;
    }
    search.addEventListener("input", filter);
    onlyFavourites.addEventListener("change", filter);
    filter();

    return h("div", { class: "card wide" }, h("h1", {}, "Services"),
      h("p", { class: "hint" }, "Rates are per 1000 (or per package). The average completion time counts completed "
        + "orders only, from placing to completion; partial orders are left out."),
      user ? null : h("p", {}, h("a", { href: "/login" }, "Sign in"), " or ",
        h("a", { href: "/register" }, "create an account"), " to order."),
      h("div", { class: "service-filters" },
        h("div", {}, h("label", { for: "service-search" }, "Search services"), search),
        h("div", {}, onlyFavourites, h("label", { for: "favourites-only" }, " Favourites only"))),
      note, count, empty, ...sections);
  },
});
