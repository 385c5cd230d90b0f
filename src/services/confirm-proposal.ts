import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  CONFIRM_FAILURE,
  type ConfirmResult,
  proposalWorkflowId,
} from '../../workflows/booking-proposal.messages';
import type { ProposalEntity, TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import { updateConfirm } from '../integrations/temporal-client';
import { confirmDuration } from '../metrics';
import type { TProposal } from '../schemas/proposal.schema';
import type { ProposalDeps } from './create-proposal';
import { currentProposal, findOwnedProposal, proposalFromRows, queryProposalState } from './get-proposal';
import { fromWorkflowState, toProposalView } from './proposal-view';

// Holding the date and opening the Stripe checkout take a second or two; past this the caller gets
// a 503 and may retry, and the retry joins the same update (same update id) instead of a new one.
const CONFIRM_TIMEOUT_MS = 30_000;

/** One update id per proposal and session: the server answers a retried confirm with the first result. */
export function confirmUpdateId(proposalId: string, sessionId: string): string {
  return `confirm-${proposalId}-${sessionId}`;
}

/**
 * docs/api.md `POST /v1/proposals/:proposalId/confirm`: the confirm update of the proposal's workflow,
 * whose answer carries the booking and its checkout URL.
 */
export async function confirmProposal(deps: ProposalDeps, tenant: TenantEntity, proposalId: string, sessionId: string): Promise<TProposal> {
  const proposal = await findOwnedProposal(deps.db, tenant.id, proposalId, sessionId);
  const workflowId = proposal.workflowId || proposalWorkflowId(proposal.id);
  let result: ConfirmResult;
  const stopTimer = confirmDuration.startTimer();
  try {
    result = await deps.temporal.withDeadline(Date.now() + CONFIRM_TIMEOUT_MS, () =>
      updateConfirm(deps.temporal, workflowId, { sessionId }, confirmUpdateId(proposal.id, sessionId)),
    );
    stopTimer({ result: 'ok' });
  } catch (error) {
    stopTimer({ result: 'error' });
    return answerFailedConfirm(deps, proposal, error);
  }
  return confirmedView(deps, proposal, result);
}

/** The workflow's state once it shows this booking; otherwise the update's own answer. */
async function confirmedView(deps: ProposalDeps, proposal: ProposalEntity, result: ConfirmResult): Promise<TProposal> {
  const state = await queryProposalState(deps.temporal, proposal);
  const settled = state && state.booking?.id === result.bookingId && !['AWAITING_CONFIRMATION', 'BOOKING'].includes(state.status);
  if (settled) return fromWorkflowState(state);
  return {
    ...toProposalView(proposal),
    status: 'AWAITING_PAYMENT',
    booking: { id: result.bookingId, status: 'PENDING', confirmationCode: result.confirmationCode, checkoutUrl: result.checkoutUrl },
  };
}

/** The typed ApplicationFailure the update failed with, looking through activity wrappers. */
function applicationFailure(error: unknown): ApplicationFailure | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && cause.type) return cause;
  }
  return undefined;
}

async function answerFailedConfirm(deps: ProposalDeps, proposal: ProposalEntity, error: unknown): Promise<TProposal> {
  if (error instanceof WorkflowNotFoundError) return answerFromRecord(await proposalFromRows(deps.db, await reload(deps, proposal)));
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    throw new AppError('SERVICE_UNAVAILABLE', 'The confirmation is taking longer than usual; retry in a moment', { cause: error.message });
  }
  if (!(error instanceof WorkflowUpdateFailedError)) throw error;
  const failure = applicationFailure(error);
  switch (failure?.type) {
    case CONFIRM_FAILURE.WRONG_SESSION:
      throw new AppError('NOT_FOUND', 'No proposal with that id in this session');
    case CONFIRM_FAILURE.EXPIRED:
      throw new AppError('PROPOSAL_EXPIRED', 'This proposal has expired; ask for a new one');
    case CONFIRM_FAILURE.DATE_UNAVAILABLE:
    case CONFIRM_FAILURE.PACKAGE_UNAVAILABLE:
      throw new AppError('DATE_UNAVAILABLE', failure?.message || 'The date is no longer available');
    default:
      // NotConfirmable, or the workflow ended while the update waited: the proposal's state says why.
      return answerFromRecord(await currentProposal(deps, await reload(deps, proposal)));
  }
}

/** A proposal that can no longer take a confirm answers with what became of it. */
function answerFromRecord(current: TProposal): TProposal {
  if (current.status === 'FAILED') throw new AppError('DATE_UNAVAILABLE', 'The date is no longer available; choose another date');
  if (current.status === 'BOOKING') throw new AppError('CONFLICT', 'This proposal is being confirmed right now; retry in a moment');
  if (current.status === 'EXPIRED' || !current.booking) throw new AppError('PROPOSAL_EXPIRED', 'This proposal has expired; ask for a new one');
  return current;
}

async function reload(deps: ProposalDeps, proposal: ProposalEntity): Promise<ProposalEntity> {
  return findOwnedProposal(deps.db, proposal.tenantId, proposal.id, proposal.sessionId);
}
