import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  confirmUpdate,
  paymentCompletedSignal,
  proposalWorkflowId,
  type ProposalState,
} from '../../workflows/booking-proposal.messages';
import { latePaymentWorkflowId, type LatePaymentResult } from '../../workflows/late-payment.messages';
import { BOOKING_ID as BOOKING_ID_ATTRIBUTE, PROPOSAL_STATUS, TENANT_ID } from '../../workflows/search-attributes';
import { startWorkflow } from '../../src/integrations/temporal-client';
import { readHistoryFiles } from '../helpers/history-files';
import { testTemporalAddress } from '../helpers/test-env';
import { BOOKING_ID, bundleWorkflows, installQuietRuntime, mockActivities, proposalInput } from '../helpers/workflow-env';

/** Real dev server (the run's), real timers kept short: each history must replay against the bundle. */
describe('workflow determinism: histories from the dev server replay cleanly', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  const taskQueue = `replay-${randomUUID()}`;

  beforeAll(async () => {
    installQuietRuntime();
    [env, workflowBundle] = await Promise.all([TestWorkflowEnvironment.createFromExistingServer({ address: testTemporalAddress() }), bundleWorkflows()]);
  });
  afterAll(async () => env?.teardown());

  it('every recorded history of earlier versions (test/workflows/histories, see record-histories.ts) replays', async () => {
    const files = readHistoryFiles(path.join(__dirname, 'histories'));
    expect(files.length).toBeGreaterThanOrEqual(27);
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, files)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  async function replay(handle: WorkflowHandle): Promise<void> {
    const history = await handle.fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId)).resolves.toBeUndefined();
  }

  it('confirm + duplicate payment (COMPLETED), hold expiry (PAYMENT_EXPIRED), TTL expiry and a late refund', async () => {
    const activities = mockActivities({ settleLatePayment: async (payment) => ({ bookingId: payment.bookingId, outcome: 'REFUND_REQUIRED' }) });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    const handles = await worker.runUntil(async () => {
      const paid = proposalInput();
      const paidHandle = await startWorkflow(env.client, 'bookingProposal', { workflowId: proposalWorkflowId(paid.proposalId), taskQueue, args: [paid] });
      await paidHandle.executeUpdate(confirmUpdate, { args: [{ sessionId: paid.sessionId }] });
      const payment = { eventId: 'evt_1', checkoutSessionId: 'cs_test_1', amountPaidCents: 15_000, paymentIntentId: 'pi_1' };
      await paidHandle.signal(paymentCompletedSignal, payment);
      await paidHandle.signal(paymentCompletedSignal, payment);
      expect(((await paidHandle.result()) as ProposalState).status).toBe('COMPLETED');

      const unpaid = proposalInput({ paymentHoldMs: 1_000 });
      const unpaidHandle = await startWorkflow(env.client, 'bookingProposal', { workflowId: proposalWorkflowId(unpaid.proposalId), taskQueue, args: [unpaid] });
      await unpaidHandle.executeUpdate(confirmUpdate, { args: [{ sessionId: unpaid.sessionId }] });
      expect(((await unpaidHandle.result()) as ProposalState).status).toBe('PAYMENT_EXPIRED');

      const ignored = proposalInput({ proposalTtlMs: 500 });
      const ignoredHandle = await startWorkflow(env.client, 'bookingProposal', { workflowId: proposalWorkflowId(ignored.proposalId), taskQueue, args: [ignored] });
      expect(((await ignoredHandle.result()) as ProposalState).status).toBe('EXPIRED');

      const late = { tenantId: paid.tenantId, proposalId: paid.proposalId, bookingId: BOOKING_ID, eventId: 'evt_late', checkoutSessionId: 'cs_test_1', amountPaidCents: 15_000, paymentIntentId: 'pi_late' };
      const lateHandle = await startWorkflow(env.client, 'settleLatePayment', { workflowId: latePaymentWorkflowId(`${BOOKING_ID}-${randomUUID()}`), taskQueue, args: [late] });
      expect((await lateHandle.result()) as LatePaymentResult).toEqual({ bookingId: BOOKING_ID, outcome: 'REFUNDED' });

      const described = await paidHandle.describe();
      expect(described.typedSearchAttributes.get(PROPOSAL_STATUS)).toBe('COMPLETED');
      expect(described.typedSearchAttributes.get(BOOKING_ID_ATTRIBUTE)).toBe(BOOKING_ID);
      expect((await lateHandle.describe()).typedSearchAttributes.get(TENANT_ID)).toBe(paid.tenantId);
      return [paidHandle, unpaidHandle, ignoredHandle, lateHandle];
    });
    expect(activities.refundPayment).toHaveBeenCalledTimes(1);
    expect(activities.confirmBooking).toHaveBeenCalledTimes(1);
    for (const handle of handles) await replay(handle);
  });
});
