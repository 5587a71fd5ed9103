// The orders a ticket names (its order field, and ids written as "order 1234"), on the staff
// thread page: status, service and charge, with a link where staff can act on an order.
import { api } from "../api";
import { h, table } from "../dom";
import { money } from "../money";

import type { TicketOrderOut, TicketOrders } from "../api-types";

const ORDER_STATUS: Record<string, string> = {
  pending: "pending", sending: "sending", in_progress: "in progress", processing: "processing",
  completed: "completed", partial: "partial", canceled: "canceled", needs_review: "needs staff review",
};

function orderRow(o: TicketOrderOut, admin: boolean): Array<Node | string> {
  const action = o.staff_link && admin ? h("a", { href: o.staff_link }, "Orders needing staff") : "–";
  return [h("a", { href: `/staff/orders/${o.id}`, "aria-label": `Order ${o.id}` }, `#${o.id}`), ORDER_STATUS[o.status] ?? o.status, o.service_name, money(o.charge),
    new Date(o.created_at).toLocaleString(), action];
}

export async function ticketOrdersSection(number: number, admin: boolean): Promise<HTMLElement> {
  const { orders } = await api<TicketOrders>("GET", `/staff/tickets/${number}/orders`);
  return h("section", { id: "ticket-orders", "aria-labelledby": "ticket-orders-title" },
    h("h2", { id: "ticket-orders-title" }, "Orders named in this ticket"),
    orders.length ? table("ticket-orders-table", ["Order", "Status", "Service", "Charge", "Placed", "Act"],
      orders.map((o) => orderRow(o, admin)))
      : h("p", { class: "muted", id: "ticket-orders-table" }, "The ticket names none of the customer's orders."));
}
