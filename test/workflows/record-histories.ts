import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { confirmUpdate, paymentCompletedSignal, paymentFailedSignal, proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { latePaymentWorkflowId } from '../../workflows/late-payment.messages';
import { startWorkflow } from '../../src/integrations/temporal-client';
import { historyFileText } from '../helpers/history-files';
import { testTemporalAddress } from '../helpers/test-env';
import { BOOKING_ID, bundleWorkflows, installQuietRuntime, mockActivities, proposalInput } from '../helpers/workflow-env';

/**
 * Records one history per ending of the workflows as they are now, into test/workflows/histories/,
 * for replay.test.ts to replay against every later version. Run it (by hand, before a workflow
 * change that needs patched()) with:
 *   npx jest --testMatch '**' test/workflows/record-histories.ts --maxWorkers=1
 * and commit the new files under a new prefix (RECORD_PREFIX=v2 ...); never overwrite old ones.
 */
const OUT_DIR = path.join(__dirname, 'histories');
const PREFIX = process.env.RECORD_PREFIX ?? 'v1';
const PAYMENT = { eventId: 'evt_1', checkoutSessionId: 'cs_test_1', amountPaidCents: 15_000, paymentIntentId: 'pi_1' };

type Scenario = (client: Client, taskQueue: string) => Promise<WorkflowHandle>;

const notPayable = () => {
  throw ApplicationFailure.nonRetryable('Booking is EXPIRED', 'BookingNotPayable');
};

/** Signals the workflow running this activity, as a webhook landing mid-step would. */
async function signalOwnWorkflow(client: Client): Promise<void> {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  if (!workflowId) throw new Error('not run by a workflow');
  await client.workflow.getHandle(workflowId).signal(paymentCompletedSignal, PAYMENT);
}

describe('record workflow histories', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    installQuietRuntime();
    [env, workflowBundle] = await Promise.all([TestWorkflowEnvironment.createFromExistingServer({ address: testTemporalAddress() }), bundleWorkflows()]);
    fs.mkdirSync(OUT_DIR, { recursive: true });
  });
  afterAll(async () => env?.teardown());

  async function startProposal(client: Client, taskQueue: string, overrides: Parameters<typeof proposalInput>[0] = {}) {
    const input = proposalInput(overrides);
    const handle = await startWorkflow(client, 'bookingProposal', { workflowId: proposalWorkflowId(input.proposalId), taskQueue, args: [input] });
    return { input, handle };
  }

  async function record(name: string, activities: ReturnType<typeof mockActivities>, scenario: Scenario): Promise<void> {
    const taskQueue = `record-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    const handle = await worker.runUntil(async () => {
      const started = await scenario(env.client, taskQueue);
      await started.result().catch(() => undefined);
      return started;
    });
    const history = await handle.fetchHistory();
    fs.writeFileSync(path.join(OUT_DIR, `${PREFIX}-${name}.json`), historyFileText(history));
  }

  it('records every ending', async () => {
    await record('completed-duplicate-payment', mockActivities(), async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await handle.signal(paymentCompletedSignal, PAYMENT);
      await handle.signal(paymentCompletedSignal, PAYMENT);
      return handle;
    });
    await record('expired-unconfirmed', mockActivities(), async (client, taskQueue) => (await startProposal(client, taskQueue, { proposalTtlMs: 500 })).handle);
    await record('payment-expired', mockActivities(), async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue, { paymentHoldMs: 1_000 });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      return handle;
    });
    const dateTaken = mockActivities({ createLockedBooking: async (booking) => notPayableDate(booking.date) });
    await record('date-taken', dateTaken, async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }).catch(() => undefined);
      return handle;
    });
    for (const reason of ['canceled', 'async_payment_failed'] as const) {
      await record(`payment-failed-${reason}`, mockActivities(), async (client, taskQueue) => {
        const { input, handle } = await startProposal(client, taskQueue);
        await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
        await handle.signal(paymentFailedSignal, { eventId: `evt_${reason}`, checkoutSessionId: PAYMENT.checkoutSessionId, reason });
        return handle;
      });
    }
    const foundPaid = mockActivities({ expireBooking: async () => ({ alreadyPaid: true, checkoutSessionId: 'cs_test_1', amountPaidCents: 15_000, paymentIntentId: 'pi_late' }) });
    await record('found-paid-at-expiry', foundPaid, async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue, { paymentHoldMs: 1_000 });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      return handle;
    });
    const paidDuringExpiry = mockActivities({
      expireBooking: async () => {
        await signalOwnWorkflow(env.client);
        return { alreadyPaid: false, bookingStatus: 'EXPIRED' };
      },
      confirmBooking: async () => notPayable(),
      settleLatePayment: async (payment) => ({ bookingId: payment.bookingId, outcome: 'REFUND_REQUIRED' }),
    });
    await record('paid-during-expiry-refunded', paidDuringExpiry, async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue, { paymentHoldMs: 1_000 });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      return handle;
    });
    // v1-paid-during-last-status-write.json was recorded with the signal on the second PAYMENT_EXPIRED
    // write (finish()'s, where v1 dropped it); since v2 the first write is the last.
    let paymentExpiredWrites = 0;
    const paidDuringLastStatus = mockActivities({
      recordProposalStatus: async (status) => {
        if (status.status === 'PAYMENT_EXPIRED' && (paymentExpiredWrites += 1) === 1) await signalOwnWorkflow(env.client);
        return true;
      },
    });
    await record('paid-during-last-status-write', paidDuringLastStatus, async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue, { paymentHoldMs: 1_000 });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      return handle;
    });
    await record('operator-cancel', mockActivities(), async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue, { paymentHoldMs: 60 * 60_000 });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await handle.cancel();
      return handle;
    });
    const checkoutRefused = mockActivities({
      createCheckoutSession: async () => {
        throw ApplicationFailure.nonRetryable('Stripe rejected the request', 'StripeRejected');
      },
    });
    await record('checkout-failed', checkoutRefused, async (client, taskQueue) => {
      const { input, handle } = await startProposal(client, taskQueue);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }).catch(() => undefined);
      return handle;
    });
    for (const outcome of ['CONFIRMED', 'REFUND_REQUIRED'] as const) {
      const late = mockActivities({ settleLatePayment: async (payment) => ({ bookingId: payment.bookingId, outcome, paidAt: '2031-06-01T10:00:00.000Z' }) });
      await record(`late-payment-${outcome.toLowerCase()}`, late, async (client, taskQueue) => {
        const input = { tenantId: randomUUID(), proposalId: randomUUID(), bookingId: BOOKING_ID, ...PAYMENT, eventId: 'evt_late' };
        return startWorkflow(client, 'settleLatePayment', { workflowId: latePaymentWorkflowId(randomUUID()), taskQueue, args: [input] });
      });
    }
    await record('cleanup', mockActivities(), async (client, taskQueue) =>
      startWorkflow(client, 'cleanupStaleRecords', { workflowId: `cleanup-${randomUUID()}`, taskQueue, args: [] }),
    );
    expect(fs.readdirSync(OUT_DIR).filter((file) => file.startsWith(`${PREFIX}-`))).toHaveLength(14);
  });
});

function notPayableDate(date: string): never {
  throw ApplicationFailure.nonRetryable(`${date} is already booked`, 'DateUnavailable');
}
