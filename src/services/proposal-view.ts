import type { ProposalState } from '../../workflows/booking-proposal.messages';
import type { ProposalEntity } from '../db/entities';
import type { TProposal } from '../schemas/proposal.schema';

/** docs/api.md `Proposal` from the stored row, for when the workflow's own state is not at hand. */
export function toProposalView(proposal: ProposalEntity): TProposal {
  return {
    id: proposal.id,
    sessionId: proposal.sessionId,
    status: proposal.status,
    expiresAt: proposal.expiresAt.toISOString(),
    preview: proposal.preview,
  };
}

/** docs/api.md `Proposal` from the workflow's `state` query (drops internal fields). */
export function fromWorkflowState(state: ProposalState): TProposal {
  const { failureReason: _failureReason, ...view } = state;
  return view;
}
