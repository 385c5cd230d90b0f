import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { CreateLockedBookingInput } from '../../activities';
import type { TestTenant } from '../helpers/factories';

export interface ProposalFixture {
  proposalId: string;
  sessionId: string;
  customerId: string;
  /** What the workflow would pass to createLockedBooking for this proposal. */
  booking: CreateLockedBookingInput;
}

/** A chat session, a customer and a proposal row (the migration's columns), without starting a workflow. */
export async function insertProposal(
  db: DataSource,
  owner: TestTenant,
  options: { date: string; packageIndex?: number; customerName?: string; customerEmail?: string; notes?: string | null },
): Promise<ProposalFixture> {
  const pkg = owner.packages[options.packageIndex ?? 0];
  const customerName = options.customerName ?? 'Ada Lovelace';
  const customerEmail = options.customerEmail ?? `ada.${randomUUID().slice(0, 8)}@example.test`;
  const [session] = await db.query(`INSERT INTO chat_sessions (tenant_id) VALUES ($1) RETURNING id`, [owner.tenant.id]);
  const [customer] = await db.query(`INSERT INTO customers (tenant_id, email, name) VALUES ($1, $2, $3) RETURNING id`, [
    owner.tenant.id,
    `${randomUUID()}@customers.test`,
    customerName,
  ]);
  const payload = {
    packageId: pkg.id,
    customerId: customer.id,
    date: options.date,
    customerName,
    customerEmail,
    notes: options.notes ?? null,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
  };
  const preview = { service: pkg.name, date: options.date, price: '$150.00', customerName, customerEmail };
  const [proposal] = await db.query(
    `INSERT INTO proposals (tenant_id, session_id, customer_id, tool_name, operation, payload, preview, expires_at, workflow_id)
     VALUES ($1, $2, $3, 'book_service', 'create_customer_booking', $4, $5, now() + interval '30 minutes', '')
     RETURNING id`,
    [owner.tenant.id, session.id, customer.id, JSON.stringify(payload), JSON.stringify(preview)],
  );
  await db.query(`UPDATE proposals SET workflow_id = 'proposal-' || id WHERE id = $1`, [proposal.id]);
  return {
    proposalId: proposal.id,
    sessionId: session.id,
    customerId: customer.id,
    booking: { tenantId: owner.tenant.id, proposalId: proposal.id, ...payload, customerId: customer.id },
  };
}

// Expected failures are asserted by the tests; the activity logger would only repeat them.
const silentLogger = new DefaultLogger('WARN', () => undefined);

/** Runs an activity with a Temporal activity context (its `log` works), as the worker would. */
export function runActivity<P extends unknown[], R>(fn: (...args: P) => Promise<R>, ...args: P): Promise<R> {
  return new MockActivityEnvironment(undefined, { logger: silentLogger }).run(fn, ...args);
}

/** The ApplicationFailure an activity threw, for asserting its type and retryability. */
export async function failureOf(promise: Promise<unknown>): Promise<{ type?: string | null; nonRetryable?: boolean; message: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof Error)) throw new Error('expected the activity to fail');
  return error as Error & { type?: string | null; nonRetryable?: boolean };
}

export async function bookingRow(db: DataSource, bookingId: string): Promise<Record<string, unknown>> {
  const [row] = await db.query(`SELECT *, to_char(event_date, 'YYYY-MM-DD') AS event_date FROM bookings WHERE id = $1`, [bookingId]);
  return row;
}
