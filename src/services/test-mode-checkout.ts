import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { type BookingEntity, PackageEntity } from '../db/entities';
import { formatPrice } from '../domain/money';
import type { BookingStatus } from '../domain/statuses';
import { TEST_MODE_WEBHOOK_SECRET } from '../integrations/stripe';
import { CHECKOUT_SOURCE } from '../integrations/stripe';
import type { TCheckoutMetadata } from '../schemas/stripe-webhook.schema';

/** What a checkout page shows about the booking it collects payment for. */
export interface CheckoutSummary {
  checkoutSessionId: string;
  bookingStatus: BookingStatus;
  service: string;
  date: string;
  amount: string;
  confirmationCode: string;
}

/** A signed Stripe event, as Stripe would POST it to the webhook. */
export interface SignedTestEvent {
  eventId: string;
  payload: string;
  signature: string;
}

export async function summarizeCheckout(db: DataSource, booking: BookingEntity): Promise<CheckoutSummary> {
  const pkg = await db.getRepository(PackageEntity).findOneBy({ id: booking.packageId, tenantId: booking.tenantId });
  return {
    checkoutSessionId: booking.stripeCheckoutSessionId ?? '',
    bookingStatus: booking.status,
    service: pkg?.name ?? 'Booking',
    date: booking.eventDate,
    amount: formatPrice(booking.totalCents, booking.currency),
    confirmationCode: booking.confirmationCode,
  };
}

/** docs/api.md checkout metadata, from the booking row exactly as the checkout activity sets it. */
function checkoutMetadataOf(booking: BookingEntity): TCheckoutMetadata {
  return {
    tenantId: booking.tenantId,
    bookingId: booking.id,
    proposalId: booking.proposalId,
    packageId: booking.packageId,
    eventDate: booking.eventDate,
    email: booking.customerEmail,
    customerName: booking.customerName,
    confirmationCode: booking.confirmationCode,
    source: CHECKOUT_SOURCE,
  };
}

/**
 * The `checkout.session.completed` event Stripe would send once this session is paid, signed with
 * the test-mode webhook secret (which loadConfig refuses in production).
 */
export function buildTestPaymentEvent(booking: BookingEntity, now: Date = new Date()): SignedTestEvent {
  const eventId = `evt_test_local_${randomBytes(12).toString('hex')}`;
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(now.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: booking.stripeCheckoutSessionId,
        object: 'checkout.session',
        amount_total: booking.totalCents,
        currency: booking.currency,
        status: 'complete',
        payment_status: 'paid',
        payment_intent: `pi_test_local_${randomBytes(12).toString('hex')}`,
        client_reference_id: booking.id,
        customer_email: booking.customerEmail,
        metadata: checkoutMetadataOf(booking),
      },
    },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_MODE_WEBHOOK_SECRET });
  return { eventId, payload, signature };
}
