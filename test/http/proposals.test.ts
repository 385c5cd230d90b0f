import { randomUUID } from 'node:crypto';
import { ProposalEntity } from '../../src/db/entities';
import { testModeCheckoutUrl, TEST_MODE_SESSION_PREFIX } from '../../src/integrations/stripe';
import { ZProposal } from '../../src/schemas/proposal.schema';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { daysFromToday, nextOpenDate } from '../helpers/test-dates';
import { insertBooking } from '../helpers/booking-rows';
import {
  confirmOverHttp,
  createProposalOverHttp,
  eventually,
  getProposalOverHttp,
  postProposal,
  proposalBody,
} from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const NOT_FOUND = { error: 'No proposal with that id in this session', code: 'NOT_FOUND' };

describe('proposal routes', () => {
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;
  let stranger: TestTenant;
  // Every confirmed proposal holds its date, so each test books a date of its own.
  const freshDate = () => nextOpenDate(owner);

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
    stranger = await buildTenant(t.db, { name: 'Other Studio' });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  describe('POST /v1/proposals', () => {
    it('answers 201 with an docs/api.md Proposal awaiting confirmation, backed by a running workflow', async () => {
      const date = freshDate();
      const response = await postProposal(t.app, owner.publishableKey, proposalBody(owner, date, { customerName: 'Ann <b>O’Neil</b>' }));
      expect(response.statusCode).toBe(201);
      const proposal = ZProposal.strict().parse(response.json());
      expect(proposal).toMatchObject({
        status: 'AWAITING_CONFIRMATION',
        preview: { service: 'Portrait session', date, price: '$150.00', customerName: 'Ann <b>O’Neil</b>' },
      });
      expect(proposal.booking).toBeUndefined();
      expect(Date.parse(proposal.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
      const description = await t.temporal.client.workflow.getHandle(`proposal-${proposal.id}`).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.taskQueue).toBe(t.config.TEMPORAL_TASK_QUEUE);
    });

    it('refuses bad input with 400 INVALID_REQUEST, unknown fields included', async () => {
      const date = freshDate();
      const bodies = [
        { ...proposalBody(owner, date), admin: true },
        proposalBody(owner, date, { customerEmail: 'not-an-email' }),
        proposalBody(owner, date, { date: '2030-02-30' }),
        proposalBody(owner, date, { packageId: 'pkg-1' }),
        { date, customerName: 'No Package', customerEmail: 'np@example.test' },
      ];
      for (const body of bodies) {
        const response = await postProposal(t.app, owner.publishableKey, body);
        expect({ body, status: response.statusCode, code: response.json().code }).toEqual({ body, status: 400, code: 'INVALID_REQUEST' });
      }
    });

    it('answers 401 without a known publishable key', async () => {
      const response = await postProposal(t.app, 'pk_unknown_key_123', proposalBody(owner, freshDate()));
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    });

    it('answers 404 PACKAGE_NOT_FOUND for an unknown package and for another tenant’s package', async () => {
      for (const packageId of [randomUUID(), stranger.packages[0].id]) {
        const response = await postProposal(t.app, owner.publishableKey, proposalBody(owner, freshDate(), { packageId }));
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('PACKAGE_NOT_FOUND');
      }
    });

    it('answers 409 DATE_UNAVAILABLE for a past date and for a date already booked', async () => {
      const past = await postProposal(t.app, owner.publishableKey, proposalBody(owner, daysFromToday(-3, owner.tenant.timezone)));
      expect(past.statusCode).toBe(409);
      expect(past.json().code).toBe('DATE_UNAVAILABLE');

      const taken = freshDate();
      await insertBooking(t.db, owner, { date: taken, status: 'CONFIRMED' });
      const booked = await postProposal(t.app, owner.publishableKey, proposalBody(owner, taken));
      expect(booked.statusCode).toBe(409);
      expect(booked.json().code).toBe('DATE_UNAVAILABLE');
    });
  });

  describe('GET /v1/proposals/:proposalId', () => {
    it('answers the proposal to its own session', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const response = await getProposalOverHttp(t.app, owner.publishableKey, created.id, created.sessionId);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(created);
    });

    it('answers the same 404 for another session, another tenant and an unknown id', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const answers = await Promise.all([
        getProposalOverHttp(t.app, owner.publishableKey, created.id, randomUUID()),
        getProposalOverHttp(t.app, stranger.publishableKey, created.id, created.sessionId),
        getProposalOverHttp(t.app, owner.publishableKey, randomUUID(), created.sessionId),
      ]);
      for (const response of answers) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual(NOT_FOUND);
      }
    });

    it('requires the sessionId query parameter', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const response = await t.app.inject({ method: 'GET', url: `/v1/proposals/${created.id}`, headers: { 'x-tenant-key': owner.publishableKey } });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('INVALID_REQUEST');
    });

    it('answers from the stored rows, booking included, when the workflow is gone', async () => {
      const booking = await insertBooking(t.db, owner, { date: freshDate(), status: 'CONFIRMED' });
      const row = await t.db.getRepository(ProposalEntity).findOneByOrFail({ id: booking.proposalId });
      const response = await getProposalOverHttp(t.app, owner.publishableKey, row.id, row.sessionId);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: row.id,
        status: 'AWAITING_PAYMENT',
        booking: { id: booking.id, status: 'CONFIRMED', confirmationCode: booking.confirmationCode, paidAt: booking.paidAt?.toISOString() },
      });
    });
  });

  describe('POST /v1/proposals/:proposalId/confirm', () => {
    it('answers 400 SESSION_REQUIRED without a sessionId, before any other check', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      for (const body of [undefined, {}, { sessionId: '' }, { sessionId: null }, { other: 1 }]) {
        const response = await confirmOverHttp(t.app, owner.publishableKey, created.id, body);
        expect({ body, status: response.statusCode, code: response.json().code }).toEqual({ body, status: 400, code: 'SESSION_REQUIRED' });
      }
      const extra = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId, force: true });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().code).toBe('INVALID_REQUEST');
    });

    it('answers the same 404 for another session, another tenant and an unknown id', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const answers = await Promise.all([
        confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: randomUUID() }),
        confirmOverHttp(t.app, stranger.publishableKey, created.id, { sessionId: created.sessionId }),
        confirmOverHttp(t.app, owner.publishableKey, randomUUID(), { sessionId: created.sessionId }),
      ]);
      for (const response of answers) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual(NOT_FOUND);
      }
      const after = await getProposalOverHttp(t.app, owner.publishableKey, created.id, created.sessionId);
      expect(after.json().status).toBe('AWAITING_CONFIRMATION');
    });

    it('books the date, answers AWAITING_PAYMENT with the booking, and a second confirm returns the same booking', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const first = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId });
      expect(first.statusCode).toBe(200);
      const confirmed = ZProposal.strict().parse(first.json());
      expect(confirmed).toMatchObject({ id: created.id, sessionId: created.sessionId, status: 'AWAITING_PAYMENT', preview: created.preview });
      const bookingId = confirmed.booking!.id;
      const checkoutSessionId = `${TEST_MODE_SESSION_PREFIX}${bookingId.replace(/-/g, '')}`;
      expect(confirmed.booking).toEqual({
        id: bookingId,
        status: 'PENDING',
        confirmationCode: expect.stringMatching(/^\S{6,}$/),
        checkoutUrl: testModeCheckoutUrl(t.config, checkoutSessionId),
      });

      const again = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(confirmed);
      const read = await getProposalOverHttp(t.app, owner.publishableKey, created.id, created.sessionId);
      expect(read.json()).toEqual(confirmed);
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM bookings WHERE proposal_id = $1', [created.id]);
      expect(count).toBe(1);
    });

    it('answers two simultaneous confirms of one proposal with one booking', async () => {
      const created = await createProposalOverHttp(t.app, owner, freshDate());
      const [a, b] = await Promise.all([
        confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId }),
        confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(a.json().booking.id).toBe(b.json().booking.id);
    });

    it('answers 409 DATE_UNAVAILABLE when the date was taken before the confirm, and again on a retry', async () => {
      const date = freshDate();
      const created = await createProposalOverHttp(t.app, owner, date);
      await insertBooking(t.db, owner, { date, status: 'PENDING' });
      const first = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId });
      expect(first.statusCode).toBe(409);
      expect(first.json().code).toBe('DATE_UNAVAILABLE');
      // The workflow has ended FAILED by now: the retry is answered from the stored proposal.
      await eventually(async () => (await t.temporal.client.workflow.getHandle(`proposal-${created.id}`).describe()).status.name === 'COMPLETED');
      const retry = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId });
      expect(retry.statusCode).toBe(409);
      expect(retry.json().code).toBe('DATE_UNAVAILABLE');
    });

    it('answers 409 PROPOSAL_EXPIRED once the proposal timed out', async () => {
      // Same task queue (so this file's worker runs it), a proposal TTL of one second.
      const shortLived = await createTestApp({ PROPOSAL_TTL: '1s', TEMPORAL_TASK_QUEUE: t.config.TEMPORAL_TASK_QUEUE });
      try {
        const created = await createProposalOverHttp(shortLived.app, owner, freshDate());
        await eventually(async () => (await t.db.getRepository(ProposalEntity).findOneByOrFail({ id: created.id })).status === 'EXPIRED');
        const response = await confirmOverHttp(t.app, owner.publishableKey, created.id, { sessionId: created.sessionId });
        expect(response.statusCode).toBe(409);
        expect(response.json().code).toBe('PROPOSAL_EXPIRED');
      } finally {
        await shortLived.close();
      }
    });
  });

  it('rate-limits proposal creation per publishable key and client', async () => {
    const busy = await buildTenant(t.db, { name: 'Busy Studio' });
    const statuses: number[] = [];
    // Invalid bodies: the limit counts requests before any validation, and nothing gets created.
    for (let i = 0; i < 31; i += 1) statuses.push((await postProposal(t.app, busy.publishableKey, { nope: i })).statusCode);
    expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
    const limited = await postProposal(t.app, busy.publishableKey, proposalBody(busy, freshDate()));
    expect(limited.json().code).toBe('RATE_LIMITED');
    const others = await postProposal(t.app, owner.publishableKey, { nope: true });
    expect(others.statusCode).toBe(400);
  });
});
