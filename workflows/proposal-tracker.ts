import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { condition, log, setHandler } from '@temporalio/workflow';
import {
  CONFIRM_FAILURE,
  confirmSignal,
  confirmUpdate,
  paymentCompletedSignal,
  paymentFailedSignal,
  stateQuery,
  type BookingProposalInput,
  type ConfirmInput,
  type ConfirmResult,
  type PaymentCompletedInput,
  type PaymentFailedInput,
  type ProposalState,
} from './booking-proposal.messages';

/** What bookingProposal knows, written by its message handlers and read by its story. */
export interface ProposalTracker {
  readonly state: ProposalState;
  confirmedAt?: string;
  /** Set once the payment page is open: what the confirm update answers. */
  confirmation?: ConfirmResult;
  failureType?: string;
  checkoutSessionId?: string;
  /** The first payment of our checkout session, from the webhook or found at Stripe. */
  payment?: PaymentCompletedInput;
  /** The payment above was confirmed or refunded. */
  paymentSettled: boolean;
  paymentFailure?: PaymentFailedInput['reason'];
}

const FINISHED_STATUSES: readonly string[] = ['COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED'];

/** An expected refusal (BENIGN: the SDK logs it without a stack). */
function refusal(message: string, type: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, category: ApplicationFailureCategory.BENIGN });
}

/** The payment that still has to be confirmed or refunded, if any. */
export function unsettledPayment(tracker: ProposalTracker): PaymentCompletedInput | undefined {
  return tracker.paymentSettled ? undefined : tracker.payment;
}

/**
 * The proposal's state and every message handler, registered before the workflow's first await so
 * an early confirm is never rejected.
 */
export function trackProposal(input: BookingProposalInput): ProposalTracker {
  const tracker: ProposalTracker = {
    state: { id: input.proposalId, sessionId: input.sessionId, status: 'AWAITING_CONFIRMATION', expiresAt: input.expiresAt, preview: input.preview },
    paymentSettled: false,
  };
  const { state } = tracker;
  const seenPaymentEvents = new Set<string>();
  const isFinished = () => FINISHED_STATUSES.includes(state.status);

  /** Why a confirm cannot be accepted now; undefined when it can (a repeat while booking or after is fine). */
  function confirmRejection(request: ConfirmInput | undefined): ApplicationFailure | undefined {
    if (request?.sessionId !== input.sessionId) return refusal('This proposal was made in another session', CONFIRM_FAILURE.WRONG_SESSION);
    if (state.status === 'EXPIRED') return refusal('The proposal expired before it was confirmed', CONFIRM_FAILURE.EXPIRED);
    if (state.status === 'FAILED') return refusal(state.failureReason ?? 'The booking could not be made', tracker.failureType ?? CONFIRM_FAILURE.NOT_CONFIRMABLE);
    if (state.status === 'PAYMENT_EXPIRED') return refusal(state.failureReason ?? 'The booking was released', CONFIRM_FAILURE.NOT_CONFIRMABLE);
    return undefined;
  }
  const acceptConfirm = () => {
    tracker.confirmedAt ??= new Date().toISOString();
  };

  setHandler(stateQuery, () => state);
  setHandler(
    confirmUpdate,
    async () => {
      acceptConfirm();
      await condition(() => tracker.confirmation !== undefined || isFinished());
      if (tracker.confirmation) return tracker.confirmation;
      throw confirmRejection({ sessionId: input.sessionId }) ?? refusal('The booking could not be made', CONFIRM_FAILURE.NOT_CONFIRMABLE);
    },
    {
      validator: (request) => {
        const rejection = confirmRejection(request);
        if (rejection) throw rejection;
      },
    },
  );
  setHandler(confirmSignal, (request) => {
    const rejection = confirmRejection(request);
    if (rejection) {
      log.warn('confirm signal ignored', { reason: rejection.message, type: rejection.type });
      return;
    }
    acceptConfirm();
  });
  setHandler(paymentCompletedSignal, (event) => {
    // Webhooks arrive at least once and sometimes twice over (completed + async_payment_succeeded).
    if (seenPaymentEvents.has(event.eventId)) return;
    seenPaymentEvents.add(event.eventId);
    if (tracker.payment) {
      log.info('payment already recorded; repeat ignored', { eventId: event.eventId });
    } else if (tracker.checkoutSessionId && event.checkoutSessionId !== tracker.checkoutSessionId) {
      // The webhook refunds payments of other sessions before they get here; this is the backstop.
      log.warn('payment for another checkout session ignored', { eventId: event.eventId, checkoutSessionId: event.checkoutSessionId });
    } else {
      tracker.payment = event;
    }
  });
  setHandler(paymentFailedSignal, (event) => {
    if (state.status !== 'AWAITING_PAYMENT' || event.checkoutSessionId !== tracker.checkoutSessionId) {
      log.info('payment failure ignored: not for the open checkout session', { eventId: event.eventId, status: state.status });
      return;
    }
    tracker.paymentFailure ??= event.reason;
  });
  return tracker;
}
