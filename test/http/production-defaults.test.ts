import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { connectTemporalClient, type TemporalClientHandle } from '../../src/integrations/temporal-client';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { openTestDb, testConfig } from '../helpers/test-env';

// NODE_ENV=production refuses the test-mode checkout and the development manage-link key, so these apps get (unused) ones.
const PRODUCTION = { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_unused', STRIPE_WEBHOOK_SECRET: 'whsec_unused', MANAGE_LINK_SECRET: 'x'.repeat(32) };

/** 31 proposal requests from one socket address, each claiming another client in X-Forwarded-For. */
async function proposalStatusesWithSpoofedClients(app: FastifyInstance, key: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 31; i += 1) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/proposals',
      remoteAddress: '203.0.113.7',
      headers: { 'x-tenant-key': key, 'x-forwarded-for': `198.51.100.${i + 1}` },
      // An invalid body: the limiter counts requests before validation, and nothing is created.
      payload: { nope: i },
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('production defaults', () => {
  let owner: TestTenant;

  async function withApp<T>(overrides: Record<string, string>, use: (t: TestApp) => Promise<T>): Promise<T> {
    const t = await createTestApp(overrides);
    try {
      owner ??= await buildTenant(t.db, { name: 'Proxy Studio' });
      return await use(t);
    } finally {
      await t.close();
    }
  }

  it('without TRUST_PROXY, the 31st proposal from one client is 429 whatever X-Forwarded-For says', async () => {
    const statuses = await withApp(PRODUCTION, (t) => proposalStatusesWithSpoofedClients(t.app, owner.publishableKey));
    expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('with TRUST_PROXY naming the proxy, X-Forwarded-For is the client', async () => {
    const statuses = await withApp({ ...PRODUCTION, TRUST_PROXY: '203.0.113.0/24' }, (t) => proposalStatusesWithSpoofedClients(t.app, owner.publishableKey));
    // 31 different clients behind the trusted proxy: none reaches its limit.
    expect(statuses.every((status) => status === 400)).toBe(true);
  });

  it('request logs carry no tenant key, bearer token or sessionId', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = testConfig({ LOG_LEVEL: 'info' });
    const db = await openTestDb();
    let temporal: TemporalClientHandle | undefined;
    let app: FastifyInstance | undefined;
    try {
      temporal = await connectTemporalClient(config);
      app = await buildApp({ config, db, temporal: temporal.client, logStream: sink });
      owner ??= await buildTenant(db, { name: 'Proxy Studio' });
      const sessionId = '7f0c6a52-55b5-4b8e-9f1e-3c1a2f9d8e71';
      await app.inject({ method: 'GET', url: `/v1/proposals/6c1f0a52-55b5-4b8e-9f1e-3c1a2f9d8e70?sessionId=${sessionId}`, headers: { 'x-tenant-key': owner.publishableKey } });
      await app.inject({ method: 'GET', url: '/v1/admin/bookings', headers: { authorization: `Bearer ${owner.secretKey}` } });
      const log = lines.join('');
      // The request lines were written (the check below is not vacuous) ...
      expect(log).toContain('/v1/proposals/6c1f0a52-55b5-4b8e-9f1e-3c1a2f9d8e70?sessionId=');
      expect(log).toContain('/v1/admin/bookings');
      // ... and none carries a credential.
      for (const secret of [sessionId, owner.publishableKey, owner.secretKey]) expect(log).not.toContain(secret);
    } finally {
      await app?.close();
      await temporal?.close();
      await db.destroy();
    }
  });
});
