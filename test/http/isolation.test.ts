import type { InjectOptions } from 'fastify';
import { ChatSessionEntity } from '../../src/db/entities';
import { createProposal } from '../../src/services/create-proposal';
import type { BookingEntity } from '../../src/db/entities';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { insertBooking } from '../helpers/booking-rows';
import { FakeAnthropic } from '../helpers/fake-anthropic';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker } from '../helpers/worker';
import { nextOpenDate } from '../helpers/test-dates';

const PLATFORM_TOKEN = 'isolation-platform-token-0123456789';

/** What the attacker can know of the victim: ids seen in a URL, a screenshot, a log. */
interface Victim {
  owner: TestTenant;
  attacker: TestTenant;
  proposal: TProposal;
  otherSessionId: string;
  attackerSessionId: string;
  booking: BookingEntity;
  bookedDate: string;
}

interface Row {
  name: string;
  request: (v: Victim) => InjectOptions;
  status: number;
  code?: string;
  /** For the 200s: what the answer must (not) contain. */
  check?: (body: Record<string, unknown>, v: Victim) => void;
}

const pk = (tenant: TestTenant) => ({ 'x-tenant-key': tenant.publishableKey });
const sk = (tenant: TestTenant) => ({ authorization: `Bearer ${tenant.secretKey}` });
const customer = { customerName: 'Mallory', customerEmail: 'mallory@example.test' };
const idsOf = (list: unknown) => (list as Array<{ id: string }>).map((item) => item.id);

