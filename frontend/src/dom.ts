// Tiny DOM builder. Text is only ever set with textContent, never innerHTML, so anything a
// user typed (a username with <script> in it, say) is shown literally and never executed.
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.getAttribute("id") ?? "";
  return h("div", {}, h("label", { for: id }, label), input, hint ? h("p", { class: "hint" }, hint) : null);
}

export function showError(box: HTMLElement, message: string): void {
  box.textContent = message;
  box.hidden = message === "";
}
