import type { InjectOptions } from 'fastify';
import { ChatSessionEntity } from '../../src/db/entities';
import { FakeAnthropic } from '../helpers/fake-anthropic';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { nextOpenDate } from '../helpers/test-dates';

const PLATFORM_TOKEN = 'bad-input-platform-token-0123456789';
const APP_BODY_LIMIT = 64 * 1024;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Fixtures {
  tenant: TestTenant;
  sessionId: string;
}

interface BodyRoute {
  route: string;
  method: 'POST' | 'PATCH';
  url: (f: Fixtures) => string;
  /** Routes with an id in the path: the URL with a junk id instead. */
  urlWithId?: (id: string) => string;
  headers: (f: Fixtures) => Record<string, string>;
  /** A body the route accepts, so "valid + one unknown field" tests only the unknown field. */
  valid: (f: Fixtures) => Record<string, unknown>;
  /** Each with the status docs/api.md gives it (400 unless said). */
  wrongTypes: Array<[string, (f: Fixtures) => unknown, number?]>;
  /** The webhook route reads its raw body with its own limit, and answers bad input by its signature check. */
  bodyLimit?: number;
  signed?: boolean;
}

const pk = (f: Fixtures) => ({ 'x-tenant-key': f.tenant.publishableKey });
const sk = (f: Fixtures) => ({ authorization: `Bearer ${f.tenant.secretKey}` });
const platform = () => ({ authorization: `Bearer ${PLATFORM_TOKEN}` });
const proposalBody = (f: Fixtures) => ({ packageId: f.tenant.packages[0].id, date: nextOpenDate(f.tenant), customerName: 'Ada', customerEmail: 'ada@example.test' });

