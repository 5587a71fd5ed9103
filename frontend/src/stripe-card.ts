// The card field and Stripe.js: the one module that knows which Stripe.js the page talks to.
// Card details are typed into Stripe's element and go to Stripe only; our API receives a
// payment method id. Stripe.js (real) makes it with createPaymentMethod; localstripe's
// stand-in has no working createPaymentMethod, so there the id of a card token's card is
// used, which localstripe's PaymentIntents accept the same way. Everything else is shared.
import type { PaymentsConfig } from "./api-types";

export type StripeConfig = Pick<PaymentsConfig, "publishable_key" | "js_url" | "browser">;

interface StripeElement { mount(target: HTMLElement): void; on?(event: string, handler: () => void): void }
interface StripeJs {
  elements(): { create(type: string, options?: unknown): StripeElement };
  createPaymentMethod(data: unknown): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  createToken(element: StripeElement): Promise<{ token?: { card: { id: string } }; error?: { message?: string } }>;
  confirmCardPayment(clientSecret: string): Promise<{ paymentIntent?: { status: string }; error?: { message?: string } }>;
}
declare global {
  interface Window { Stripe?: (key: string) => StripeJs }
}

let loading: Promise<void> | null = null;

function loadScript(url: string): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => {
      loading = null;
      reject(new Error("The card form could not be loaded. Check your connection and reload the page."));
    };
    document.head.append(script);
  });
  return loading;
}

export interface CardField {
  paymentMethodId(): Promise<string>;
  authenticate(clientSecret: string): Promise<void>;
}

export async function mountCard(config: StripeConfig, target: HTMLElement): Promise<CardField> {
  await loadScript(config.js_url);
  if (!window.Stripe) throw new Error("The card form could not be loaded. Reload the page.");
  const stripe = window.Stripe(config.publishable_key);
  const card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount(target);
  return {
    async paymentMethodId() {
      if (config.browser === "localstripe") {
        const result = await stripe.createToken(card);
        if (!result.token) throw new Error(result.error?.message ?? "Check the card details.");
        return result.token.card.id;
      }
      const result = await stripe.createPaymentMethod({ type: "card", card });
      if (!result.paymentMethod) throw new Error(result.error?.message ?? "Check the card details.");
      return result.paymentMethod.id;
    },
    async authenticate(clientSecret: string) {
      const result = await stripe.confirmCardPayment(clientSecret);
      if (result.error) throw new Error(result.error.message ?? "The card's authentication failed.");
    },
  };
}