const ROWS: Row[] = [
  // Frontend routes (X-Tenant-Key).
  {
    name: "GET /v1/catalog with the attacker's key lists only the attacker's packages",
    request: (v) => ({ method: 'GET', url: '/v1/catalog', headers: pk(v.attacker) }),
    status: 200,
    check: (body, v) => expect(idsOf(body.packages).sort()).toEqual(v.attacker.packages.map((p) => p.id).sort()),
  },
  {
    name: "GET /v1/catalog with the victim's secret key as X-Tenant-Key",
    request: (v) => ({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': v.owner.secretKey } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: "GET /v1/availability with the attacker's key does not see the victim's booked date",
    request: (v) => ({ method: 'GET', url: `/v1/availability?from=${v.bookedDate}&to=${v.bookedDate}`, headers: pk(v.attacker) }),
    status: 200,
    check: (body, v) => expect(body.dates).toEqual([{ date: v.bookedDate, available: true }]),
  },
  {
    name: "POST /v1/chat/messages with the victim's sessionId",
    request: (v) => ({ method: 'POST', url: '/v1/chat/messages', headers: pk(v.attacker), payload: { sessionId: v.proposal.sessionId, message: 'Show me my booking' } }),
    status: 400,
    code: 'INVALID_SESSION',
  },
  {
    name: "GET /v1/chat/sessions/:id of the victim's session",
    request: (v) => ({ method: 'GET', url: `/v1/chat/sessions/${v.proposal.sessionId}`, headers: pk(v.attacker) }),
    status: 404,
  },
  {
    name: "POST /v1/proposals into the victim's session",
    request: (v) => ({
      method: 'POST',
      url: '/v1/proposals',
      headers: pk(v.attacker),
      payload: { sessionId: v.proposal.sessionId, packageId: v.attacker.packages[0].id, date: v.bookedDate, ...customer },
    }),
    status: 400,
    code: 'INVALID_SESSION',
  },
  {
    name: "POST /v1/proposals for the victim's package",
    request: (v) => ({ method: 'POST', url: '/v1/proposals', headers: pk(v.attacker), payload: { packageId: v.owner.packages[0].id, date: v.bookedDate, ...customer } }),
    status: 404,
    code: 'PACKAGE_NOT_FOUND',
  },
  {
    name: "GET /v1/proposals/:id with the attacker's key and the victim's session",
    request: (v) => ({ method: 'GET', url: `/v1/proposals/${v.proposal.id}?sessionId=${v.proposal.sessionId}`, headers: pk(v.attacker) }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "GET /v1/proposals/:id with the victim's key and another of its sessions",
    request: (v) => ({ method: 'GET', url: `/v1/proposals/${v.proposal.id}?sessionId=${v.otherSessionId}`, headers: pk(v.owner) }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "POST /v1/proposals/:id/confirm with the attacker's key and the victim's session",
    request: (v) => ({ method: 'POST', url: `/v1/proposals/${v.proposal.id}/confirm`, headers: pk(v.attacker), payload: { sessionId: v.proposal.sessionId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "POST /v1/proposals/:id/confirm with the attacker's key and its own session",
    request: (v) => ({ method: 'POST', url: `/v1/proposals/${v.proposal.id}/confirm`, headers: pk(v.attacker), payload: { sessionId: v.attackerSessionId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "POST /v1/proposals/:id/confirm with the victim's key and another of its sessions",
    request: (v) => ({ method: 'POST', url: `/v1/proposals/${v.proposal.id}/confirm`, headers: pk(v.owner), payload: { sessionId: v.otherSessionId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  // Back office (Bearer secret key).
  {
    name: "GET /v1/admin/packages with the attacker's secret key lists only the attacker's packages",
    request: (v) => ({ method: 'GET', url: '/v1/admin/packages', headers: sk(v.attacker) }),
    status: 200,
    check: (body, v) => expect(idsOf(body.packages).sort()).toEqual(v.attacker.packages.map((p) => p.id).sort()),
  },
  {
    name: "GET /v1/admin/packages with the victim's publishable key as a bearer",
    request: (v) => ({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${v.owner.publishableKey}` } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: "POST /v1/admin/packages naming the victim's tenantId",
    request: (v) => ({ method: 'POST', url: '/v1/admin/packages', headers: sk(v.attacker), payload: { name: 'Planted', priceCents: 1, tenantId: v.owner.tenant.id } }),
    status: 400,
    code: 'INVALID_REQUEST',
  },
  {
    name: "POST /v1/admin/packages with the victim's publishable key",
    request: (v) => ({ method: 'POST', url: '/v1/admin/packages', headers: { authorization: `Bearer ${v.owner.publishableKey}`, ...pk(v.owner) }, payload: { name: 'Planted', priceCents: 1 } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: "PATCH /v1/admin/packages/:id of the victim's package",
    request: (v) => ({ method: 'PATCH', url: `/v1/admin/packages/${v.owner.packages[0].id}`, headers: sk(v.attacker), payload: { priceCents: 1, active: false } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "GET /v1/admin/bookings with the attacker's secret key lists none of the victim's bookings",
    request: (v) => ({ method: 'GET', url: `/v1/admin/bookings?from=${v.bookedDate}&to=${v.bookedDate}`, headers: sk(v.attacker) }),
    status: 200,
    check: (body) => expect(body.bookings).toEqual([]),
  },
  {
    name: "GET /v1/admin/bookings asking for the victim's tenantId",
    request: (v) => ({ method: 'GET', url: `/v1/admin/bookings?tenantId=${v.owner.tenant.id}`, headers: sk(v.attacker) }),
    status: 400,
    code: 'INVALID_REQUEST',
  },
  {
    name: "POST /v1/admin/bookings/:id/cancel of the victim's booking",
    request: (v) => ({ method: 'POST', url: `/v1/admin/bookings/${v.booking.id}/cancel`, headers: sk(v.attacker) }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "POST /v1/admin/bookings/:id/cancel with the victim's publishable key",
    request: (v) => ({ method: 'POST', url: `/v1/admin/bookings/${v.booking.id}/cancel`, headers: { authorization: `Bearer ${v.owner.publishableKey}` } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  // Platform operator.
  {
    name: "POST /v1/platform/tenants with a tenant's secret key",
    request: (v) => ({ method: 'POST', url: '/v1/platform/tenants', headers: sk(v.owner), payload: { name: 'Isolation probe tenant' } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'POST /v1/platform/tenants with a publishable key',
    request: (v) => ({ method: 'POST', url: '/v1/platform/tenants', headers: { authorization: `Bearer ${v.owner.publishableKey}`, ...pk(v.owner) }, payload: { name: 'Isolation probe tenant' } }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  // Stripe: an unsigned event naming the victim's proposal.
  {
    name: "POST /v1/webhooks/stripe forging a payment of the victim's proposal without a valid signature",
    request: (v) => ({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      payload: JSON.stringify({
        id: 'evt_forged',
        type: 'checkout.session.completed',
        data: { object: { id: 'cs_forged', payment_status: 'paid', metadata: { source: 'customer_chatbot', proposalId: v.proposal.id, tenantId: v.owner.tenant.id } } },
      }),
    }),
    status: 400,
  },
];

describe('tenant and session isolation (every route of docs/api.md)', () => {
  let t: TestApp;
  let anthropic: FakeAnthropic;
  let v: Victim;

  beforeAll(async () => {
    anthropic = await FakeAnthropic.start();
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.url });
    const owner = await buildTenant(t.db, { name: 'Victim Studio' });
    const attacker = await buildTenant(t.db, { name: 'Attacker Studio' });
    const sessions = t.db.getRepository(ChatSessionEntity);
    const proposal = await createProposal({ config: t.config, db: t.db, temporal: t.temporal.client }, owner.tenant, {
      packageId: owner.packages[0].id,
      date: nextOpenDate(owner),
      customerName: 'Ada Lovelace',
      customerEmail: 'ada@example.test',
    });
    await sessions.update({ id: proposal.sessionId }, { messages: [{ role: 'user', content: 'private words', createdAt: new Date().toISOString() }] });
    const otherSession = await sessions.save({ tenantId: owner.tenant.id, sessionType: 'CUSTOMER', messages: [] });
    const attackerSession = await sessions.save({ tenantId: attacker.tenant.id, sessionType: 'CUSTOMER', messages: [] });
    const bookedDate = nextOpenDate(owner);
    const booking = await insertBooking(t.db, owner, { date: bookedDate, status: 'CONFIRMED' });
    v = { owner, attacker, proposal, otherSessionId: otherSession.id, attackerSessionId: attackerSession.id, booking, bookedDate };
  });

  afterAll(async () => {
    // Only the last test runs a worker: the victim's workflow only waits, so end it here.
    await t.temporal.client.workflow.getHandle(`proposal-${v.proposal.id}`).terminate('test over').catch(() => undefined);
    await t.close();
    await anthropic.close();
  });

  /** Every row of both tenants in every table that has one, and the victim workflow's history length. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const tenantIds = [v.owner.tenant.id, v.attacker.tenant.id];
    const tables: Array<{ table_name: string }> = await t.db.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const state: Record<string, unknown> = {
      tenants: await t.db.query(`SELECT to_jsonb(x)::text AS row FROM tenants x WHERE id = ANY($1) ORDER BY 1`, [tenantIds]),
      probeTenants: await t.db.query(`SELECT count(*)::int AS n FROM tenants WHERE name LIKE 'Isolation probe%'`),
    };
    for (const { table_name: table } of tables) {
      state[table] = await t.db.query(`SELECT to_jsonb(x)::text AS row FROM "${table}" x WHERE tenant_id = ANY($1) ORDER BY 1`, [tenantIds]);
    }
    const history = await t.temporal.client.workflow.getHandle(`proposal-${v.proposal.id}`).fetchHistory();
    state.workflowEvents = history.events?.length;
    return state;
  }

  it('covers every table that carries tenant_id', async () => {
    const state = await snapshot();
    expect(Object.keys(state)).toEqual(
      expect.arrayContaining(['packages', 'customers', 'chat_sessions', 'proposals', 'bookings', 'processed_webhook_events', 'sent_emails']),
    );
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s: answers as docs/api.md says and writes nothing', async (_name, row) => {
    anthropic.reset();
    const before = await snapshot();
    const response = await t.app.inject(row.request(v));
    const body = response.json();
    expect({ status: response.statusCode, body }).toMatchObject({ status: row.status, ...(row.code && { body: { code: row.code } }) });
    if (row.status >= 400) expect(body).toEqual({ error: expect.any(String), code: expect.any(String) });
    row.check?.(body, v);
    expect(await snapshot()).toEqual(before);
    expect(anthropic.requests).toEqual([]);
    // Nothing of the victim's in any answer to the attacker (the catalog of another tenant included).
    const text = response.body;
    expect(text).not.toContain('private words');
    expect(text).not.toContain(v.booking.confirmationCode);
  });

  it('the snapshot does see a write (so "writes nothing" above means something)', async () => {
    const before = await snapshot();
    const created = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: sk(v.attacker), payload: { name: 'Legit', priceCents: 100 } });
    expect(created.statusCode).toBe(201);
    expect(await snapshot()).not.toEqual(before);
  });

  // Last: these change the victim's rows. The same ids with the rightful credentials do work, so
  // the 404s above come from the ownership checks, not from broken routes.
  it('the rightful tenant and session reach the same resources', async () => {
    const session = await t.app.inject({ method: 'GET', url: `/v1/chat/sessions/${v.proposal.sessionId}`, headers: pk(v.owner) });
    expect(session.statusCode).toBe(200);
    expect(session.body).toContain('private words');
    const proposal = await t.app.inject({ method: 'GET', url: `/v1/proposals/${v.proposal.id}?sessionId=${v.proposal.sessionId}`, headers: pk(v.owner) });
    expect(proposal.statusCode).toBe(200);
    expect(proposal.json()).toMatchObject({ id: v.proposal.id, sessionId: v.proposal.sessionId });
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${v.owner.packages[0].id}`, headers: sk(v.owner), payload: { priceCents: 1_000 } });
    expect(patched.statusCode).toBe(200);
    // The cancel runs the cancelBooking workflow: a worker serves it from here on (the snapshots are done).
    const worker = await startTestWorker(t.config, t.db);
    try {
      const canceled = await t.app.inject({ method: 'POST', url: `/v1/admin/bookings/${v.booking.id}/cancel`, headers: sk(v.owner) });
      expect(canceled.json()).toMatchObject({ id: v.booking.id, status: 'REFUNDED' });
    } finally {
      await worker.stop();
    }
  });
});
