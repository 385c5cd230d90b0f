import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TProposal } from '../src/schemas/proposal.schema';

/** One workflow per proposal; the id is derived so a route, a webhook and ops all find it. */
export function proposalWorkflowId(proposalId: string): string {
  return `proposal-${proposalId}`;
}

/** What the customer is shown before confirming (docs/api.md `Proposal.preview`). */
export type ProposalPreview = TProposal['preview'];

/** Everything the workflow needs, fixed when the proposal is made (plain JSON). */
export interface BookingProposalInput {
  proposalId: string;
  tenantId: string;
  sessionId: string;
  customerId: string;
  packageId: string;
  /** YYYY-MM-DD in the tenant's timezone. */
  date: string;
  customerName: string;
  customerEmail: string;
  notes: string | null;
  priceCents: number;
  currency: string;
  preview: ProposalPreview;
  /** ISO time the proposal stops accepting a confirm. */
  expiresAt: string;
  proposalTtlMs: number;
  paymentHoldMs: number;
}

export interface ConfirmInput {
  sessionId: string;
}

export interface ConfirmResult {
  bookingId: string;
  confirmationCode: string;
  checkoutUrl: string;
}

/** Sent by the webhook route for checkout.session.completed (paid) and async_payment_succeeded. */
export interface PaymentCompletedInput {
  eventId: string;
  checkoutSessionId: string;
  amountPaidCents: number;
  paymentIntentId: string | null;
}

/**
 * Ends the payment hold at once: sent by the webhook route for checkout.session.expired and
 * async_payment_failed, and by the back office when it cancels an unpaid booking.
 */
export interface PaymentFailedInput {
  eventId: string;
  checkoutSessionId: string;
  reason: 'expired' | 'async_payment_failed' | 'canceled';
}

export type ProposalBookingView = NonNullable<TProposal['booking']>;

/** docs/api.md `Proposal` (ZProposal), plus why it failed, as the `state` query answers it. */
export type ProposalState = TProposal & { failureReason?: string };

/** Error types the confirm update fails with; routes map them to docs/api.md codes. */
export const CONFIRM_FAILURE = {
  WRONG_SESSION: 'WrongSession',
  EXPIRED: 'ProposalExpired',
  DATE_UNAVAILABLE: 'DateUnavailable',
  PACKAGE_UNAVAILABLE: 'PackageUnavailable',
  NOT_CONFIRMABLE: 'NotConfirmable',
} as const;

export const confirmUpdate = defineUpdate<ConfirmResult, [ConfirmInput]>('confirm');
/** The same confirm for ops (Temporal UI / CLI), where an update is awkward to send. */
export const confirmSignal = defineSignal<[ConfirmInput]>('confirm');
export const paymentCompletedSignal = defineSignal<[PaymentCompletedInput]>('paymentCompleted');
export const paymentFailedSignal = defineSignal<[PaymentFailedInput]>('paymentFailed');
export const stateQuery = defineQuery<ProposalState>('state');
