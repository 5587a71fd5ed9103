// The router's error boundary: what a page shows when its API call fails (network error,
// 5xx, a refusal) or its code throws while rendering, instead of a stuck or empty page.
import { ApiError } from "./api";
import { h } from "./dom";

// A person's words for what went wrong; the server's own message for a 4xx refusal.
export function describeFailure(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return err.message; // network: "The panel cannot be reached…"
    if (err.status >= 500) {
      return `The panel had a problem loading this page (error ${err.status}). Please try again in a moment.`;
    }
    return err.message;
  }
  return "This page could not be shown because of an error in the page. Please try again.";
}

// True when the failure means the session is gone: the sign-in page is the way on.
export function needsSignIn(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

export function errorView(err: unknown, retry: () => void): HTMLElement {
  const button = h("button", { type: "button", id: "page-retry" }, "Retry") as HTMLButtonElement;
  button.addEventListener("click", () => {
    button.disabled = true;
    retry();
  });
  return h("div", { class: "card", id: "page-error", role: "alert" },
    h("h1", {}, "This page did not load"),
    h("p", { class: "error", id: "page-error-message" }, describeFailure(err)),
    h("p", {}, button));
}
