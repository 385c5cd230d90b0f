import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { startLatePaymentSettlement } from '../src/services/hand-payment-to-workflow';
import { proposalWorkflowId } from '../workflows/booking-proposal.messages';
import { findBooking } from './booking-rows';
import { releaseBookingHold } from './release-hold';

/** A workflow whose own timer should have ended the hold is this late at most before the sweep steps in. */
const HOLD_GRACE_MS = 60 * 60_000;
/** Bounded work per run (each needs a describe and maybe a Stripe call): the schedule comes back within the hour. */
const BATCH_SIZE = 50;

interface HoldSweepDeps {
  db: DataSource;
  stripe: Stripe | undefined;
  /** PAYMENT_HOLD: how long a booking may hold its date unpaid. */
  paymentHoldMs: number;
}

interface PendingHold {
  id: string;
  tenant_id: string;
  proposal_id: string;
  workflow_id: string | null;
}

/** The proposal's workflow is still running (it will end the hold itself); a missing workflow is closed. */
async function isWorkflowRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * Releases dates held by PENDING bookings whose proposal workflow is closed (terminated or reset by an
 * operator, failed) and whose hold has passed: nothing else would ever release them. Across tenants on
 * purpose, like the other cleanup activities; each release is the workflow's own (idempotent) one.
 */
export function createHoldSweepActivities({ db, stripe, paymentHoldMs }: HoldSweepDeps) {
  return {
    async releaseAbandonedHolds(): Promise<number> {
      const holds: PendingHold[] = await db.query(
        `SELECT b.id, b.tenant_id, b.proposal_id, p.workflow_id
           FROM bookings b JOIN proposals p ON p.id = b.proposal_id AND p.tenant_id = b.tenant_id
          WHERE b.status = 'PENDING' AND b.created_at < now() - make_interval(secs => $1::double precision / 1000)
          ORDER BY b.created_at
          LIMIT $2`,
        [paymentHoldMs + HOLD_GRACE_MS, BATCH_SIZE],
      );
      const { client } = Context.current();
      let released = 0;
      for (const hold of holds) {
        Context.current().heartbeat(hold.id);
        if (await isWorkflowRunning(client, hold.workflow_id || proposalWorkflowId(hold.proposal_id))) continue;
        const booking = await findBooking(db.manager, hold.tenant_id, hold.id);
        if (!booking || booking.status !== 'PENDING') continue;
        const result = await releaseBookingHold(db, stripe, booking);
        if (result.alreadyPaid) {
          // Paid, and the workflow that had the payment closed before settling it (terminated by an
          // operator): its webhook was answered long ago, so the late-payment workflow settles it.
          const { checkoutSessionId, amountPaidCents, paymentIntentId } = result;
          const input = { tenantId: booking.tenant_id, proposalId: booking.proposal_id, bookingId: booking.id, eventId: `sweep-${checkoutSessionId}`, checkoutSessionId, amountPaidCents, paymentIntentId };
          await startLatePaymentSettlement(client, Context.current().info.taskQueue, input, booking.confirmation_code);
          log.warn('abandoned hold was paid at Stripe: handed to its late-payment settlement', { bookingId: booking.id });
        } else if (result.bookingStatus === 'EXPIRED') {
          log.info('released the date of a booking whose workflow had closed', { bookingId: booking.id, tenantId: booking.tenant_id });
          released += 1;
        }
      }
      return released;
    },
  };
}

export type HoldSweepActivities = ReturnType<typeof createHoldSweepActivities>;
