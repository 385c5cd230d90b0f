import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { createProposalOverHttp, getProposalOverHttp } from '../helpers/proposal-api';
import { testTemporalAddress } from '../helpers/test-env';
import { nextOpenDate } from '../helpers/test-dates';
import { useWorkerTestbed } from '../helpers/worker-testbed';

const PAYLOAD_KEYS = `k1:${randomBytes(32).toString('base64')}`;

describe('with PAYLOAD_KEYS, workflow history holds ciphertext only', () => {
  const bed = useWorkerTestbed(() => ({ PAYLOAD_KEYS }));

  it('has no customer email in the history bytes, and the API still reads the proposal', async () => {
    const email = `enc-${randomBytes(4).toString('hex')}@example.com`;
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner), { customerEmail: email });
    const read = await getProposalOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, proposal.sessionId);
    expect(read.statusCode).toBe(200);
    expect(read.json().preview.customerEmail).toBe(email);

    // A client without the codec sees what the server stores.
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const history = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: bed.t.config.TEMPORAL_NAMESPACE,
        execution: { workflowId: proposalWorkflowId(proposal.id) },
      });
      expect(history.history?.events?.length).toBeGreaterThan(0);
      // The history as the server stores and sends it: every payload, memo and summary included.
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history.history ?? {}).finish()).toString('latin1');
      expect(bytes).toContain('binary/encrypted');
      expect(bytes).not.toContain(email);
    } finally {
      await connection.close();
    }
  });
});
