import { log } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { BookingProposalInput } from '../workflows/booking-proposal.messages';
import { isBookableDay } from '../src/domain/calendar';
import type { BookingStatus } from '../src/domain/statuses';
import type { BusinessHours } from '../src/db/entities/tenant.entity';
import { generateConfirmationCode } from '../src/services/confirmation-code';
import { updateReturning } from '../src/db/update-returning';
import { type BookingRow, findBooking, findBookingOfProposal } from './booking-rows';
import { isDateHeld, lockTenantDate } from './date-lock';
import { ACTIVITY_FAILURE, businessFailure, dateUnavailable, notFound, uniqueViolationConstraint } from './failures';

// A fresh 8-character code collides about once in 10^11 draws; five tries is plenty.
const CONFIRMATION_CODE_ATTEMPTS = 5;

/** What holding the date needs: the proposal's own fields, fixed when it was made (price as shown). */
export type CreateLockedBookingInput = Pick<
  BookingProposalInput,
  'tenantId' | 'proposalId' | 'packageId' | 'customerId' | 'date' | 'customerName' | 'customerEmail' | 'notes' | 'priceCents' | 'currency'
>;

export interface LockedBooking {
  bookingId: string;
  confirmationCode: string;
  status: BookingStatus;
}

export interface ConfirmBookingInput {
  tenantId: string;
  bookingId: string;
  amountPaidCents: number;
  paymentIntentId: string | null;
}

export interface ConfirmedBooking {
  bookingId: string;
  status: 'CONFIRMED';
  paidAt: string;
}

export interface SettleLatePaymentInput extends ConfirmBookingInput {
  proposalId?: string;
}

/** CONFIRMED*: the booking is (now) confirmed; REFUND_REQUIRED: the date went to someone else, pay back. */
export type LatePaymentOutcome = 'CONFIRMED' | 'ALREADY_CONFIRMED' | 'REFUND_REQUIRED' | 'ALREADY_REFUNDED';

export interface SettledLatePayment {
  bookingId: string;
  outcome: LatePaymentOutcome;
  paidAt?: string;
}

function toLockedBooking(row: BookingRow): LockedBooking {
  return { bookingId: row.id, confirmationCode: row.confirmation_code, status: row.status };
}

export function createBookingActivities({ db }: { db: DataSource }) {
  return {
    /**
     * Holds the date for a confirmed proposal: one transaction under the tenant+date advisory lock.
     * Idempotent per proposal: a retry returns the booking the first try inserted.
     */
    async createLockedBooking(input: CreateLockedBookingInput): Promise<LockedBooking> {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await db.transaction((tx) => lockAndInsertBooking(tx, input));
        } catch (error) {
          const constraint = uniqueViolationConstraint(error);
          if (constraint === 'uq_bookings_tenant_date_active') throw dateUnavailable(input.date);
          if (constraint === 'bookings_proposal_id_key') {
            const existing = await findBookingOfProposal(db.manager, input.tenantId, input.proposalId);
            if (existing) return toLockedBooking(existing);
          }
          if (constraint === 'uq_bookings_tenant_confirmation_code' && attempt < CONFIRMATION_CODE_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    /** PENDING (or already CONFIRMED) -> CONFIRMED with the payment; the first payment recorded wins. */
    async confirmBooking(input: ConfirmBookingInput): Promise<ConfirmedBooking> {
      const paidAt = await confirmPaid(db.manager, input, ['PENDING', 'CONFIRMED']);
      if (paidAt) return { bookingId: input.bookingId, status: 'CONFIRMED', paidAt: paidAt.toISOString() };
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) throw notFound(`Booking ${input.bookingId}`);
      throw businessFailure(`Booking ${input.bookingId} is ${booking.status}, so a payment cannot simply confirm it`, ACTIVITY_FAILURE.BOOKING_NOT_PAYABLE);
    },

    /**
     * A payment for a booking whose hold ended (or that was cancelled): under the date lock, confirm
     * it when the date is still free, else answer REFUND_REQUIRED (the refund is its own activity, so
     * this one never moves money and may be retried freely).
     */
    async settleLatePayment(input: SettleLatePaymentInput): Promise<SettledLatePayment> {
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) throw notFound(`Booking ${input.bookingId}`);
      try {
        return await db.transaction((tx) => settleUnderLock(tx, booking.event_date, input));
      } catch (error) {
        // Only reachable if a writer bypassed the advisory lock: the index kept the date, so pay back.
        if (uniqueViolationConstraint(error) === 'uq_bookings_tenant_date_active') {
          await recordPayment(db.manager, input);
          return { bookingId: input.bookingId, outcome: 'REFUND_REQUIRED' };
        }
        throw error;
      }
    },
  };
}

