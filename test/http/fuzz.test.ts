import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { buildApp } from '../../src/app';
import { openDatabase } from '../../src/db/data-source';
import { ChatSessionEntity } from '../../src/db/entities';
import { createDatabaseIfMissing } from '../../src/integrations/embedded/postgres';
import { webhookSecret } from '../../src/integrations/stripe';
import { connectTemporalClient, type TemporalClientHandle } from '../../src/integrations/temporal-client';
import { listRoutes, type AppRoute } from '../helpers/app-routes';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { FakeAnthropic, textReply } from '../helpers/fake-anthropic';
import { nextOpenDate } from '../helpers/test-dates';
import { testConfig, testDatabaseUrl } from '../helpers/test-env';
import { fuzzSnapshot } from '../helpers/fuzz-snapshot';

// Generated requests per route: small in `npm test`, `FUZZ_RUNS=10000` for the full run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const PLATFORM_TOKEN = 'fuzz-platform-token-0123456789abcdef';

interface Fixtures {
  tenant: TestTenant;
  sessionId: string;
  proposalId: string;
  secret: string;
}

/** Strings that have broken parsers, databases and mail headers somewhere. */
const NASTY = [
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil',
  '\uFEFF',
  '👩‍👩‍👧‍👦',
  'Z̸̢͉͚̀a̴l̷g̶o̵',
  '../../etc/passwd',
  '%2e%2e%2f',
  '%00',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  'a@b.test\r\nBcc: x@y.test',
  '__proto__',
  'constructor',
  'x'.repeat(5_000),
  '9'.repeat(400),
  '2030-02-30',
  '0000-01-01',
  '-1',
  'NaN',
];

const nastyString = fc.oneof(fc.constantFrom(...NASTY), fc.string(), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));
const scalar = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.uuid());
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(nastyString, scalar, { maxKeys: 4 }));

/** A body the route accepts (so mutations of it reach the code behind validation), where one is known. */
function validBody(route: AppRoute, f: Fixtures): Record<string, unknown> {
  const key = `${route.method} ${route.path}`;
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /v1/chat/messages': { sessionId: f.sessionId, message: 'Is Saturday free?' },
    'POST /v1/proposals': { packageId: f.tenant.packages[0].id, date: nextOpenDate(f.tenant), customerName: 'Ada', customerEmail: 'ada@example.test' },
    'POST /v1/proposals/:proposalId/confirm': { sessionId: f.sessionId },
    'POST /v1/admin/packages': { name: 'Fuzzed', priceCents: 5_000 },
    'PATCH /v1/admin/packages/:id': { priceCents: 6_000 },
    'POST /v1/platform/tenants': { name: 'Fuzzed tenant' },
    'PATCH /v1/platform/tenants/:id': { disabled: false },
    'POST /v1/webhooks/stripe': { id: 'evt_fuzz', type: 'checkout.session.completed', data: { object: { id: 'cs_fuzz', metadata: {} } } },
  };
  return bodies[key] ?? {};
}

/** The valid body, one field changed, dropped or added; or something else altogether. */
function bodyArbitrary(valid: Record<string, unknown>): fc.Arbitrary<string | undefined> {
  const fields = Object.keys(valid);
  const json = (body: unknown) => JSON.stringify(body);
  const mutated = fields.length
    ? fc.tuple(fc.constantFrom(...fields), fc.oneof(nastyString, value, fc.constant(undefined))).map(([field, replacement]) => json({ ...valid, [field]: replacement }))
    : fc.constant(json(valid));
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    fc.tuple(nastyString, value).map(([field, extra]) => json({ ...valid, [field]: extra })),
    fc.dictionary(fc.oneof(fc.constantFrom(...fields, 'id', 'tenantId'), nastyString), value, { maxKeys: 6 }).map(json),
    fc.jsonValue({ maxDepth: 3 }).map(json),
    nastyString,
    fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
    fc.constant(undefined),
  );
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'garbage'];

/** Header values a client could send at all (HTTP allows visible Latin-1 and tabs). */
const headerText = fc.oneof(fc.constantFrom('', 'x'.repeat(8_000), 'null', 'Bearer', 'Bearer ', "pk_' OR 1=1"), fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }));

function authArbitrary(path: string, f: Fixtures): fc.Arbitrary<Record<string, string>> {
  const right: Record<string, string> = path.startsWith('/v1/admin')
    ? { authorization: `Bearer ${f.tenant.secretKey}` }
    : path.startsWith('/v1/platform')
      ? { authorization: `Bearer ${PLATFORM_TOKEN}` }
      : { 'x-tenant-key': f.tenant.publishableKey };
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(right) },
    fc.constant<Record<string, string>>({}),
    headerText.map((junk) => ({ 'x-tenant-key': junk })),
    headerText.map((junk) => ({ authorization: junk })),
    headerText.map((junk) => ({ ...right, 'x-forwarded-for': junk, 'stripe-signature': junk })),
  );
}

