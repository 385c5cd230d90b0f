import { ProposalEntity } from '../../src/db/entities';
import { useWorkerTestbed } from '../helpers/worker-testbed';
import { createProposalOverHttp, getProposalOverHttp } from '../helpers/proposal-api';
import { nextOpenDate } from '../helpers/test-dates';

describe('GET /v1/proposals/:id reads', () => {
  const bed = useWorkerTestbed();

  it('asks the running workflow while the proposal is open', async () => {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner));
    // The row says otherwise on purpose: the answer must come from the workflow's `state` query.
    await bed.t.db.getRepository(ProposalEntity).update({ id: proposal.id }, { expiresAt: new Date('2000-01-01T00:00:00Z') });
    const read = (await getProposalOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, proposal.sessionId)).json();
    expect(read).toMatchObject({ status: 'AWAITING_CONFIRMATION', expiresAt: proposal.expiresAt });
  });

  it('answers a settled proposal from the rows alone, without a round trip to Temporal', async () => {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner));
    // The workflow still waits for a confirm; the row is what a finished workflow would have left.
    await bed.t.db.getRepository(ProposalEntity).update({ id: proposal.id }, { status: 'EXPIRED' });
    const read = await getProposalOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, proposal.sessionId);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: proposal.id, status: 'EXPIRED' });
    expect(read.json().booking).toBeUndefined();
  });
});
