import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  CONFIRM_FAILURE,
  confirmSignal,
  confirmUpdate,
  paymentCompletedSignal,
  paymentFailedSignal,
  proposalWorkflowId,
  stateQuery,
  type BookingProposalInput,
  type ProposalState,
} from '../../workflows/booking-proposal.messages';
import { businessFailure } from '../../activities/failures';
import { startWorkflow } from '../../src/integrations/temporal-client';
import { BOOKING_ID as BOOKING_ID_ATTRIBUTE, PROPOSAL_STATUS } from '../../workflows/search-attributes';
import {
  BOOKING_ID,
  bundleWorkflows,
  createTimeSkippingEnv,
  MINUTE_MS,
  type MockActivities,
  mockActivities,
  proposalInput,
  recordedStatuses,
} from '../helpers/workflow-env';

const CHECKOUT = { checkoutSessionId: 'cs_test_1', checkoutUrl: 'https://checkout.example.test/cs_test_1' };
const PAYMENT = { eventId: 'evt_1', checkoutSessionId: CHECKOUT.checkoutSessionId, amountPaidCents: 15_000, paymentIntentId: 'pi_1' };

describe('bookingProposal workflow (time-skipping server, mocked activities)', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let taskQueueCounter = 0;

  beforeAll(async () => {
    [env, workflowBundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  });
  afterAll(async () => env?.teardown());

  async function withWorker<T>(activities: MockActivities, run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `booking-proposal-${(taskQueueCounter += 1)}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    return worker.runUntil(run(taskQueue));
  }

  function start(taskQueue: string, input: BookingProposalInput): Promise<WorkflowHandle> {
    return startWorkflow(env.client, 'bookingProposal', { workflowId: proposalWorkflowId(input.proposalId), taskQueue, args: [input] });
  }

  async function confirmFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  it('expires an unconfirmed proposal after its 30-minute TTL without booking anything', async () => {
    const activities = mockActivities();
    const input = proposalInput({ proposalTtlMs: 30 * MINUTE_MS });
    const wallStart = Date.now();
    const state: ProposalState = await withWorker(activities, async (taskQueue) => (await start(taskQueue, input)).result());
    expect(state.status).toBe('EXPIRED');
    expect(activities.createLockedBooking).not.toHaveBeenCalled();
    expect(recordedStatuses(activities)).toEqual(['EXPIRED']);
    expect(Date.now() - wallStart).toBeLessThan(15_000);
  });

  it('confirm -> paid -> COMPLETED: the update answers with the booking, a repeated payment confirms and emails once', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      const result = await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      expect(result).toEqual({ bookingId: BOOKING_ID, confirmationCode: 'K7QX2M9P', checkoutUrl: CHECKOUT.checkoutUrl });
      const waiting = await handle.query(stateQuery);
      expect(waiting).toMatchObject({ status: 'AWAITING_PAYMENT', booking: { id: BOOKING_ID, status: 'PENDING', checkoutUrl: CHECKOUT.checkoutUrl } });

      await handle.signal(paymentCompletedSignal, PAYMENT);
      await handle.signal(paymentCompletedSignal, PAYMENT);
      await handle.signal(paymentCompletedSignal, { ...PAYMENT, eventId: 'evt_async_succeeded' });
      const state: ProposalState = await handle.result();
      expect(state).toMatchObject({ status: 'COMPLETED', booking: { id: BOOKING_ID, status: 'CONFIRMED', paidAt: '2031-06-01T10:00:00.000Z' } });

      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(PROPOSAL_STATUS)).toBe('COMPLETED');
      expect(described.typedSearchAttributes.get(BOOKING_ID_ATTRIBUTE)).toBe(BOOKING_ID);
    });
    expect(activities.createLockedBooking).toHaveBeenCalledTimes(1);
    expect(activities.createLockedBooking.mock.calls[0][0]).toMatchObject({ tenantId: input.tenantId, proposalId: input.proposalId, date: input.date });
    expect(activities.createCheckoutSession.mock.calls[0][0]).toMatchObject({ bookingId: BOOKING_ID, paymentHoldMs: input.paymentHoldMs });
    expect(activities.confirmBooking).toHaveBeenCalledTimes(1);
    expect(activities.confirmBooking.mock.calls[0][0]).toEqual({ tenantId: input.tenantId, bookingId: BOOKING_ID, amountPaidCents: 15_000, paymentIntentId: 'pi_1' });
    expect(activities.sendConfirmationEmail).toHaveBeenCalledTimes(1);
    expect(activities.expireBooking).not.toHaveBeenCalled();
    expect(recordedStatuses(activities)).toEqual(['BOOKING', 'BOOKING', 'AWAITING_PAYMENT', 'COMPLETED']);
    expect(activities.recordProposalStatus.mock.calls.at(-1)?.[0]).toMatchObject({ bookingId: BOOKING_ID, confirmedAt: expect.any(String) });
  });

  it('a second confirm is accepted and answers the same booking without booking twice', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      const [first, second] = await Promise.all([
        handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }),
        handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }),
      ]);
      const third = await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      await handle.signal(paymentCompletedSignal, PAYMENT);
      const state: ProposalState = await handle.result();
      expect(state.status).toBe('COMPLETED');
    });
    expect(activities.createLockedBooking).toHaveBeenCalledTimes(1);
    expect(activities.createCheckoutSession).toHaveBeenCalledTimes(1);
  });

  it('rejects a confirm from another session and keeps waiting for the right one', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      const failure = await confirmFailure(handle.executeUpdate(confirmUpdate, { args: [{ sessionId: 'someone-else' }] }));
      expect(failure.type).toBe(CONFIRM_FAILURE.WRONG_SESSION);
      expect((await handle.query(stateQuery)).status).toBe('AWAITING_CONFIRMATION');
      expect(activities.createLockedBooking).not.toHaveBeenCalled();
      await expect(handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] })).resolves.toMatchObject({ bookingId: BOOKING_ID });
      await handle.signal(paymentCompletedSignal, PAYMENT);
      expect(((await handle.result()) as ProposalState).status).toBe('COMPLETED');
    });
  });

  it('a taken date fails the proposal and the confirm update with type DateUnavailable', async () => {
    const activities = mockActivities({
      createLockedBooking: async (booking) => {
        throw businessFailure(`${booking.date} is already booked`, 'DateUnavailable');
      },
    });
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      const failure = await confirmFailure(handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }));
      expect(failure.type).toBe(CONFIRM_FAILURE.DATE_UNAVAILABLE);
      expect(failure.message).toBe(`${input.date} is already booked`);
      const state: ProposalState = await handle.result();
      expect(state).toMatchObject({ status: 'FAILED', failureReason: `${input.date} is already booked` });
    });
    expect(activities.createCheckoutSession).not.toHaveBeenCalled();
    expect(recordedStatuses(activities)).toEqual(['BOOKING', 'FAILED']);
    expect(activities.recordProposalStatus.mock.calls.at(-1)?.[0]).toMatchObject({ status: 'FAILED', failureReason: `${input.date} is already booked` });
  });

  it('releases the booking when the 1-hour payment hold ends unpaid (PAYMENT_EXPIRED)', async () => {
    const activities = mockActivities();
    const input = proposalInput({ paymentHoldMs: 60 * MINUTE_MS });
    const wallStart = Date.now();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await env.sleep(input.paymentHoldMs);
      const state: ProposalState = await handle.result();
      expect(state).toMatchObject({ status: 'PAYMENT_EXPIRED', booking: { id: BOOKING_ID, status: 'EXPIRED' } });
    });
    expect(Date.now() - wallStart).toBeLessThan(15_000);
    expect(activities.expireBooking).toHaveBeenCalledTimes(1);
    expect(activities.expireBooking.mock.calls[0][0]).toEqual({ tenantId: input.tenantId, bookingId: BOOKING_ID });
    expect(activities.confirmBooking).not.toHaveBeenCalled();
    expect(activities.sendConfirmationEmail).not.toHaveBeenCalled();
    expect(recordedStatuses(activities).at(-1)).toBe('PAYMENT_EXPIRED');
  });

  it('a failed async payment ends the hold at once', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await handle.signal(paymentFailedSignal, { eventId: 'evt_f', checkoutSessionId: CHECKOUT.checkoutSessionId, reason: 'async_payment_failed' });
      const state: ProposalState = await handle.result();
      expect(state).toMatchObject({ status: 'PAYMENT_EXPIRED', failureReason: 'The payment failed' });
    });
    expect(activities.expireBooking).toHaveBeenCalledTimes(1);
  });

  it('a session found paid when the hold ends is confirmed, not expired', async () => {
    const activities = mockActivities({
      expireBooking: async () => ({ alreadyPaid: true, checkoutSessionId: CHECKOUT.checkoutSessionId, amountPaidCents: 15_000, paymentIntentId: 'pi_late' }),
    });
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await env.sleep(input.paymentHoldMs);
      expect(((await handle.result()) as ProposalState).status).toBe('COMPLETED');
    });
    expect(activities.expireBooking).toHaveBeenCalledTimes(1);
    expect(activities.confirmBooking.mock.calls[0][0]).toMatchObject({ amountPaidCents: 15_000, paymentIntentId: 'pi_late' });
    expect(activities.sendConfirmationEmail).toHaveBeenCalledTimes(1);
  });

  it('a payment arriving while the hold is closed is settled: refunded when the date went to someone else', async () => {
    let handle: WorkflowHandle | undefined;
    const activities = mockActivities({
      expireBooking: async () => {
        await handle!.signal(paymentCompletedSignal, PAYMENT);
        return { alreadyPaid: false, bookingStatus: 'EXPIRED' };
      },
      confirmBooking: async () => {
        throw businessFailure('Booking is EXPIRED', 'BookingNotPayable');
      },
      settleLatePayment: async (payment) => ({ bookingId: payment.bookingId, outcome: 'REFUND_REQUIRED' }),
    });
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await env.sleep(input.paymentHoldMs);
      const state: ProposalState = await handle.result();
      expect(state).toMatchObject({ status: 'PAYMENT_EXPIRED', booking: { status: 'REFUNDED' } });
    });
    expect(activities.settleLatePayment.mock.calls[0][0]).toMatchObject({ bookingId: BOOKING_ID, amountPaidCents: 15_000, paymentIntentId: 'pi_1' });
    expect(activities.refundPayment.mock.calls[0][0]).toEqual({ tenantId: input.tenantId, bookingId: BOOKING_ID, paymentIntentId: 'pi_1' });
    expect(activities.sendConfirmationEmail).not.toHaveBeenCalled();
  });

  it('ops can confirm with the confirm signal; a signal from another session is ignored', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.signal(confirmSignal, { sessionId: 'someone-else' });
      expect((await handle.query(stateQuery)).status).toBe('AWAITING_CONFIRMATION');
      await handle.signal(confirmSignal, { sessionId: input.sessionId });
      await handle.signal(paymentCompletedSignal, PAYMENT);
      expect(((await handle.result()) as ProposalState).status).toBe('COMPLETED');
    });
    expect(activities.createLockedBooking).toHaveBeenCalledTimes(1);
  });

  it('a confirmation email that keeps failing does not undo the paid booking', async () => {
    const activities = mockActivities({
      sendConfirmationEmail: async () => {
        throw businessFailure('bad address', 'InvalidRecipient');
      },
    });
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      await handle.signal(paymentCompletedSignal, PAYMENT);
      expect(((await handle.result()) as ProposalState).status).toBe('COMPLETED');
    });
  });

  it('an operator cancelling the run releases the held date before it ends', async () => {
    const activities = mockActivities();
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      await handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] });
      // Cancelled while it waits for the payment (the status write that precedes the wait is done).
      while (recordedStatuses(activities).at(-1) !== 'AWAITING_PAYMENT') await new Promise((resolve) => setImmediate(resolve));
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    });
    expect(activities.releaseProposalHold.mock.calls).toEqual([[{ tenantId: input.tenantId, proposalId: input.proposalId }]]);
    expect(activities.confirmBooking).not.toHaveBeenCalled();
  });

  it('a booking step that gives up (database trouble) fails the proposal and releases whatever it committed', async () => {
    const activities = mockActivities({
      createLockedBooking: async () => {
        throw ApplicationFailure.nonRetryable('the database kept timing out', 'QueryFailedError');
      },
    });
    const input = proposalInput();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, input);
      const failure = await confirmFailure(handle.executeUpdate(confirmUpdate, { args: [{ sessionId: input.sessionId }] }));
      expect(failure.type).toBe(CONFIRM_FAILURE.NOT_CONFIRMABLE);
      expect(((await handle.result()) as ProposalState).status).toBe('FAILED');
    });
    expect(activities.releaseProposalHold.mock.calls).toEqual([[{ tenantId: input.tenantId, proposalId: input.proposalId }]]);
  });
});