/** Every byte percent-encoded (encodeURIComponent throws on a lone surrogate; a client sends its UTF-8 bytes). */
const percentEncode = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A path segment: a real id, an unknown uuid or a trick. */
function segmentArbitrary(param: string, f: Fixtures): fc.Arbitrary<string> {
  const real: Record<string, string> = { proposalId: f.proposalId, sessionId: f.sessionId, id: f.tenant.packages[0].id };
  const tricks = fc.constantFrom('..', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', '%2F', '%00', '%E0%A4%A', 'a'.repeat(3_000), 'null', '-1', '%20');
  return fc.oneof(fc.constant(real[param] ?? randomUUID()), fc.uuid(), tricks, nastyString.map(percentEncode));
}

function requestArbitrary(route: AppRoute, f: Fixtures): fc.Arbitrary<InjectOptions> {
  const segments = route.path.split('/').map((part) => (part.startsWith(':') ? segmentArbitrary(part.slice(1), f) : fc.constant(part)));
  const query = fc.dictionary(fc.oneof(fc.constantFrom('sessionId', 'from', 'to', 'status', 'limit', 'cursor', 'session_id'), nastyString), fc.oneof(nastyString, fc.constant(f.sessionId)), { maxKeys: 3 });
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return fc
    .record({
      segments: fc.tuple(...segments),
      query,
      auth: authArbitrary(route.path, f),
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined, freq: 5 }),
      body: hasBody ? bodyArbitrary(validBody(route, f)) : fc.constant(undefined),
      signBody: fc.boolean(),
    })
    .map(({ segments: parts, query: params, auth, contentType, body, signBody }) => {
      const search = new URLSearchParams(params as Record<string, string>).toString();
      const headers: Record<string, string> = { ...auth };
      if (contentType && body !== undefined) headers['content-type'] = contentType;
      // Signed webhooks get past the signature check, so the event parsing behind it is fuzzed too.
      if (signBody && route.path === '/v1/webhooks/stripe' && body !== undefined) {
        headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: f.secret });
      }
      return { method: route.method as InjectOptions['method'], url: `${parts.join('/')}${search ? `?${search}` : ''}`, headers, payload: body };
    });
}

describe('fuzzing every route: generated requests never get a 5xx, and a refused one writes nothing', () => {
  let app: FastifyInstance;
  let db: DataSource;
  let temporal: TemporalClientHandle;
  let anthropic: FakeAnthropic;
  let f: Fixtures;
  let routes: AppRoute[] = [];

  beforeAll(async () => {
    // A database of its own: "nothing written" is checked over every table, which other test files share otherwise.
    const url = new URL(testDatabaseUrl());
    const database = `fuzz_${randomUUID().replace(/-/g, '')}`;
    await createDatabaseIfMissing(url.toString(), database);
    url.pathname = `/${database}`;
    db = await openDatabase(url.toString(), { poolSize: 4 });
    anthropic = await FakeAnthropic.start();
    // A working model, so an accepted chat message is answered (a 503 here would be the fake's doing).
    anthropic.respondAlways(textReply('We are open on weekdays.'));
    const config = testConfig({ DATABASE_URL: url.toString(), PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.url });
    temporal = await connectTemporalClient(config);
    app = await buildApp({ config, db, temporal: temporal.client });
    await app.ready();
    const tenant = await buildTenant(db, { name: 'Fuzz Studio' });
    const session = await db.getRepository(ChatSessionEntity).save({ tenantId: tenant.tenant.id, sessionType: 'CUSTOMER', messages: [] });
    f = { tenant, sessionId: session.id, proposalId: randomUUID(), secret: webhookSecret(config) };
    // /widget.js takes no input and serves a build artifact (503 until `npm run build`); home.test covers it.
    routes = listRoutes(app).filter((route) => route.path !== '/widget.js');
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await db?.destroy();
    await anthropic?.close();
  });

  it('finds the routes to fuzz', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(['POST /v1/proposals', 'GET /v1/admin/bookings', 'POST /v1/webhooks/stripe']));
  });

  it(`feeds ${RUNS} generated requests to each route`, async () => {
    const statuses = new Map<number, number>();
    for (const route of routes) {
      // The tables as the last accepted request left them: a refused one must not change them.
      let accepted = await fuzzSnapshot(db);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route, f), async (request) => {
          const response = await app.inject(request);
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          expect({ route: `${route.method} ${route.path}`, status: response.statusCode < 500 ? 'below 500' : `${response.statusCode} ${response.body}` }).toEqual({
            route: `${route.method} ${route.path}`,
            status: 'below 500',
          });
          // Moved on before asserting, so fast-check's shrinking replays compare against the right state.
          const before = accepted;
          accepted = await fuzzSnapshot(db);
          if (response.statusCode >= 400) expect({ status: response.statusCode, tables: accepted }).toEqual({ status: response.statusCode, tables: before });
        }),
        { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
      );
    }
    // FUZZ_STATS=1 prints what the run saw (how many of each status), for the full-size run.
    if (process.env.FUZZ_STATS) process.stderr.write(`fuzz: ${routes.length} routes, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
  }, Math.max(300_000, RUNS * 1_000));
});
