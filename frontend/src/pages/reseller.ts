// API keys on the account page, and the reseller API documentation.
import { api } from "../api";
import type { ApiKeyAnswer, ApiKeyInfo, ApiKeyList, NewApiKey } from "../api-types";
import { errorLine, field, h, inputValue, onSubmit, showError, table } from "../dom";
import { addRoute, navigate } from "../app";

type Key = ApiKeyInfo;

function shownOnce(key: string): HTMLElement {
  const copy = h("button", { type: "button", id: "copy-key" }, "Copy");
  copy.addEventListener("click", () => void navigator.clipboard.writeText(key).then(() => {
    copy.textContent = "Copied";
  }));
  return h("div", { class: "notice", id: "new-key" }, "Your new key (shown only now): ",
    h("code", { id: "new-key-value" }, key), " ", copy);
}

addRoute("/api-keys", {
  title: "API keys",
  signedIn: true,
  async render() {
    const { keys, max_rps_limit: maxRps, max_daily_limit: maxDaily } = await api<ApiKeyList>("GET", "/me/api-keys");
    const box = errorLine();
    const fresh = h("div", {});
    const action = (key: Key, what: "revoke" | "rotate", label: string): HTMLElement => {
      const button = h("button", { type: "button", id: `${what}-${key.id}` }, label);
      button.addEventListener("click", async () => {
        showError(box, "");
        try {
          const res = await api<ApiKeyAnswer | NewApiKey>("POST", `/me/api-keys/${key.id}/${what}`);
          if ("key" in res) sessionNotice = res.key;
          navigate("/api-keys");
        } catch (err) {
          showError(box, (err as Error).message);
        }
      });
      return button;
    };
    const rows = keys.map((k) => [k.label, `${k.prefix}…`, new Date(k.created_at).toLocaleString(),
      k.last_used_at ? new Date(k.last_used_at).toLocaleString() : "never",
      k.allowed_ips.length ? k.allowed_ips.join(", ") : "any address",
      k.revoked ? `${k.rps_limit}/s, ${k.daily_limit}/day` : limitsEditor(k, maxRps, maxDaily),
      k.revoked ? "revoked" : h("span", {}, action(k, "rotate", "Rotate"), action(k, "revoke", "Revoke"))]);
    const form = h("form", { id: "key-form", novalidate: true },
      field("Label", h("input", { id: "key-label", name: "label", maxlength: "60" })),
      field("Allowed IP addresses (optional)", h("input", { id: "key-ips", name: "ips" }),
        "Comma-separated addresses or networks (203.0.113.7, 198.51.100.0/24). Empty: any address."),
      field("Requests per second", limitInput("key-rps", "rps", maxRps, maxRps), `1 to ${maxRps}.`),
      field("Requests per day", limitInput("key-daily", "daily", maxDaily, maxDaily), `1 to ${maxDaily}.`),
      h("button", { type: "submit" }, "Create key"), box) as HTMLFormElement;
    onSubmit(form, box, async () => {
      const ips = inputValue(form, "ips").split(",").map((s) => s.trim()).filter(Boolean);
      const res = await api<NewApiKey>("POST", "/me/api-keys", { label: inputValue(form, "label"),
        allowed_ips: ips, rps_limit: wholeNumber(inputValue(form, "rps")),
        daily_limit: wholeNumber(inputValue(form, "daily")) });
      sessionNotice = res.key;
      navigate("/api-keys");
    });
    if (sessionNotice) {
      fresh.append(shownOnce(sessionNotice));
      sessionNotice = "";
    }
    return h("section", {}, h("h1", {}, "API keys"),
      h("p", {}, "Use a key with the panel API (", h("a", { href: "/api-docs" }, "documentation"),
        "). Keys are stored only as a hash: copy a new key now, it is not shown again."), fresh,
      rows.length ? table("keys-table", ["Label", "Key", "Created", "Last used", "Allowed from", "Limits", ""], rows)
        : h("p", { class: "muted" }, "No keys yet."),
      h("div", { class: "card" }, h("h2", {}, "New key"), form));
  },
});

function limitInput(id: string, name: string, value: number, max: number): HTMLInputElement {
  return h("input", { id, name, type: "number", inputmode: "numeric", min: "1", max: String(max), step: "1",
    value: String(value), required: true }) as HTMLInputElement;
}

// The number typed, or NaN (sent as null) so the API answers what is wrong with it.
function wholeNumber(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(value) ? value : null;
}

// A live key's limits, changed in place: the per-second and daily limits and a Save button.
function limitsEditor(key: Key, maxRps: number, maxDaily: number): HTMLElement {
  const box = errorLine(`limits-error-${key.id}`);
  const form = h("form", { class: "inline limits", id: `limits-${key.id}`, novalidate: true },
    h("label", { for: `rps-${key.id}` }, "Per second"), limitInput(`rps-${key.id}`, "rps", key.rps_limit, maxRps),
    h("label", { for: `daily-${key.id}` }, "Per day"), limitInput(`daily-${key.id}`, "daily", key.daily_limit, maxDaily),
    h("button", { type: "submit" }, "Save limits"), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    await api<ApiKeyAnswer>("PUT", `/me/api-keys/${key.id}/limits`, {
      rps_limit: wholeNumber(inputValue(form, "rps")), daily_limit: wholeNumber(inputValue(form, "daily")) });
    navigate("/api-keys");
  });
  return form;
}

// A new key survives the page's own re-render once, and lives only in memory.
let sessionNotice = "";