async function lockAndInsertBooking(tx: EntityManager, input: CreateLockedBookingInput): Promise<LockedBooking> {
  await lockTenantDate(tx, input.tenantId, input.date);
  const existing = await findBookingOfProposal(tx, input.tenantId, input.proposalId);
  if (existing) return toLockedBooking(existing);

  const proposals: unknown[] = await tx.query('SELECT 1 FROM proposals WHERE id = $1 AND tenant_id = $2', [input.proposalId, input.tenantId]);
  if (proposals.length === 0) throw notFound(`Proposal ${input.proposalId}`);
  const packages: unknown[] = await tx.query('SELECT 1 FROM packages WHERE id = $1 AND tenant_id = $2 AND active', [
    input.packageId,
    input.tenantId,
  ]);
  if (packages.length === 0) {
    throw businessFailure('The chosen package is no longer offered', ACTIVITY_FAILURE.PACKAGE_UNAVAILABLE);
  }
  const [tenant]: Array<{ business_hours: BusinessHours; blackout_dates: string[] }> = await tx.query(
    'SELECT business_hours, blackout_dates FROM tenants WHERE id = $1',
    [input.tenantId],
  );
  if (!tenant) throw notFound(`Tenant ${input.tenantId}`);
  if (!isBookableDay(input.date, tenant.business_hours, tenant.blackout_dates)) throw dateUnavailable(input.date, 'is no longer open for bookings');
  if (await isDateHeld(tx, input.tenantId, input.date)) throw dateUnavailable(input.date);

  const [row]: BookingRow[] = await tx.query(
    `INSERT INTO bookings (tenant_id, proposal_id, package_id, customer_id, event_date, status, confirmation_code,
                           customer_name, customer_email, notes, total_cents, currency)
     VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8, $9, $10, $11)
     RETURNING id, confirmation_code, status`,
    [
      input.tenantId,
      input.proposalId,
      input.packageId,
      input.customerId,
      input.date,
      generateConfirmationCode(),
      input.customerName,
      input.customerEmail,
      input.notes,
      input.priceCents,
      input.currency,
    ],
  );
  return toLockedBooking(row);
}

async function settleUnderLock(tx: EntityManager, date: string, input: SettleLatePaymentInput): Promise<SettledLatePayment> {
  await lockTenantDate(tx, input.tenantId, date);
  const booking = await findBooking(tx, input.tenantId, input.bookingId, true);
  if (!booking) throw notFound(`Booking ${input.bookingId}`);
  const settled = (outcome: LatePaymentOutcome, paidAt?: Date | null): SettledLatePayment => ({
    bookingId: booking.id,
    outcome,
    ...(paidAt && { paidAt: paidAt.toISOString() }),
  });
  switch (booking.status) {
    case 'CONFIRMED':
      return settled('ALREADY_CONFIRMED', booking.paid_at);
    case 'REFUNDED':
      return settled('ALREADY_REFUNDED');
    case 'CANCELED':
      await recordPayment(tx, input);
      return settled('REFUND_REQUIRED');
    case 'EXPIRED':
      if (await isDateHeld(tx, input.tenantId, date, booking.id)) {
        log.warn('late payment for a date that is taken now: refund required', { bookingId: booking.id, date });
        await recordPayment(tx, input);
        return settled('REFUND_REQUIRED');
      }
      return settled('CONFIRMED', await confirmPaid(tx, input, ['EXPIRED']));
    case 'PENDING':
      return settled('CONFIRMED', await confirmPaid(tx, input, ['PENDING']));
  }
}

/** Sets CONFIRMED and the payment (first one recorded wins); undefined when the status was not one of `fromStatuses`. */
async function confirmPaid(tx: EntityManager, input: ConfirmBookingInput, fromStatuses: BookingStatus[]): Promise<Date | undefined> {
  const rows = await updateReturning<{ paid_at: Date }>(
    tx,
    `UPDATE bookings
        SET status = 'CONFIRMED', paid_at = COALESCE(paid_at, now()), amount_paid_cents = COALESCE(amount_paid_cents, $3),
            stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $4), updated_at = now()
      WHERE id = $1 AND tenant_id = $2 AND status = ANY($5)
      RETURNING paid_at`,
    [input.bookingId, input.tenantId, input.amountPaidCents, input.paymentIntentId, fromStatuses],
  );
  return rows[0]?.paid_at;
}

/** Money came in even if the booking cannot keep it: remember what, for the refund and for the books. */
async function recordPayment(tx: EntityManager, input: ConfirmBookingInput): Promise<void> {
  await tx.query(
    `UPDATE bookings
        SET amount_paid_cents = COALESCE(amount_paid_cents, $3), stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $4),
            updated_at = now()
      WHERE id = $1 AND tenant_id = $2`,
    [input.bookingId, input.tenantId, input.amountPaidCents, input.paymentIntentId],
  );
}
