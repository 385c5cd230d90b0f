import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { type ProposalState, proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { BookingEntity, ProposalEntity, type TenantEntity } from '../db/entities';
import { isFinalProposalStatus } from '../domain/statuses';
import { AppError } from '../errors';
import { queryProposalWorkflowState } from '../integrations/temporal-client';
import type { TProposal } from '../schemas/proposal.schema';
import type { ProposalDeps } from './create-proposal';
import { fromWorkflowState, toProposalView } from './proposal-view';

// The workflow answers a query in milliseconds when its worker is up; past this the stored row
// answers instead, so a GET never hangs on a Temporal outage.
const STATE_QUERY_TIMEOUT_MS = 3_000;

/**
 * The proposal of this tenant and session; anything else (unknown, foreign tenant, other session)
 * is the same 404, so ids cannot be probed.
 */
export async function findOwnedProposal(db: DataSource, tenantId: string, proposalId: string, sessionId: string): Promise<ProposalEntity> {
  const proposal = await db.getRepository(ProposalEntity).findOneBy({ id: proposalId, tenantId, sessionId });
  if (!proposal) throw new AppError('NOT_FOUND', 'No proposal with that id in this session');
  return proposal;
}

/** The workflow's own `state`, or undefined when it is gone or cannot answer in time. */
export async function queryProposalState(temporal: Client, proposal: ProposalEntity): Promise<ProposalState | undefined> {
  const workflowId = proposal.workflowId || proposalWorkflowId(proposal.id);
  try {
    return await temporal.withDeadline(Date.now() + STATE_QUERY_TIMEOUT_MS, () => queryProposalWorkflowState(temporal, workflowId));
  } catch {
    // Not found, no worker to answer, or the cluster is down: the row is the next best truth.
    return undefined;
  }
}

/** docs/api.md `Proposal` from the stored rows: the proposal and, once there is one, its booking. */
export async function proposalFromRows(db: DataSource, proposal: ProposalEntity): Promise<TProposal> {
  const view = toProposalView(proposal);
  const bookings = db.getRepository(BookingEntity);
  const booking = proposal.bookingId
    ? await bookings.findOneBy({ id: proposal.bookingId, tenantId: proposal.tenantId })
    : await bookings.findOneBy({ proposalId: proposal.id, tenantId: proposal.tenantId });
  if (!booking) return view;
  return {
    ...view,
    booking: {
      id: booking.id,
      status: booking.status,
      confirmationCode: booking.confirmationCode,
      // Empty until the checkout session exists (the workflow retries Stripe while it is down).
      checkoutUrl: booking.checkoutUrl ?? '',
      ...(booking.paidAt && { paidAt: booking.paidAt.toISOString() }),
    },
  };
}

/**
 * The freshest view of an owned proposal: the rows once it has settled, else the workflow's state.
 * The workflow records a final status in the row before it ends, and the booking row holds what may
 * change later (a late payment): the rows alone answer, with no round trip to Temporal.
 */
export async function currentProposal(deps: ProposalDeps, proposal: ProposalEntity): Promise<TProposal> {
  if (isFinalProposalStatus(proposal.status)) return proposalFromRows(deps.db, proposal);
  const state = await queryProposalState(deps.temporal, proposal);
  return state ? fromWorkflowState(state) : proposalFromRows(deps.db, proposal);
}

/** docs/api.md `GET /v1/proposals/:proposalId?sessionId=`. */
export async function getProposal(deps: ProposalDeps, tenant: TenantEntity, proposalId: string, sessionId: string): Promise<TProposal> {
  const proposal = await findOwnedProposal(deps.db, tenant.id, proposalId, sessionId);
  return currentProposal(deps, proposal);
}
