import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { FakeCheckoutSession } from '../../test/helpers/fake-stripe';
import { sleep } from './random';

export type CheckoutEventType =
  | 'checkout.session.completed'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'checkout.session.expired';

export interface StripeEvent {
  id: string;
  type: CheckoutEventType;
  payload: string;
}

export interface WebhookCounters {
  sent: number;
  /** Deliveries that got no 2xx (connection error or an error status) and were retried. */
  retried: number;
  /** Events never acknowledged before the run's deadline (Stripe would still be retrying). */
  undelivered: number;
}

const MAX_BACKOFF_MS = 5_000;

/** A Stripe event as Stripe builds it: a snapshot of the session at the time of the event. */
export function checkoutEvent(type: CheckoutEventType, session: FakeCheckoutSession): StripeEvent {
  const id = `evt_chaos_${randomBytes(10).toString('hex')}`;
  const event = {
    id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    type,
    data: { object: { ...session, livemode: false, metadata: { ...session.metadata } } },
  };
  return { id, type, payload: JSON.stringify(event) };
}

/**
 * Delivers one event the way Stripe does: signed (a fresh timestamp per attempt) and retried on
 * anything but a 2xx, with backoff, until `deadline`. Resolves true once acknowledged.
 */
export async function deliverWebhook(url: string, secret: string, event: StripeEvent, counters: WebhookCounters, deadline: () => number): Promise<boolean> {
  let backoff = 300;
  counters.sent += 1;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret }) },
        body: event.payload,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) return true;
    } catch {
      // the API is down: Stripe retries
    }
    if (Date.now() > deadline()) {
      counters.undelivered += 1;
      return false;
    }
    counters.retried += 1;
    await sleep(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}