const ENDPOINT = `${location.origin}/api/v2`;

function code(text: string): HTMLElement {
  return h("pre", {}, h("code", {}, text));
}

const ACTIONS: Array<[string, string, string, string]> = [
  ["services", "The service list at your prices.", "",
    '[{"service": 1, "name": "Followers", "type": "Default", "category": "Instagram", "rate": "0.90", "min": "50", '
    + '"max": "10000", "refill": true, "cancel": true, "dripfeed": false}]'],
  ["add", "Place an order. Parameters by service type below. A link without a scheme (instagram.com/x) means "
    + "https://; empty parameters and parameters the type does not take are ignored.", "&service=1&link=https://instagram.com/p/x&quantity=100",
    '{"order": 23501}'],
  ["status", "One order (order=ID) or up to 100 (orders=1,2,3). A drip-feed adds runs (runs made); a subscription "
    + "is Active, Paused, Completed, Expired or Canceled and adds posts (posts served).", "&order=23501",
    '{"charge": "0.27819", "start_count": "3572", "status": "Partial", "remains": "157", "currency": "USD"}'],
  ["refill", "Ask for a refill of a completed order (order=ID), or several (orders=).", "&order=23501",
    '{"refill": "1"}'],
  ["refill_status", "A refill's status (refill=ID) or up to 100 (refills=).", "&refill=1", '{"status": "Completed"}'],
  ["cancel", "Ask to cancel orders (orders=1,2; at most 100). Refunded only when really canceled.",
    "&orders=23501", '[{"order": 23501, "cancel": 1}]'],
  ["balance", "Your balance.", "", '{"balance": "100.84292", "currency": "USD"}'],
];

const TYPES: Array<[string, string]> = [
  ["Default", "link, quantity; optional runs and interval (minutes) for drip-feed: quantity is per run"],
  ["Package", "link"], ["SEO", "link, quantity, keywords (one per line)"],
  ["Custom Comments", "link, comments (one per line; quantity = number of lines)"],
  ["Custom Comments Package", "link, comments"], ["Mentions", "link, quantity, usernames"],
  ["Mentions with Hashtags", "link, quantity, usernames, hashtags"], ["Mentions Custom List", "link, usernames"],
  ["Mentions Hashtag", "link, quantity, hashtag"], ["Mentions User Followers", "link, quantity, username"],
  ["Mentions Media Likers", "link, quantity, media"], ["Comment Likes", "link, quantity, username"],
  ["Comment Replies", "link, username, comments"], ["Poll", "link, quantity, answer_number"],
  ["Invites from Groups", "link, quantity, groups (one per line)"],
  ["Subscriptions", "username, min, max, delay, posts (required here: orders are paid up front), old_posts, expiry (d/m/Y)"],
];

const ERRORS = ["Invalid API key", "Incorrect request", "Incorrect service ID", "Incorrect link",
  "Quantity less than minimal N", "Quantity more than maximum N", "Not enough funds on balance",
  "Incorrect order ID", "Refill not found",
  "You have active order with this link. Please wait until order being completed.",
  "Too many requests: this key allows N per second (HTTP 429)", "Too many requests: this key allows N per day (HTTP 429)"];

addRoute("/api-docs", {
  title: "API",
  render() {
    const sections = ACTIONS.map(([action, what, extra, answer]) => h("section", { id: `action-${action}` },
      h("h2", {}, action), h("p", {}, what),
      h("h3", {}, "curl"), code(`curl -X POST ${ENDPOINT} -d "key=YOUR_KEY&action=${action}${extra}"`),
      h("h3", {}, "PHP"), code(`$ch = curl_init("${ENDPOINT}");\ncurl_setopt($ch, CURLOPT_POST, 1);\n`
        + `curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query(["key" => "YOUR_KEY", "action" => "${action}"`
        + `${extra.split("&").filter(Boolean).map((p) => `, "${p.split("=")[0]}" => "${p.split("=").slice(1).join("=")}"`).join("")}]));\n`
        + "curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);\n$answer = json_decode(curl_exec($ch));"),
      h("h3", {}, "Python"), code(`import requests\nanswer = requests.post("${ENDPOINT}", data={"key": "YOUR_KEY", `
        + `"action": "${action}"${extra.split("&").filter(Boolean).map((p) => `, "${p.split("=")[0]}": "${p.split("=").slice(1).join("=")}"`).join("")}}).json()`),
      h("h3", {}, "Answer"), code(answer)));
    return h("div", { class: "card wide" }, h("h1", {}, "API v2"),
      h("p", {}, "Endpoint: ", h("code", {}, ENDPOINT), ". Send POST requests, form-encoded, with your key and an "
        + "action; answers are JSON. Keep keys out of URLs: a key in a query string ends up in logs."),
      h("p", {}, "Create keys on the ", h("a", { href: "/api-keys" }, "API keys"), " page. Errors come as ",
        h("code", {}, '{"error": "..."}'), "."),
      h("p", {}, "The site's own JSON API (what this website's pages call) is described by its ",
        h("a", { href: "/api/openapi.json", id: "openapi-link" }, "OpenAPI document"), "."),
      ...sections,
      h("h2", {}, "Parameters of add by service type"),
      table("types-table", ["Type", "Parameters"], TYPES.map(([t, p]) => [t, p])),
      h("h2", {}, "Errors"), h("ul", {}, ...ERRORS.map((e) => h("li", {}, e))));
  },
});
