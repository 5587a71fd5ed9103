// The four policy pages: cookie policy, privacy notice, service level agreement and
// law-enforcement guidelines. The operator's name and addresses, the recipients of personal
// data, the cookie table and the retention periods come from GET /api/legal, so a white-label
// operator publishes these pages as they are by setting its own name and addresses.
import { api } from "../api";
import type { LegalInfo } from "../api-types";
import { h, table } from "../dom";
import { addRoute } from "../app";

type Part = Node | string;

const section = (title: string, ...body: Part[]) => h("section", {}, h("h2", {}, title), ...body);
const p = (...parts: Part[]) => h("p", {}, ...parts);
const list = (...items: Part[]) => h("ul", {}, ...items.map((item) => h("li", {}, item)));
const mail = (address: string, id?: string) => h("a", { href: `mailto:${address}`, id }, address);

function frame(id: string, title: string, info: LegalInfo, ...body: HTMLElement[]): HTMLElement {
  const o = info.operator;
  return h("article", { class: "card wide policy", id },
    h("h1", {}, title),
    p("This page is published by ", h("strong", { class: "company-name" }, o.company_name),
      ", ", h("span", { class: "company-address" }, o.company_address), " (\u201cwe\u201d), the operator of ",
      h("a", { href: o.site_url }, o.site_url), "."),
    ...body);
}

async function load(): Promise<LegalInfo> {
  return api<LegalInfo>("GET", "/legal");
}

function cookieTable(info: LegalInfo): HTMLElement {
  return table("cookie-table", ["Name", "Provider", "Purpose", "Category", "Expiry", "Party"],
    info.cookies.map((c) => [c.name, c.provider, c.purpose, c.category, c.expiry, c.party]));
}

function recipientsTable(info: LegalInfo): HTMLElement {
  return table("recipients", ["Recipient", "Why", "What it receives", "When", "Basis"],
    info.recipients.map((r) => [r.name, r.purpose, list(...r.receives), r.when, r.basis]));
}

addRoute("/legal/cookies", {
  title: "Cookie policy",
  async render() {
    const info = await load();
    return frame("policy-cookies", "Cookie policy", info,
      section("What this policy covers",
        p("Cookies are small files a website stores in your browser; local storage and session storage are similar " +
          "stores kept by the browser for a site. This policy lists every one this site or a third party it uses " +
          "can set, why, and for how long. It follows the UK GDPR and the Privacy and Electronic Communications " +
          "Regulations (PECR).")),
      section("Your choice",
        p("On your first visit a banner asks what you allow. Until you choose, the site sets nothing beyond what " +
          "is strictly necessary: scrolling, navigating or ignoring the banner is not consent. \u201cReject all\u201d " +
          "is one click, just like \u201cAccept all\u201d, and you can choose category by category."),
        p("You can change or withdraw your choice at any time with the \u201cCookie settings\u201d link at the " +
          "bottom of every page; withdrawing a category removes the cookies it set. We keep a record " +
          "of each choice (a random consent id, the time, the categories and this policy's revision) as proof, " +
          "and ask again when the list of cookies changes.")),
      section("Categories",
        list(
          "Strictly necessary (always on): signing in and keeping your session, protection against cross-site " +
            "request forgery, the payment form, and remembering your cookie choice. The site cannot work without them.",
          "Analytics: Google Analytics counts visits and how pages are used. Its script is not loaded, and no " +
            "request goes to Google, unless you accept this category.",
          "Functional: remembers preferences such as the light or dark theme and the last service you ordered. " +
            "Without consent they last only while the page is open.",
          "Targeting and advertising: this site sets none. If that ever changes it will be asked for separately.")),
      section("Every cookie and storage key", p("Generated from the same list the banner shows:"), cookieTable(info)),
      section("Contact", p("Questions about cookies: ", mail(info.operator.privacy_email, "policy-privacy-email"), ".")),
    );
  },
});

addRoute("/legal/privacy", {
  title: "Privacy policy",
  async render() {
    const info = await load();
    const o = info.operator;
    const days = info.periods;
    return frame("policy-privacy", "Privacy policy", info,
      section("Who we are",
        p(o.company_name, " is the controller of the personal data this service processes. Write to us at ",
          mail(o.privacy_email, "policy-privacy-email"), " or ", o.company_address, ".")),
      section("What we hold",
        list(
          "Your account: a username, an e-mail address and your password as a bcrypt hash (never the password " +
            "itself). We never ask for, accept or store your real name, postal address, phone number or card number.",
          "Your orders: the service, the link you ordered for, the quantity and the fields the service needs.",
          "Your balance: top-ups (amount, date, the payment processor's reference, never card details), orders " +
            "charged and refunds, as ledger entries you can see.",
          "Support tickets you open: what you write and the files you attach.",
          "Sign-in records: the time and the IP address of each sign-in.",
          "Your cookie choices, as described in the cookie policy.")),
      section("Why, and on what basis",
        list(
          "To provide the service you signed up for (contract): your account, orders, balance and tickets.",
          "To keep accounts and the service secure (legitimate interests): sign-in records, limits on repeated " +
            "attempts, the staff audit log.",
          "To meet legal obligations: accounting records, and answering valid legal requests.",
          "With your consent only: analytics cookies. You can withdraw it at any time.")),
      section("Who receives your data",
        p("We disclose personal data only to run the service, with your consent, or when the law requires it. " +
          "This is the complete list:"),
        recipientsTable(info)),
      section("How long we keep it",
        list(
          `Sign-in IP addresses: ${days.login_ip_business_days} business days (England and Wales), then deleted.`,
          `Support tickets: the text and attachments of a closed ticket are deleted ${days.ticket_text_days} days ` +
            "after it was last changed.",
          "Sessions, password-reset links and similar short-lived records: until they expire (minutes to 14 days).",
          "Account details: while your account is open. When you delete your account, your personal data is " +
            "erased; financial records are kept, without your name or e-mail, for six years after the end of " +
            "the accounting period because accounting law requires it.",
          "Data under a legal preservation request is kept until that request ends, and is not deleted meanwhile.")),
      section("Your rights",
        p("You can see everything we hold about you (export it from your account), correct your e-mail and " +
          "username, delete your account, and object to optional processing such as analytics. You can also ask " +
          "us to restrict processing or to move your data elsewhere. Ask from your account, open a ticket with " +
          "the category \u201cPrivacy request\u201d, or write to ", mail(o.privacy_email), ". We answer within " +
          "one calendar month (extendable by two months for complex requests, in which case we tell you why)."),
        p("You may complain to the Information Commissioner's Office (ico.org.uk) if you are unhappy with how we " +
          "handle your data.")),
      section("Security",
        p("Connections are encrypted; data is encrypted at rest; passwords are hashed with bcrypt; every form " +
          "that changes something is protected against cross-site request forgery; and nobody can read or change " +
          "another customer's orders, tickets or payments.")),
      section("Children", p("The service is for adults. Nobody under 18 may register; if we learn an account " +
        "belongs to someone under 18 we close it and erase its personal data.")),
    );
  },
});

