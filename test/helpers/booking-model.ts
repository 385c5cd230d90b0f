import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { businessFailure } from '../../activities/failures';
import type { BookingStatus } from '../../src/domain/statuses';
import { paymentCompletedSignal, type PaymentCompletedInput } from '../../workflows/booking-proposal.messages';
import { type MockActivities, mockActivities } from './workflow-env';

export interface BookingModelOptions {
  /** Someone else books the date once this booking is released: a late payment must be refunded. */
  dateTakenOnRelease?: boolean;
  /** Postgres is down for this long (workflow time) from the injected call (or the ending's first) on. */
  outageMs?: number;
  /** Called with the workflow time; the time-skipping server's clock. */
  now: () => Promise<number>;
}

export interface Injection {
  /** The n-th activity call (0-based) from the first expireBooking on receives the payment. */
  atCall: number;
  payments: PaymentCompletedInput[];
}

export interface BookingModel {
  activities: MockActivities;
  booking: { status: BookingStatus; refunds: number; emails: number };
  /** Attempts that failed because Postgres was down. */
  outageFailures: number;
  /** Activity names called from the first expireBooking on (retries of one call counted once). */
  callsFromRelease: string[];
  cancelByBusiness(): void;
}

const DATABASE_ACTIVITIES = ['expireBooking', 'releaseProposalHold', 'recordProposalStatus', 'confirmBooking', 'settleLatePayment', 'refundPayment', 'sendConfirmationEmail'];

/**
 * The booking row and Stripe as the real activities treat them, in memory, so workflow tests can
 * check what a customer's money ends as. A payment can be delivered during any activity call, and
 * Postgres can be down for a while (every database activity fails, retryably, until it is back).
 */
export function bookingModel(client: Client, options: BookingModelOptions, injection?: Injection): BookingModel {
  const booking = { status: 'PENDING' as BookingStatus, refunds: 0, emails: 0 };
  const callsFromRelease: string[] = [];
  let downUntil: number | undefined;
  const paidAt = '2031-06-01T10:00:00.000Z';

  const activities = mockActivities({
    expireBooking: async () => {
      if (booking.status === 'PENDING') booking.status = 'EXPIRED';
      return { alreadyPaid: false, bookingStatus: booking.status };
    },
    confirmBooking: async (input) => {
      if (booking.status !== 'PENDING' && booking.status !== 'CONFIRMED') throw businessFailure(`Booking is ${booking.status}`, 'BookingNotPayable');
      booking.status = 'CONFIRMED';
      return { bookingId: input.bookingId, status: 'CONFIRMED', paidAt };
    },
    settleLatePayment: async (input) => {
      const outcome =
        booking.status === 'CONFIRMED' ? 'ALREADY_CONFIRMED'
        : booking.status === 'REFUNDED' ? 'ALREADY_REFUNDED'
        : booking.status === 'CANCELED' || (booking.status === 'EXPIRED' && options.dateTakenOnRelease) ? 'REFUND_REQUIRED'
        : 'CONFIRMED';
      if (outcome === 'CONFIRMED') booking.status = 'CONFIRMED';
      return { bookingId: input.bookingId, outcome, paidAt };
    },
    refundPayment: async (input) => {
      if (booking.status !== 'REFUNDED') booking.refunds += 1;
      booking.status = 'REFUNDED';
      return { bookingId: input.bookingId, status: 'REFUNDED', refundId: 're_1' };
    },
    sendConfirmationEmail: async () => {
      booking.emails += 1;
      return { customer: 'sent', tenant: 'skipped' };
    },
  });

  const model: BookingModel = {
    activities,
    booking,
    outageFailures: 0,
    callsFromRelease,
    cancelByBusiness: () => {
      if (booking.status === 'PENDING') booking.status = 'CANCELED';
    },
  };
  for (const [name, mock] of Object.entries(activities) as Array<[string, jest.Mock]>) {
    const behaviour = mock.getMockImplementation() as (...args: unknown[]) => Promise<unknown>;
    mock.mockImplementation(async (...args: unknown[]) => {
      const attempt = Context.current().info.attempt;
      const counted = callsFromRelease.length > 0 || name === 'expireBooking';
      if (counted && attempt === 1) {
        callsFromRelease.push(name);
        const injectHere = injection?.atCall === callsFromRelease.length - 1;
        // The outage starts as the injected call runs (or with the ending): the payment lands while Postgres is down.
        if (options.outageMs && (injectHere || (!injection && callsFromRelease.length === 1))) downUntil = (await options.now()) + options.outageMs;
        if (injectHere) await signalOwnWorkflow(client, injection.payments);
      }
      if (downUntil !== undefined && DATABASE_ACTIVITIES.includes(name) && (await options.now()) < downUntil) {
        model.outageFailures += 1;
        // BENIGN only to keep test output quiet: a real outage is logged.
        throw ApplicationFailure.create({ message: 'connect ECONNREFUSED (Postgres is down)', type: 'QueryFailedError', category: ApplicationFailureCategory.BENIGN });
      }
      return behaviour(...args);
    });
  }
  return model;
}

/** What a webhook landing while this activity runs does. */
async function signalOwnWorkflow(client: Client, payments: PaymentCompletedInput[]): Promise<void> {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  if (!workflowId) throw new Error('not run by a workflow');
  for (const payment of payments) await client.workflow.getHandle(workflowId).signal(paymentCompletedSignal, payment);
}
