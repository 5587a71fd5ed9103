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

// A data table in a box that scrolls sideways on a narrow screen (the page itself never does);
// the box takes the keyboard focus so the arrow keys scroll it too. The id stays on the table.
export function table(id: string, headers: string[], rows: Array<Array<Node | string>>): HTMLElement {
  return h("div", { class: "scroll", tabindex: "0" }, h("table", { id, class: "data" },
    h("thead", {}, h("tr", {}, ...headers.map((title) => h("th", {}, title)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell)))))));
}

export function errorLine(id = "form-error"): HTMLElement {
  const box = h("p", { class: "error", role: "alert", id });
  box.hidden = true;
  return box;
}

// Runs a form's action with the button disabled and any error shown in the form.
export function onSubmit(form: HTMLFormElement, box: HTMLElement, action: () => Promise<void>): void {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]") as HTMLButtonElement | null;
    if (button) button.disabled = true;
    showError(box, "");
    try {
      await action();
    } catch (err) {
      showError(box, err instanceof Error ? err.message : "Something went wrong. Try again.");
    } finally {
      if (button) button.disabled = false;
    }
  });
}

export function inputValue(form: HTMLFormElement, name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement).value;
}

// A "Show older" button under a paged table: each click fetches the next page and appends
// its rows; it disappears after the last page. Lists page through everything, never a cap.
export function loadMore<T>(tableId: string, label: string, cursor: string | null,
  fetchPage: (cursor: string) => Promise<{ items: T[]; next_cursor: string | null }>,
  row: (item: T) => Array<Node | string>): HTMLElement | null {
  if (!cursor) return null;
  let next: string | null = cursor;
  const status = h("span", { class: "muted", role: "status" });
  const more = h("button", { type: "button", id: `${tableId}-more`, class: "secondary" }, label) as HTMLButtonElement;
  more.addEventListener("click", async () => {
    if (!next) return;
    more.disabled = true;
    status.textContent = "Loading…";
    try {
      const page = await fetchPage(next);
      const body = document.querySelector(`#${tableId} tbody`);
      for (const item of page.items) body?.append(h("tr", {}, ...row(item).map((cell) => h("td", {}, cell))));
      next = page.next_cursor;
      status.textContent = "";
      if (!next) more.remove();
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      more.disabled = false;
    }
  });
  return h("p", {}, more, " ", status);
}

// A button that runs an action once at a time (disabled meanwhile) and shows its error in `box`.
export function actionButton(label: string, id: string, action: () => Promise<void>, box: HTMLElement,
  attrs: Record<string, string> = {}): HTMLElement {
  const el = h("button", { type: "button", id, ...attrs }, label) as HTMLButtonElement;
  el.addEventListener("click", async () => {
    el.disabled = true;
    showError(box, "");
    try {
      await action();
    } catch (err) {
      showError(box, (err as Error).message);
    } finally {
      el.disabled = false;
    }
  });
  return el;
}
