import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BookingEntity, ChatSessionEntity, CustomerEntity, ProposalEntity } from '../../src/db/entities';
import type { BookingStatus } from '../../src/domain/statuses';
import type { TestTenant } from './factories';

export interface BookingRowInput {
  date: string;
  status?: BookingStatus;
  packageIndex?: number;
  paidAt?: Date | null;
  amountPaidCents?: number | null;
  paymentIntentId?: string | null;
}

/**
 * A booking as the workflow leaves it, written straight to the tables (with the session, customer
 * and proposal it hangs off), for tests of routes that read or change bookings.
 */
export async function insertBooking(db: DataSource, owner: TestTenant, input: BookingRowInput): Promise<BookingEntity> {
  const tenantId = owner.tenant.id;
  const pkg = owner.packages[input.packageIndex ?? 0];
  const email = `${randomUUID()}@example.test`;
  const customer = await db.getRepository(CustomerEntity).save({ tenantId, email, name: 'Ada Lovelace' });
  const session = await db.getRepository(ChatSessionEntity).save({ tenantId, customerId: customer.id, sessionType: 'CUSTOMER', messages: [] });
  const proposalId = randomUUID();
  await db.getRepository(ProposalEntity).insert({
    id: proposalId,
    tenantId,
    sessionId: session.id,
    customerId: customer.id,
    toolName: 'book_service',
    operation: 'create_customer_booking',
    payload: { packageId: pkg.id, customerId: customer.id, date: input.date, customerName: 'Ada Lovelace', customerEmail: email, notes: null, priceCents: pkg.priceCents, currency: pkg.currency },
    preview: { service: pkg.name, date: input.date, price: String(pkg.priceCents), customerName: 'Ada Lovelace', customerEmail: email },
    status: 'AWAITING_PAYMENT',
    expiresAt: new Date(Date.now() + 30 * 60_000),
    workflowId: `proposal-${proposalId}`,
  });
  const paid = input.status === 'CONFIRMED';
  const booking = await db.getRepository(BookingEntity).save({
    tenantId,
    proposalId,
    packageId: pkg.id,
    customerId: customer.id,
    eventDate: input.date,
    status: input.status ?? 'PENDING',
    confirmationCode: `BK-${randomUUID().slice(0, 8).toUpperCase()}`,
    customerName: 'Ada Lovelace',
    customerEmail: email,
    totalCents: pkg.priceCents,
    currency: pkg.currency,
    amountPaidCents: input.amountPaidCents !== undefined ? input.amountPaidCents : paid ? pkg.priceCents : null,
    paidAt: input.paidAt !== undefined ? input.paidAt : paid ? new Date() : null,
    stripePaymentIntentId: input.paymentIntentId !== undefined ? input.paymentIntentId : paid ? `pi_${randomUUID().replace(/-/g, '')}` : null,
  });
  await db.getRepository(ProposalEntity).update({ id: proposalId, tenantId }, { bookingId: booking.id });
  return db.getRepository(BookingEntity).findOneByOrFail({ id: booking.id });
}
