import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import {
  PAYMENT_COMPLETED_EVENTS,
  PAYMENT_FAILED_EVENTS,
  type TCheckoutSessionObject,
  type TStripeEventEnvelope,
  ZCheckoutSessionObject,
} from '../schemas/stripe-webhook.schema';
import { findSoldCheckout, refundUnsoldPayment, unsoldReasons } from './check-sold-payment';
import { handPaymentCompleted, handPaymentFailed, type HandOnOutcome } from './hand-payment-to-workflow';

/** The log lines a service writes (pino's and Fastify's loggers fit). */
export interface EventLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface StripeEventDeps {
  config: Config;
  db: DataSource;
  temporal: Client;
  /** Undefined in test mode (no STRIPE_SECRET_KEY): nothing can be refunded there. */
  stripe: Stripe | undefined;
  logger: EventLogger;
}

export type StripeEventOutcome = HandOnOutcome | 'refunded_unsold' | 'unsold_nothing_to_refund' | 'ignored_type' | 'ignored_not_ours' | 'ignored_unpaid' | 'unknown_proposal' | 'duplicate';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * docs/api.md Stripe webhook, after the signature check: checkout events of our own sessions go to their
 * proposal's workflow once per event id; a payment for anything but what the booking sold is refunded
 * instead (once). Resolves only once the event is handed on (or needs
 * nothing); a failure to hand on throws, so the route answers 500 and Stripe retries.
 */
export async function handleStripeEvent(deps: StripeEventDeps, event: TStripeEventEnvelope): Promise<StripeEventOutcome> {
  const completed = isOneOf(PAYMENT_COMPLETED_EVENTS, event.type);
  if (!completed && !isOneOf(PAYMENT_FAILED_EVENTS, event.type)) return 'ignored_type';
  const parsed = ZCheckoutSessionObject.safeParse(event.data.object);
  if (!parsed.success) {
    // Another integration's session (no or other metadata) on the same Stripe account: not ours.
    deps.logger.info({ eventId: event.id, type: event.type }, 'stripe event for a checkout session this service did not create');
    return 'ignored_not_ours';
  }
  const session = parsed.data;
  // An async payment method completes the session unpaid; async_payment_succeeded follows.
  if (event.type === 'checkout.session.completed' && session.payment_status !== 'paid') return 'ignored_unpaid';

  const { metadata } = session;
  const sold = await findSoldCheckout(deps.db, session);
  if (!sold) {
    deps.logger.warn(
      { eventId: event.id, type: event.type, tenantId: metadata.tenantId, proposalId: metadata.proposalId, bookingId: metadata.bookingId },
      'stripe event names a proposal or booking this service does not know',
    );
    await recordIgnoredEvent(deps.db, event, session);
    return 'unknown_proposal';
  }
  const unsold = completed ? unsoldReasons(deps.config, sold, event, session) : [];
  if (unsold.length > 0) {
    // Ids only: the metadata also holds the customer's name and email.
    deps.logger.warn(
      { eventId: event.id, tenantId: metadata.tenantId, bookingId: metadata.bookingId, checkoutSessionId: session.id, paymentIntentId: session.payment_intent, unsold },
      'payment does not match what the booking sold: refunded, not confirmed',
    );
    return handOnOnce(deps.db, event, session, async () =>
      (await refundUnsoldPayment(deps.stripe, session.payment_intent)) === 'refunded' ? 'refunded_unsold' : 'unsold_nothing_to_refund',
    );
  }
  return handOnOnce(deps.db, event, session, () =>
    completed
      ? handPaymentCompleted(deps, metadata, {
          eventId: event.id,
          checkoutSessionId: session.id,
          amountPaidCents: session.amount_total ?? 0,
          paymentIntentId: session.payment_intent,
        })
      : handPaymentFailed(deps, metadata, {
          eventId: event.id,
          checkoutSessionId: session.id,
          reason: event.type === 'checkout.session.expired' ? 'expired' : 'async_payment_failed',
        }),
  );
}

/**
 * Exactly-once hand-off per event id. The dedup row is inserted and the event handed on in one
 * transaction: a concurrent duplicate's INSERT waits on the uncommitted row, then finds it
 * committed (done: 200, no second signal) or rolled back (the first failed: it hands on itself).
 */
async function handOnOnce(
  db: DataSource,
  event: TStripeEventEnvelope,
  session: TCheckoutSessionObject,
  handOn: () => Promise<StripeEventOutcome>,
): Promise<StripeEventOutcome> {
  return db.transaction(async (tx) => {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO processed_webhook_events (event_id, tenant_id, type, proposal_id, outcome)
       VALUES ($1, $2, $3, $4, 'handing_on')
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [event.id, session.metadata.tenantId, event.type, session.metadata.proposalId],
    );
    if (inserted.length === 0) return 'duplicate';
    // Inside the transaction on purpose: if Temporal does not take the event, the row goes too.
    const outcome = await handOn();
    await tx.query('UPDATE processed_webhook_events SET outcome = $2 WHERE event_id = $1', [event.id, outcome]);
    return outcome;
  });
}

/** Audit trail of an ignored event; the tenant column stays null when no such tenant exists. */
async function recordIgnoredEvent(db: DataSource, event: TStripeEventEnvelope, session: TCheckoutSessionObject): Promise<void> {
  await db.query(
    `INSERT INTO processed_webhook_events (event_id, tenant_id, type, proposal_id, outcome)
     VALUES ($1, (SELECT id FROM tenants WHERE id = $2), $3, $4, 'unknown_proposal')
     ON CONFLICT (event_id) DO NOTHING`,
    [event.id, session.metadata.tenantId, event.type, session.metadata.proposalId],
  );
}
