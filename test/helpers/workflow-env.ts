import { randomUUID } from 'node:crypto';
import { ApplicationFailure, TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { BookingActivities } from '../../activities';
import type { BookingProposalInput } from '../../workflows/booking-proposal.messages';
import { BOOKING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { installQuietRuntime, quietBundlerLogger } from './quiet-runtime';

/**
 * The time-skipping test server from the binary the global setup resolved (no downloads), with the
 * booking search attributes registered: the Java test server has no --search-attribute flag, but it
 * implements OperatorService.AddSearchAttributes, as a real cluster does.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is unset: run the tests through jest (its global setup resolves the binary)');
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(BOOKING_SEARCH_ATTRIBUTES.map((key) => [key.name, indexedValueType(key.type)])),
  });
  return env;
}

function indexedValueType(type: SearchAttributeType): temporal.api.enums.v1.IndexedValueType {
  const name = TypedSearchAttributes.toMetadataType(type);
  return temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof temporal.api.enums.v1.IndexedValueType];
}

export { installQuietRuntime };

/** Every workflow the worker runs, bundled once per test file. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietBundlerLogger });
}


export const MINUTE_MS = 60_000;

export function proposalInput(overrides: Partial<BookingProposalInput> = {}): BookingProposalInput {
  const proposalTtlMs = overrides.proposalTtlMs ?? 30 * MINUTE_MS;
  return {
    proposalId: randomUUID(),
    tenantId: randomUUID(),
    sessionId: randomUUID(),
    customerId: randomUUID(),
    packageId: randomUUID(),
    date: '2031-06-14',
    customerName: 'Ada Lovelace',
    customerEmail: 'ada@example.test',
    notes: null,
    priceCents: 15_000,
    currency: 'usd',
    preview: { service: 'Portrait session', date: '2031-06-14', price: '$150.00', customerName: 'Ada Lovelace', customerEmail: 'ada@example.test' },
    expiresAt: new Date(Date.now() + proposalTtlMs).toISOString(),
    proposalTtlMs,
    paymentHoldMs: 60 * MINUTE_MS,
    ...overrides,
  };
}

type ActivityName = keyof BookingActivities;
export type MockActivities = { [K in ActivityName]: jest.Mock<ReturnType<BookingActivities[K]>, Parameters<BookingActivities[K]>> };

/** Activities that answer like the real ones on a happy path; override any with jest mocks. */
export function mockActivities(overrides: Partial<{ [K in ActivityName]: BookingActivities[K] }> = {}): MockActivities {
  const defaults: { [K in ActivityName]: BookingActivities[K] } = {
    expireAbandonedProposals: async () => 0,
    purgeIdleChatSessions: async () => 0,
    releaseAbandonedHolds: async () => 0,
    createLockedBooking: async () => ({ bookingId: BOOKING_ID, confirmationCode: 'K7QX2M9P', status: 'PENDING' }),
    confirmBooking: async (input) => ({ bookingId: input.bookingId, status: 'CONFIRMED', paidAt: '2031-06-01T10:00:00.000Z' }),
    settleLatePayment: async (input) => ({ bookingId: input.bookingId, outcome: 'CONFIRMED', paidAt: '2031-06-01T10:00:00.000Z' }),
    createCheckoutSession: async () => ({ checkoutSessionId: 'cs_test_1', checkoutUrl: 'https://checkout.example.test/cs_test_1' }),
    expireBooking: async () => ({ alreadyPaid: false, bookingStatus: 'EXPIRED' }),
    releaseProposalHold: async () => ({ alreadyPaid: false, bookingStatus: 'EXPIRED' }),
    refundPayment: async (input) => ({ bookingId: input.bookingId, status: 'REFUNDED', refundId: 're_1' }),
    sendConfirmationEmail: async () => ({ customer: 'sent', tenant: 'skipped' }),
    recordProposalStatus: async () => true,
    prepareCancellation: async () => ({ action: 'NOT_FOUND' }),
    refundCancellation: async () => ({ refundId: null }),
    markBookingCanceled: async () => ({ status: 'CANCELED', changed: true }),
    moveBookingDate: async () => ({ outcome: 'NOT_FOUND' }),
    sendCancellationEmails: async () => ({ customer: 'sent', tenant: 'skipped' }),
    sendRescheduleEmails: async () => ({ customer: 'sent', tenant: 'skipped' }),
  };
  const merged = { ...defaults, ...overrides } as Record<ActivityName, (...args: never[]) => unknown>;
  return Object.fromEntries(Object.entries(merged).map(([name, fn]) => [name, jest.fn(fn)])) as unknown as MockActivities;
}

export const BOOKING_ID = '6f1c1d2e-8a7b-4c3d-9e0f-123456789abc';

export function nonRetryable(type: string, message: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

/** The statuses recordProposalStatus was asked to write, in order. */
export function recordedStatuses(activities: MockActivities): string[] {
  return activities.recordProposalStatus.mock.calls.map(([input]) => input.status);
}
