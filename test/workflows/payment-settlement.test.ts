import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { confirmUpdate, paymentFailedSignal, proposalWorkflowId, type ProposalState } from '../../workflows/booking-proposal.messages';
import { startWorkflow } from '../../src/integrations/temporal-client';
import { type BookingModel, bookingModel, type Injection } from '../helpers/booking-model';
import { bundleWorkflows, createTimeSkippingEnv, MINUTE_MS, proposalInput } from '../helpers/workflow-env';

const SESSION = 'cs_test_1';
// checkout.session.completed and async_payment_succeeded of one payment: settled once.
const PAYMENTS = [
  { eventId: 'evt_completed', checkoutSessionId: SESSION, amountPaidCents: 15_000, paymentIntentId: 'pi_1' },
  { eventId: 'evt_async_succeeded', checkoutSessionId: SESSION, amountPaidCents: 15_000, paymentIntentId: 'pi_1' },
];

interface Ending {
  name: string;
  /** What ends the hold once the workflow waits for the payment. */
  trigger: 'hold timer' | 'async_payment_failed' | 'canceled' | 'checkout refused';
  /** The activities of the ending, in order, when no payment comes. */
  steps: string[];
  /** What a payment that arrives during any of them ends as. */
  outcome: 'CONFIRMED' | 'REFUNDED';
  dateTakenOnRelease?: boolean;
  outageMs?: number;
}

const ENDINGS: Ending[] = [
  { name: 'hold expiry', trigger: 'hold timer', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'CONFIRMED' },
  { name: 'hold expiry, date rebooked', trigger: 'hold timer', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'REFUNDED', dateTakenOnRelease: true },
  { name: 'async payment failure', trigger: 'async_payment_failed', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'CONFIRMED' },
  { name: 'cancel by the business', trigger: 'canceled', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'REFUNDED' },
  { name: 'payment page refused', trigger: 'checkout refused', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'CONFIRMED' },
  { name: 'hold expiry, Postgres down 7 minutes', trigger: 'hold timer', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'CONFIRMED', outageMs: 7 * MINUTE_MS },
  { name: 'cancel, Postgres down 7 minutes', trigger: 'canceled', steps: ['expireBooking', 'recordProposalStatus'], outcome: 'REFUNDED', outageMs: 7 * MINUTE_MS },
];

describe('no payment is lost: a payment arriving during any activity of any ending is settled once', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let taskQueueCounter = 0;

  beforeAll(async () => {
    [env, workflowBundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  });
  afterAll(async () => env?.teardown());

  /** Runs one proposal to the ending; the payment (if any) lands during the injected activity call. */
  async function runEnding(ending: Ending, injection?: Injection, inactivePatches: string[] = []): Promise<{ model: BookingModel; state: ProposalState }> {
    const model = bookingModel(env.client, { now: () => env.currentTimeMs(), dateTakenOnRelease: ending.dateTakenOnRelease, outageMs: ending.outageMs }, injection);
    if (ending.trigger === 'checkout refused') {
      model.activities.createCheckoutSession.mockImplementation(async () => {
        throw ApplicationFailure.create({ message: 'Stripe rejected the request', type: 'StripeRejected', nonRetryable: true, category: ApplicationFailureCategory.BENIGN });
      });
    }
    const input = proposalInput();
    const taskQueue = `settlement-${(taskQueueCounter += 1)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: model.activities,
      // Runs a workflow as if it had started before these patches (v1 for settle-every-payment).
      patchActivationCallback: ({ patchId }) => !inactivePatches.includes(patchId),
    });
    const state = await worker.runUntil(async () => {
      const handle: WorkflowHandle = await startWorkflow(env.client, 'bookingProposal', { workflowId: proposalWorkflowId(input.proposalId), taskQueue, args: [input] });
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }).catch(() => undefined);
      if (ending.trigger === 'async_payment_failed' || ending.trigger === 'canceled') {
        if (ending.trigger === 'canceled') model.cancelByBusiness();
        await handle.signal(paymentFailedSignal, { eventId: `evt_${ending.trigger}`, checkoutSessionId: SESSION, reason: ending.trigger });
      }
      return (await handle.result()) as ProposalState;
    });
    return { model, state };
  }

  it.each(ENDINGS)('$name without a payment runs exactly its listed activities and settles nothing', async (ending) => {
    const { model, state } = await runEnding(ending);
    expect(model.callsFromRelease).toEqual(ending.steps);
    expect(state.status).toBe(ending.trigger === 'checkout refused' ? 'FAILED' : 'PAYMENT_EXPIRED');
    expect(model.booking).toMatchObject({ refunds: 0, emails: 0 });
    expect(model.activities.confirmBooking).not.toHaveBeenCalled();
  });

  const cases = ENDINGS.flatMap((ending) => ending.steps.map((step, atCall) => ({ ...ending, step, atCall })));
  it.each(cases)('$name: paid during $step (call $atCall) -> $outcome', async (ending) => {
    const { model, state } = await runEnding(ending, { atCall: ending.atCall, payments: PAYMENTS });
    expect(model.callsFromRelease[ending.atCall]).toBe(ending.step);
    // With 1 s to 1 min backoff, 7 minutes down means about a dozen failed attempts.
    if (ending.outageMs) expect(model.outageFailures).toBeGreaterThan(5);
    expect(model.booking.status).toBe(ending.outcome);
    if (ending.outcome === 'CONFIRMED') {
      expect(state).toMatchObject({ status: 'COMPLETED', booking: { status: 'CONFIRMED' } });
      expect(model.booking).toMatchObject({ refunds: 0, emails: 1 });
    } else {
      expect(state).toMatchObject({ status: 'PAYMENT_EXPIRED', booking: { status: 'REFUNDED' } });
      expect(model.booking).toMatchObject({ refunds: 1, emails: 0 });
      expect(model.activities.refundPayment.mock.calls[0][0]).toMatchObject({ paymentIntentId: 'pi_1' });
    }
    expect(model.activities.recordProposalStatus.mock.calls.at(-1)?.[0].status).toBe(state.status);
  });

  describe('runs started on v1 (before settle-every-payment)', () => {
    const V1 = ['settle-every-payment'];
    const HOLD_EXPIRY = ENDINGS[0];
    // v1 writes PAYMENT_EXPIRED twice; a payment during the second write (call 2) was dropped as v1 shipped.
    const V1_STEPS = ['expireBooking', 'recordProposalStatus', 'recordProposalStatus'];
    it.each(V1_STEPS.map((step, atCall) => ({ step, atCall })))('hold expiry, paid during $step (call $atCall): settled', async ({ step, atCall }) => {
      const { model, state } = await runEnding(HOLD_EXPIRY, { atCall, payments: PAYMENTS }, V1);
      expect(model.callsFromRelease[atCall]).toBe(step);
      expect(state).toMatchObject({ status: 'COMPLETED', booking: { status: 'CONFIRMED' } });
      expect(model.booking).toMatchObject({ status: 'CONFIRMED', refunds: 0, emails: 1 });
    });

    it('without the v1-settle-last-payment patch the payment of call 2 is lost (what the patch fixes)', async () => {
      const { model, state } = await runEnding(HOLD_EXPIRY, { atCall: 2, payments: PAYMENTS }, [...V1, 'v1-settle-last-payment']);
      expect(model.callsFromRelease).toEqual(['expireBooking', 'recordProposalStatus', 'recordProposalStatus']);
      expect(state.status).toBe('PAYMENT_EXPIRED');
      expect(model.booking).toMatchObject({ status: 'EXPIRED', refunds: 0, emails: 0 });
    });
  });
});
