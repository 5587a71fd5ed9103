// Customers console, the list: newest customers first, paged, or one found by exact user id,
// e-mail or username. The old /admin/users?email= address opens the customer's page.
import { api } from "../api";
import { h, inputValue, loadMore, table } from "../dom";
import { addRoute, navigate, redirect } from "../app";
import { adminNav } from "./admin";
import type { CustomerList, User } from "../api-types";

function row(c: User): Array<Node | string> {
  return [h("a", { href: `/admin/customers/${c.id}` }, c.username), c.email, c.id,
    new Date(c.created_at).toLocaleDateString()];
}

addRoute("/admin/customers", {
  title: "Customers",
  signedIn: true,
  adminOnly: true,
  async render() {
    const q = new URLSearchParams(location.search).get("q") ?? "";
    const search = h("form", { id: "customer-search", class: "filters", role: "search" },
      h("label", { for: "customer-q" }, "E-mail, username or user id"),
      h("input", { id: "customer-q", name: "q", value: q, autocomplete: "off" }),
      h("button", { type: "submit" }, "Search")) as HTMLFormElement;
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = inputValue(search, "q").trim();
      navigate(text ? `/admin/customers?q=${encodeURIComponent(text)}` : "/admin/customers");
    });
    const found = await api<CustomerList>("GET", `/admin/customers?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`);
    const section = h("section", {}, adminNav(), h("h1", {}, "Customers"), search);
    if (!found.customers.length) {
      section.append(h("p", { class: "muted", id: "customers-empty" },
        q ? "No account with this e-mail, username or user id." : "No customers yet."));
      return section;
    }
    section.append(table("customers-table", ["Username", "E-mail", "User id", "Joined"], found.customers.map(row)),
      loadMore("customers-table", "Show older customers", found.next_cursor, async (cursor) => {
        const page = await api<CustomerList>("GET", `/admin/customers?limit=50&cursor=${encodeURIComponent(cursor)}`);
        return { items: page.customers, next_cursor: page.next_cursor };
      }, row) ?? "");
    return section;
  },
});

addRoute("/admin/users", {
  title: "Customers",
  signedIn: true,
  adminOnly: true,
  async render() {
    const email = new URLSearchParams(location.search).get("email") ?? "";
    if (!email) {
      redirect("/admin/customers");
      return h("section", {});
    }
    const found = await api<CustomerList>("GET", `/admin/customers?q=${encodeURIComponent(email)}`);
    redirect(found.customers.length ? `/admin/customers/${found.customers[0].id}`
      : `/admin/customers?q=${encodeURIComponent(email)}`);
    return h("section", {});
  },
});