const BODY_ROUTES: BodyRoute[] = [
  {
    route: 'POST /v1/chat/messages',
    method: 'POST',
    url: () => '/v1/chat/messages',
    headers: pk,
    valid: () => ({ message: 'Hello' }),
    wrongTypes: [
      ['message as a number', () => ({ message: 42 })],
      ['message as an array', () => ({ message: ['Hello'] })],
      ['message as an object', () => ({ message: { text: 'Hello' } })],
      ['an empty message', () => ({ message: '' })],
      ['a message of 2001 characters', () => ({ message: 'm'.repeat(2001) })],
      ['sessionId that is not a uuid', () => ({ sessionId: 'abc', message: 'Hello' })],
      ['sessionId as a number', () => ({ sessionId: 1, message: 'Hello' })],
      ['no message', (f) => ({ sessionId: f.sessionId })],
      // Found by test/http/fuzz.test.ts: Postgres refuses NUL in jsonb, nobody can store a lone surrogate.
      ['a message with a NUL byte', () => ({ message: 'a\u0000b' })],
      ['a message with a lone surrogate', () => ({ message: 'x\uD800y' })],
    ],
  },
  {
    route: 'POST /v1/proposals',
    method: 'POST',
    url: () => '/v1/proposals',
    headers: pk,
    valid: proposalBody,
    wrongTypes: [
      ['packageId as a number', (f) => ({ ...proposalBody(f), packageId: 1 })],
      ['packageId that is not a uuid', (f) => ({ ...proposalBody(f), packageId: "1' OR '1'='1" })],
      ['date as a number', (f) => ({ ...proposalBody(f), date: 20300101 })],
      ['an impossible date', (f) => ({ ...proposalBody(f), date: '2030-02-30' })],
      // Postgres has no year 0: refused as a malformed date before anything reads the database.
      ['year 0', (f) => ({ ...proposalBody(f), date: '0000-01-01' }), 400],
      ['an invalid email', (f) => ({ ...proposalBody(f), customerEmail: 'not-an-email' })],
      ['an email with a header injection', (f) => ({ ...proposalBody(f), customerEmail: 'a@b.test\r\nBcc: x@y.test' })],
      ['a name with CR/LF', (f) => ({ ...proposalBody(f), customerName: 'Ada\r\nBcc: x@y.test' })],
      ['an empty name', (f) => ({ ...proposalBody(f), customerName: '' })],
      ['notes of 1001 characters', (f) => ({ ...proposalBody(f), notes: 'n'.repeat(1001) })],
      ['notes as an object', (f) => ({ ...proposalBody(f), notes: { a: 1 } })],
      ['a name with a lone surrogate', (f) => ({ ...proposalBody(f), customerName: 'x\uD800y' })],
      ['notes with a NUL byte', (f) => ({ ...proposalBody(f), notes: 'a\u0000b' })],
      ['an empty object', () => ({})],
    ],
  },
  {
    route: 'POST /v1/proposals/:id/confirm',
    method: 'POST',
    url: () => `/v1/proposals/${UNKNOWN_ID}/confirm`,
    urlWithId: (id) => `/v1/proposals/${id}/confirm`,
    headers: pk,
    valid: (f) => ({ sessionId: f.sessionId }),
    wrongTypes: [
      ['sessionId as a number', () => ({ sessionId: 7 })],
      ['sessionId that is not a uuid', () => ({ sessionId: 'abc' })],
      ['sessionId as an array', (f) => ({ sessionId: [f.sessionId] })],
      ['no sessionId', () => ({})],
    ],
  },
  {
    route: 'POST /v1/webhooks/stripe',
    method: 'POST',
    url: () => '/v1/webhooks/stripe',
    headers: () => ({ 'stripe-signature': 't=1,v1=00' }),
    valid: () => ({ id: 'evt_1', type: 'checkout.session.completed', data: { object: {} } }),
    wrongTypes: [['an event with a numeric type', () => ({ id: 'evt_1', type: 7 })]],
    bodyLimit: 1024 * 1024,
    signed: true,
  },
  {
    route: 'POST /v1/platform/tenants',
    method: 'POST',
    url: () => '/v1/platform/tenants',
    headers: platform,
    valid: () => ({ name: 'Bad input probe' }),
    wrongTypes: [
      ['name as a number', () => ({ name: 1 })],
      ['name as null', () => ({ name: null })],
      ['a name with a NUL byte', () => ({ name: 'a\u0000b' })],
      ['a name with a lone surrogate', () => ({ name: 'x\uDFFF' })],
      ['timezone as a number', () => ({ name: 'X', timezone: 1 })],
      ['an unknown timezone', () => ({ name: 'X', timezone: 'Nowhere/Land' })],
      ['currency of 4 letters', () => ({ name: 'X', currency: 'usdd' })],
      ['contactEmail as an array', () => ({ name: 'X', contactEmail: ['a@b.test'] })],
    ],
  },
  {
    route: 'POST /v1/admin/packages',
    method: 'POST',
    url: () => '/v1/admin/packages',
    headers: sk,
    valid: () => ({ name: 'Probe', priceCents: 100 }),
    wrongTypes: [
      ['priceCents as a string', () => ({ name: 'X', priceCents: '100' })],
      ['priceCents as a float', () => ({ name: 'X', priceCents: 1.5 })],
      ['priceCents beyond 2^31', () => ({ name: 'X', priceCents: 2 ** 31 })],
      ['priceCents as 1e400 (Infinity)', () => ({ name: 'X', priceCents: 'Infinity' })],
      ['active as a string', () => ({ name: 'X', priceCents: 1, active: 'true' })],
      ['name as an object', () => ({ name: { first: 'X' }, priceCents: 1 })],
      ['a name with a lone surrogate', () => ({ name: 'x\uD800', priceCents: 1 })],
    ],
  },
  {
    route: 'PATCH /v1/admin/packages/:id',
    method: 'PATCH',
    url: (f) => `/v1/admin/packages/${f.tenant.packages[0].id}`,
    urlWithId: (id) => `/v1/admin/packages/${id}`,
    headers: sk,
    valid: () => ({ description: 'Patched' }),
    wrongTypes: [
      ['priceCents as null', () => ({ priceCents: null })],
      ['active as a number', () => ({ active: 0 })],
      ['an empty object', () => ({})],
    ],
  },
  {
    route: 'POST /v1/admin/bookings/:id/cancel',
    method: 'POST',
    url: () => `/v1/admin/bookings/${UNKNOWN_ID}/cancel`,
    urlWithId: (id) => `/v1/admin/bookings/${id}/cancel`,
    headers: sk,
    valid: () => ({}),
    wrongTypes: [],
  },
];

