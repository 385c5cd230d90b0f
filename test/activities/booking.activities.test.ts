import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { CONFIRMATION_CODE_ALPHABET } from '../../src/services/confirmation-code';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { nextOpenDate } from '../helpers/test-dates';
import { openTestDb, testConfig } from '../helpers/test-env';
import { bookingRow, failureOf, insertProposal, runActivity } from './fixtures';

describe('booking activities (real Postgres)', () => {
  let db: DataSource;
  let owner: TestTenant;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await openTestDb();
    owner = await buildTenant(db);
    activities = createActivities({ config: testConfig(), db });
  });
  afterAll(async () => db.destroy());

  it('createLockedBooking inserts one PENDING booking per proposal, and a retry returns it', async () => {
    const { booking, proposalId } = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    const first = await runActivity(activities.createLockedBooking, booking);
    const second = await runActivity(activities.createLockedBooking, booking);
    expect(second).toEqual(first);
    expect(first.status).toBe('PENDING');
    expect(first.confirmationCode).toMatch(new RegExp(`^[${CONFIRMATION_CODE_ALPHABET}]{8}$`));
    const rows = await db.query('SELECT id, total_cents, status FROM bookings WHERE proposal_id = $1 AND tenant_id = $2', [proposalId, owner.tenant.id]);
    expect(rows).toEqual([{ id: first.bookingId, total_cents: booking.priceCents, status: 'PENDING' }]);
  });

  it('a date held by another proposal is DateUnavailable (non-retryable, BENIGN: no stack logged, human message)', async () => {
    const date = nextOpenDate(owner);
    const holder = await insertProposal(db, owner, { date });
    const latecomer = await insertProposal(db, owner, { date });
    await runActivity(activities.createLockedBooking, holder.booking);
    const failure = await failureOf(runActivity(activities.createLockedBooking, latecomer.booking));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'DateUnavailable', nonRetryable: true, category: 'BENIGN', message: `${date} is already booked` });
  });

  it('a deactivated package is PackageUnavailable', async () => {
    const other = await buildTenant(db);
    const { booking } = await insertProposal(db, other, { date: nextOpenDate(other) });
    await db.query('UPDATE packages SET active = false WHERE id = $1 AND tenant_id = $2', [booking.packageId, other.tenant.id]);
    await expect(failureOf(runActivity(activities.createLockedBooking, booking))).resolves.toMatchObject({ type: 'PackageUnavailable', nonRetryable: true, category: 'BENIGN' });
  });

  it('another tenant booking the same date is not affected (the lock and the check are per tenant)', async () => {
    const date = nextOpenDate(owner);
    const other = await buildTenant(db);
    await runActivity(activities.createLockedBooking, (await insertProposal(db, owner, { date })).booking);
    await expect(runActivity(activities.createLockedBooking, (await insertProposal(db, other, { date })).booking)).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('20 proposals for one date booked in parallel: exactly 1 booking, 19 DateUnavailable', async () => {
    const date = nextOpenDate(owner);
    const proposals = await Promise.all(Array.from({ length: 20 }, () => insertProposal(db, owner, { date })));
    const results = await Promise.allSettled(proposals.map(({ booking }) => runActivity(activities.createLockedBooking, booking)));
    const booked = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const result of refused) expect(result.reason).toMatchObject({ type: 'DateUnavailable', nonRetryable: true });
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM bookings WHERE tenant_id = $1 AND event_date = $2', [owner.tenant.id, date]);
    expect(count).toBe(1);
  });

  it('confirmBooking sets CONFIRMED with the first payment; a retry changes nothing', async () => {
    const { booking } = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    const { bookingId } = await runActivity(activities.createLockedBooking, booking);
    const payment = { tenantId: owner.tenant.id, bookingId, amountPaidCents: 15_000, paymentIntentId: 'pi_1' };
    const first = await runActivity(activities.confirmBooking, payment);
    const second = await runActivity(activities.confirmBooking, { ...payment, amountPaidCents: 1, paymentIntentId: 'pi_other' });
    expect(second).toEqual(first);
    expect(await bookingRow(db, bookingId)).toMatchObject({ status: 'CONFIRMED', amount_paid_cents: 15_000, stripe_payment_intent_id: 'pi_1' });
  });

  it('confirmBooking of an expired booking is BookingNotPayable; another tenant cannot reach the booking at all', async () => {
    const { booking } = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    const { bookingId } = await runActivity(activities.createLockedBooking, booking);
    const other = await buildTenant(db);
    await expect(
      failureOf(runActivity(activities.confirmBooking, { tenantId: other.tenant.id, bookingId, amountPaidCents: 1, paymentIntentId: null })),
    ).resolves.toMatchObject({ type: 'NotFound', nonRetryable: true });
    await db.query(`UPDATE bookings SET status = 'EXPIRED' WHERE id = $1`, [bookingId]);
    await expect(
      failureOf(runActivity(activities.confirmBooking, { tenantId: owner.tenant.id, bookingId, amountPaidCents: 1, paymentIntentId: null })),
    ).resolves.toMatchObject({ type: 'BookingNotPayable', nonRetryable: true, category: 'BENIGN' });
  });

  it('settleLatePayment confirms an expired booking whose date is still free, and asks for a refund when it is taken', async () => {
    const date = nextOpenDate(owner);
    const early = await insertProposal(db, owner, { date });
    const { bookingId } = await runActivity(activities.createLockedBooking, early.booking);
    await db.query(`UPDATE bookings SET status = 'EXPIRED' WHERE id = $1`, [bookingId]);
    const payment = { tenantId: owner.tenant.id, bookingId, amountPaidCents: 15_000, paymentIntentId: 'pi_late' };
    await expect(runActivity(activities.settleLatePayment, payment)).resolves.toMatchObject({ outcome: 'CONFIRMED' });
    await expect(runActivity(activities.settleLatePayment, payment)).resolves.toMatchObject({ outcome: 'ALREADY_CONFIRMED' });

    const takenDate = nextOpenDate(owner);
    const lost = await insertProposal(db, owner, { date: takenDate });
    const lostBooking = await runActivity(activities.createLockedBooking, lost.booking);
    await db.query(`UPDATE bookings SET status = 'EXPIRED' WHERE id = $1`, [lostBooking.bookingId]);
    await runActivity(activities.createLockedBooking, (await insertProposal(db, owner, { date: takenDate })).booking);
    const latePayment = { ...payment, bookingId: lostBooking.bookingId };
    await expect(runActivity(activities.settleLatePayment, latePayment)).resolves.toMatchObject({ outcome: 'REFUND_REQUIRED' });
    expect(await bookingRow(db, lostBooking.bookingId)).toMatchObject({ status: 'EXPIRED', amount_paid_cents: 15_000, stripe_payment_intent_id: 'pi_late' });
  });

  it('recordProposalStatus mirrors the status, keeps the first confirmedAt, and only touches its tenant', async () => {
    const { proposalId } = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    const base = { tenantId: owner.tenant.id, proposalId };
    await runActivity(activities.recordProposalStatus, { ...base, status: 'BOOKING', confirmedAt: '2031-01-01T10:00:00.000Z' });
    await runActivity(activities.recordProposalStatus, { ...base, status: 'FAILED', failureReason: 'taken', confirmedAt: '2031-01-01T11:00:00.000Z' });
    await runActivity(activities.recordProposalStatus, { ...base, status: 'FAILED', failureReason: 'taken' });
    const other = await buildTenant(db);
    await expect(runActivity(activities.recordProposalStatus, { tenantId: other.tenant.id, proposalId, status: 'COMPLETED' })).resolves.toBe(false);
    const [row] = await db.query('SELECT status, failure_reason, confirmed_at FROM proposals WHERE id = $1', [proposalId]);
    expect(row).toEqual({ status: 'FAILED', failure_reason: 'taken', confirmed_at: new Date('2031-01-01T10:00:00.000Z') });
  });
});
