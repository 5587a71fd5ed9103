// The customer's orders as a CSV file, built in the browser from the API's pages (the API
// stays JSON): one row an order, money with two decimals, times in ISO 8601 (UTC offset
// included), no provider names (the API never gives them).
import type { OrderInfo } from "./api-types";
import { decimal } from "./money";

export const CSV_HEADER = ["id", "created_at", "service_id", "service", "link", "quantity", "charge", "refunded",
  "status", "start_count", "remains"];

// A text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) is
// written with a leading apostrophe, so a link or a name can never become a formula.
function cell(value: string | number | null, text = false): string {
  let out = value === null ? "" : String(value);
  if (text && /^[=+\-@\t\r]/.test(out)) out = `'${out}`;
  return /[",\r\n]/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

export function ordersCsv(orders: OrderInfo[]): string {
  const rows = orders.map((o) => [cell(o.id), cell(o.created_at), cell(o.service), cell(o.service_name, true),
    cell(o.link, true), cell(o.quantity), cell(decimal(o.charge)), cell(decimal(o.refunded)), cell(o.status),
    cell(o.start_count), cell(o.remains)].join(","));
  return [CSV_HEADER.join(","), ...rows].join("\r\n") + "\r\n";
}

// Offers `text` as a file download named `name`.
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