interface GetRoute {
  route: string;
  url: (f: Fixtures, junk: { id: string; query: string }) => string;
  headers: (f: Fixtures) => Record<string, string>;
  hasPathId: boolean;
}

const GET_ROUTES: GetRoute[] = [
  { route: 'GET /v1/catalog', url: (_f, j) => `/v1/catalog?${j.query}`, headers: pk, hasPathId: false },
  { route: 'GET /v1/availability', url: (_f, j) => `/v1/availability?from=2030-01-01&to=2030-01-05&${j.query}`, headers: pk, hasPathId: false },
  { route: 'GET /v1/chat/sessions/:id', url: (_f, j) => `/v1/chat/sessions/${j.id}?${j.query}`, headers: pk, hasPathId: true },
  { route: 'GET /v1/proposals/:id', url: (f, j) => `/v1/proposals/${j.id}?sessionId=${f.sessionId}&${j.query}`, headers: pk, hasPathId: true },
  { route: 'GET /v1/admin/packages', url: (_f, j) => `/v1/admin/packages?${j.query}`, headers: sk, hasPathId: false },
  { route: 'GET /v1/admin/bookings', url: (_f, j) => `/v1/admin/bookings?${j.query}`, headers: sk, hasPathId: false },
];

interface Case {
  name: string;
  request: (f: Fixtures) => InjectOptions;
  status?: number;
  code?: string;
}

