// Canned replies (admins): add, change and delete the texts support staff insert into answers.
// Every change is recorded in the audit log; a text naming a provider is refused by the API.
import { api } from "../api";
import { errorLine, field, h, onSubmit, showError } from "../dom";
import { addRoute, navigate } from "../app";

import type { CannedReplies, CannedReply } from "../api-types";

const PAGE = "/staff/canned-replies";

function replyFields(prefix: string, reply?: CannedReply): [HTMLInputElement, HTMLTextAreaElement, HTMLElement] {
  const title = h("input", { id: `${prefix}-title`, name: "title", maxlength: "100", value: reply?.title ?? "" }) as
    HTMLInputElement;
  const text = h("textarea", { id: `${prefix}-text`, name: "text", rows: "4", maxlength: "4000" }) as HTMLTextAreaElement;
  text.value = reply?.text ?? "";
  return [title, text, h("div", {}, field("Title", title), field("Text", text,
    "Never name a provider. {number} becomes the ticket number."))];
}

function editForm(reply: CannedReply): HTMLElement {
  const box = errorLine(`error-${reply.id}`);
  const [title, text, fields] = replyFields(`c-${reply.id}`, reply);
  const remove = h("button", { type: "button", class: "secondary", id: `delete-${reply.id}` }, "Delete") as
    HTMLButtonElement;
  const form = h("form", { id: `canned-${reply.id}`, class: "card wide canned-reply", novalidate: true },
    h("h2", {}, reply.title), fields,
    h("div", { class: "filters" }, h("button", { type: "submit" }, "Save"), remove), box) as HTMLFormElement;
  onSubmit(form, box, async () => {
    await api("PUT", `${PAGE}/${reply.id}`, { title: title.value, text: text.value });
    navigate(PAGE);
  });
  remove.addEventListener("click", async () => {
    if (!window.confirm(`Delete the canned reply "${reply.title}"?`)) return;
    remove.disabled = true;
    try {
      await api("DELETE", `${PAGE}/${reply.id}`);
      navigate(PAGE);
    } catch (err) {
      showError(box, (err as Error).message);
      remove.disabled = false;
    }
  });
  return form;
}

addRoute("/staff/canned-replies", {
  title: "Canned replies",
  signedIn: true,
  adminOnly: true,
  async render() {
    const { canned_replies: replies } = await api<CannedReplies>("GET", PAGE);
    const box = errorLine("add-error");
    const [title, text, fields] = replyFields("new");
    const add = h("form", { id: "add-canned", class: "card wide", novalidate: true },
      h("h2", {}, "Add a canned reply"), fields, h("button", { type: "submit" }, "Add"), box) as HTMLFormElement;
    onSubmit(add, box, async () => {
      await api("POST", PAGE, { title: title.value, text: text.value });
      navigate(PAGE);
    });
    return h("section", {}, h("p", {}, h("a", { href: "/staff/tickets" }, "← Support desk")),
      h("h1", {}, "Canned replies"),
      h("p", { class: "muted" }, "Support staff pick these in a ticket's reply form and edit them before sending."),
      add, ...(replies.length ? replies.map(editForm) : [h("p", { class: "muted" }, "No canned replies.")]));
  },
});
