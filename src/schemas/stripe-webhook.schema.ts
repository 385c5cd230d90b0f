import { z } from 'zod';
import { ZDate, ZUuid } from './proposal.schema';

import { CHECKOUT_SOURCE } from '../integrations/stripe';

/** Stripe event types this service acts on; every other type is answered 200 and ignored. */
export const PAYMENT_COMPLETED_EVENTS = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'] as const;
export const PAYMENT_FAILED_EVENTS = ['checkout.session.expired', 'checkout.session.async_payment_failed'] as const;

/** docs/api.md checkout session metadata: all strings, ids checked as such before any lookup. */
export const ZCheckoutMetadata = z.object({
  tenantId: ZUuid,
  bookingId: ZUuid,
  proposalId: ZUuid,
  packageId: ZUuid,
  eventDate: ZDate,
  email: z.string().max(254),
  customerName: z.string().max(200),
  confirmationCode: z.string().max(64),
  source: z.literal(CHECKOUT_SOURCE),
});
export type TCheckoutMetadata = z.infer<typeof ZCheckoutMetadata>;

// Stripe sends the payment intent as an id, or expanded as an object, or null before payment.
const ZPaymentIntentRef = z
  .union([z.string().max(255), z.object({ id: z.string().max(255) }).loose(), z.null()])
  .optional()
  .transform((value) => (typeof value === 'string' ? value : (value?.id ?? null)));

/** The fields of a Checkout Session object we read; Stripe adds many more, which pass untouched. */
export const ZCheckoutSessionObject = z
  .object({
    id: z.string().min(1).max(255),
    amount_total: z.number().int().nonnegative().nullable(),
    currency: z.string().max(16).nullable(),
    payment_status: z.string().max(64),
    payment_intent: ZPaymentIntentRef,
    metadata: ZCheckoutMetadata,
  })
  .loose();
export type TCheckoutSessionObject = z.infer<typeof ZCheckoutSessionObject>;

/** A verified event, as far as routing needs it; `data.object` is validated per type. */
export const ZStripeEventEnvelope = z
  .object({
    id: z.string().min(1).max(255),
    type: z.string().min(1).max(255),
    livemode: z.boolean().optional(),
    data: z.object({ object: z.unknown() }).loose(),
  })
  .loose();
export type TStripeEventEnvelope = z.infer<typeof ZStripeEventEnvelope>;

// Stripe's checkout session ids (cs_test_..., cs_live_...) and the test-mode page's own.
const ZCheckoutSessionId = z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'expected a checkout session id');

/** `/test-mode/checkout/:checkoutSessionId` */
export const ZCheckoutSessionParams = z.strictObject({ checkoutSessionId: ZCheckoutSessionId });

/** Stripe's return to success_url / cancel_url: `?session_id={CHECKOUT_SESSION_ID}`. */
export const ZCheckoutReturnQuery = z.object({ session_id: ZCheckoutSessionId.optional() });

/** `POST /v1/webhooks/stripe` answers 2xx only once the event is taken. */
export const ZWebhookReceived = z.object({ received: z.literal(true) });