addRoute("/legal/sla", {
  title: "Service level agreement",
  async render() {
    const info = await load();
    return frame("policy-sla", "Service level agreement", info,
      section("Terms",
        list(
          "Business hours: Monday to Friday, 10:00 to 17:00 GMT, except public and bank holidays in England and Wales.",
          "Downtime: at least five consecutive minutes in which the main page and the control panel were " +
            "unreachable for everyone, confirmed at the same time by several independent monitors in different " +
            "places. Shorter or partial outages, slowness and API errors are not downtime, nor are announced or " +
            "emergency maintenance and work by upstream providers.")),
      section("Availability",
        p("We aim for 99.0% availability in each calendar month. If we miss it, the service credit is a share " +
          "of that month's top-ups: 1% for 98.0% to under 99.0%, 2% for 95.0% to under 98.0%, and 3% under " +
          "95.0%, never more than $10.00. Top-ups made with bonus funds do not count, and free or trial users " +
          "receive no credit.")),
      section("Support response",
        p("The first response to a correctly submitted ticket (right category, the information needed, not a " +
          "duplicate, no abusive language) comes within 3 business days for balance top-up problems (high " +
          "priority) and 7 business days for everything else. The clock starts when the ticket is submitted in " +
          "business hours, otherwise at 10:00 GMT on the next business day, and pauses while we wait for " +
          "information from you. An automatic acknowledgement with the ticket number counts as the first " +
          "response. Ten or more missed first responses for you in one calendar month earn a one-time $1.00 credit.")),
      section("Claiming",
        p("Open a ticket with the subject \u201cSLA Compensation Request\u201d within 24 hours after the month " +
          "ends, with evidence: the times of the downtime with independent logs, or the ticket numbers. We decide " +
          "within 14 business days from our own monitoring; the decision is final. Credits are added to your " +
          "balance as service credit and cannot be withdrawn or exchanged for cash."),
        p("Questions: ", mail(info.operator.support_email, "policy-support-email"), ".")),
    );
  },
});

addRoute("/legal/law-enforcement", {
  title: "Law-enforcement guidelines",
  async render() {
    const info = await load();
    const o = info.operator;
    return frame("policy-law-enforcement", "Law-enforcement guidelines", info,
      section("Principles",
        p("We disclose user data only against a valid, legally binding request that we have recorded and " +
          "checked. Informal requests, letters and telephone calls are refused, except in an emergency " +
          "involving a risk to life. Requests are accepted only at ", mail(o.legal_email, "policy-legal-email"),
          "; requests sent to customer support are not processed as legal requests.")),
      section("What a request must contain",
        list(
          "A signed PDF on the authority's letterhead.",
          "The authority, the officer's name and title, an official government e-mail address and a work phone number.",
          "The e-mail address of the account: the only identifier we search by (not names, IP addresses or links).",
          "The specific data sought and a precise period; overly broad requests are refused.",
          "The legal grounds and the case or order number.",
          "English, or a certified translation.")),
      section("Legal pathways",
        p("We act on a UK court order or warrant; a request through a mutual legal assistance treaty or letters " +
          "rogatory; a US warrant under the CLOUD Act (18 U.S.C. 2703); or a foreign order recognised by a UK " +
          "court. A foreign request about a UK user is refused unless it comes through a treaty or a UK court.")),
      section("What we can disclose",
        p("Only what the request lists, within its period: the account's e-mail and creation time; sign-in IP " +
          "addresses still held (we keep them for ", `${info.periods.login_ip_business_days}`, " business days); " +
          "top-up history (amount, date, transaction id, no payment details); order history (date, service, " +
          "link). We hold no names, postal addresses, phone numbers or card numbers.")),
      section("Preservation and emergencies",
        p("On a preservation request that meets the requirements above we keep a copy of the available data " +
          "for 90 business days and suspend its deletion, disclosing nothing until a formal legal document " +
          "arrives. In an emergency involving an imminent threat to life or of serious harm we may disclose a " +
          "limited amount of information at once, to be followed by the proper legal process.")),
      section("Notifying users",
        p("We tell the user about a request unless a court order, the law or a recorded risk forbids it.")),
      section("Contact", p(o.company_name, ", ", o.company_address, ". Legal requests: ", mail(o.legal_email), ".")),
    );
  },
});