const JUNK_IDS: Array<[string, string]> = [
  ['an id that is not a uuid', 'not-a-uuid'],
  ['an id of 2000 characters', 'a'.repeat(2000)],
  ['an id with a NUL byte', '%00'],
  ['an id with SQL', "1'%20OR%20'1'='1"],
  ['an id with invalid percent-encoding', '%E0%A4%A'],
  ['a path traversal', '..%2F..%2Fetc%2Fpasswd'],
];
function bodyCases(route: BodyRoute): Case[] {
  const request = (f: Fixtures, extra: Partial<InjectOptions>): InjectOptions => ({
    method: route.method,
    url: route.url(f),
    ...extra,
    headers: { ...route.headers(f), 'content-type': 'application/json', ...(extra.headers as Record<string, string>) },
  });
  const send = (payload: string) => (f: Fixtures) => request(f, { payload });
  const limit = route.bodyLimit ?? APP_BODY_LIMIT;
  const invalid = route.signed ? {} : { status: 400, code: 'INVALID_REQUEST' };
  const cases: Case[] = [
    { name: 'malformed JSON', request: send('{"message": "unterminated'), status: 400 },
    { name: 'a JSON array', request: send('[]'), status: 400 },
    { name: 'the valid body inside an array', request: (f) => request(f, { payload: JSON.stringify([route.valid(f)]) }), status: 400 },
    { name: 'a JSON string', request: send('"hello"'), status: 400 },
    { name: 'a JSON number', request: send('42'), status: 400 },
    // Routes without required fields (cancel) read `null` as no body; the others miss their fields.
    { name: 'JSON null', request: send('null') },
    { name: 'an empty body declared as JSON', request: send(''), status: 400 },
    { name: 'a __proto__ key', request: (f) => request(f, { payload: `{"__proto__": {"polluted": true}, ${JSON.stringify(route.valid(f)).slice(1)}`.replace(', }', '}') }), status: 400 },
    { name: 'JSON nested 10000 levels deep', request: send(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`), status: 400 },
    {
      name: `a body over the ${limit / 1024} KiB limit`,
      request: (f) => request(f, { payload: JSON.stringify({ ...route.valid(f), padding: 'x'.repeat(limit) }) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    { name: 'text/plain instead of JSON', request: (f) => request(f, { payload: 'hello', headers: { 'content-type': 'text/plain' } }) },
    { name: 'the valid body plus an unknown field', request: (f) => request(f, { payload: JSON.stringify({ ...route.valid(f), unexpected: true }) }), ...invalid },
    ...route.wrongTypes.map(([what, body, status = 400]): Case => ({ name: what, request: (f) => request(f, { payload: JSON.stringify(body(f)) }), ...(route.signed ? {} : { status }) })),
  ];
  const { urlWithId } = route;
  if (urlWithId) {
    cases.push(...JUNK_IDS.map(([what, id]): Case => ({ name: what, request: (f) => ({ ...request(f, { payload: JSON.stringify(route.valid(f)) }), url: urlWithId(id) }) })));
  }
  return cases.map((c) => ({ ...c, name: `${route.route}: ${c.name}` }));
}

const JUNK_QUERIES: Array<[string, string]> = [
  ['an unknown query parameter', 'unexpected=1'],
  ['a bracketed query parameter', 'filter[tenantId]=x'],
  ['a query value of 5000 characters', `unexpected=${'q'.repeat(5000)}`],
];

function getCases(route: GetRoute): Case[] {
  const get = (id: string, query: string) => (f: Fixtures): InjectOptions => ({ method: 'GET', url: route.url(f, { id, query }), headers: route.headers(f) });
  const cases: Case[] = JUNK_QUERIES.map(([what, query]) => ({ name: what, request: get(UNKNOWN_ID, query) }));
  if (route.hasPathId) cases.push(...JUNK_IDS.map(([what, id]) => ({ name: what, request: get(id, '') })));
  cases.push(
    { name: 'an X-Tenant-Key of 10000 characters', request: (f) => ({ ...get(UNKNOWN_ID, '')(f), headers: { 'x-tenant-key': `pk_${'k'.repeat(10_000)}` } }), status: 401 },
    { name: 'a bearer of 10000 characters', request: (f) => ({ ...get(UNKNOWN_ID, '')(f), headers: { authorization: `Bearer sk_${'k'.repeat(10_000)}` } }), status: 401 },
  );
  return cases.map((c) => ({ ...c, name: `${route.route}: ${c.name}` }));
}

const CASES = [...BODY_ROUTES.flatMap(bodyCases), ...GET_ROUTES.flatMap(getCases)];

describe('bad input on every route of docs/api.md: a 4xx in the error format, never a 5xx', () => {
  let t: TestApp;
  let anthropic: FakeAnthropic;
  let f: Fixtures;

  beforeAll(async () => {
    anthropic = await FakeAnthropic.start();
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.url });
    const tenant = await buildTenant(t.db, { name: 'Bad Input Studio' });
    const session = await t.db.getRepository(ChatSessionEntity).save({ tenantId: tenant.tenant.id, sessionType: 'CUSTOMER', messages: [] });
    f = { tenant, sessionId: session.id };
  });
  afterAll(async () => {
    await t.close();
    await anthropic.close();
  });

  // Each case from its own client address, so the rate limits (per key and address) never answer first.
  it.each(CASES.map((c, index) => [c.name, c, index] as const))('%s', async (_name, c, index) => {
    const response = await t.app.inject({ ...c.request(f), remoteAddress: `10.7.${index >> 8}.${index & 255}` });
    let body: unknown;
    try {
      body = response.json();
    } catch {
      body = response.body;
    }
    // One assertion for status and body, so a failure shows both.
    expect({ status: response.statusCode, body }).toEqual({
      status: c.status ?? response.statusCode,
      body: { error: expect.any(String), code: c.code ?? expect.stringMatching(/^[A-Z_]+$/) },
    });
    expect(response.statusCode >= 400 && response.statusCode < 500 ? '4xx' : `${response.statusCode}: ${response.body}`).toBe('4xx');
    const text = response.body;
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|QueryFailedError|SELECT |ZodError/);
    // Bad input never reaches the model.
    expect(anthropic.requests).toEqual([]);
  });
});
