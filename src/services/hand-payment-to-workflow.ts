import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { type PaymentCompletedInput, type PaymentFailedInput, proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { type LatePaymentInput, latePaymentWorkflowId } from '../../workflows/late-payment.messages';
import { BOOKING_ID, TENANT_ID } from '../../workflows/search-attributes';
import type { Config } from '../config';
import { signalPaymentCompleted, signalPaymentFailed, startWorkflow } from '../integrations/temporal-client';
import type { TCheckoutMetadata } from '../schemas/stripe-webhook.schema';

// A signal is one quick RPC; the webhook holds its dedup row lock while it runs, so bound it and
// let Stripe retry (500) rather than keep duplicates waiting.
const HAND_ON_TIMEOUT_MS = 10_000;

export interface HandOnDeps {
  config: Config;
  temporal: Client;
}

export type HandOnOutcome = 'payment_completed_signaled' | 'late_payment_started' | 'late_payment_already_started' | 'payment_failed_signaled' | 'workflow_closed';

/**
 * A completed payment goes to its proposal's workflow; when that workflow has ended (the hold
 * expired, or it failed), a settleLatePayment workflow per booking takes it instead.
 */
export async function handPaymentCompleted(deps: HandOnDeps, metadata: TCheckoutMetadata, payment: PaymentCompletedInput): Promise<HandOnOutcome> {
  const workflowId = proposalWorkflowId(metadata.proposalId);
  try {
    await deps.temporal.withDeadline(Date.now() + HAND_ON_TIMEOUT_MS, () => signalPaymentCompleted(deps.temporal, workflowId, payment));
    return 'payment_completed_signaled';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  return startLatePayment(deps, metadata, payment);
}

async function startLatePayment(deps: HandOnDeps, metadata: TCheckoutMetadata, payment: PaymentCompletedInput): Promise<HandOnOutcome> {
  const input: LatePaymentInput = { tenantId: metadata.tenantId, proposalId: metadata.proposalId, bookingId: metadata.bookingId, ...payment };
  const started = await deps.temporal.withDeadline(Date.now() + HAND_ON_TIMEOUT_MS, () =>
    startLatePaymentSettlement(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE, input, metadata.confirmationCode),
  );
  return started ? 'late_payment_started' : 'late_payment_already_started';
}

/**
 * Starts the one settleLatePayment workflow of a booking; false when it runs or ran already. Also
 * used by the hold sweep for a payment whose proposal workflow was terminated before settling it.
 */
export async function startLatePaymentSettlement(temporal: Client, taskQueue: string, input: LatePaymentInput, confirmationCode: string): Promise<boolean> {
  try {
    await startWorkflow(temporal, 'settleLatePayment', {
      workflowId: latePaymentWorkflowId(input.bookingId),
      taskQueue,
      args: [input],
      // Running: that one settles it. Completed: it was settled. Failed: settle it again.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: TENANT_ID, value: input.tenantId },
        { key: BOOKING_ID, value: input.bookingId },
      ]),
      staticSummary: `Late payment of booking ${confirmationCode}`,
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** An expired or failed checkout: the workflow releases the date; an ended workflow needs nothing. */
export async function handPaymentFailed(deps: HandOnDeps, metadata: TCheckoutMetadata, failure: PaymentFailedInput): Promise<HandOnOutcome> {
  const workflowId = proposalWorkflowId(metadata.proposalId);
  try {
    await deps.temporal.withDeadline(Date.now() + HAND_ON_TIMEOUT_MS, () => signalPaymentFailed(deps.temporal, workflowId, failure));
    return 'payment_failed_signaled';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'workflow_closed';
    throw error;
  }
}
