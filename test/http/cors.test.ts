import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SHOP = 'https://shop.example';
const corsHeaders = (headers: Record<string, unknown>) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('CORS per tenant', () => {
  let t: TestApp;
  let shop: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: 'platform-token-for-cors-tests' });
    shop = await buildTenant(t.db, { allowedOrigins: [SHOP, 'http://localhost:*'] });
  });
  afterAll(async () => t?.close());

  const catalog = (origin: string | undefined, key = shop.publishableKey) =>
    t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': key, ...(origin ? { origin } : {}) } });

  it("answers an allowed origin with that origin, Vary: Origin and no credentials", async () => {
    for (const origin of [SHOP, 'http://localhost:4321']) {
      const response = await catalog(origin);
      expect(response.statusCode).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(String(response.headers.vary)).toMatch(/origin/i);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('sends no CORS headers to a foreign origin, nor without an origin', async () => {
    const foreign = await catalog('https://evil.example');
    expect(foreign.statusCode).toBe(200);
    expect(corsHeaders(foreign.headers)).toEqual([]);
    expect(String(foreign.headers.vary)).toMatch(/origin/i);
    const missing = await catalog(undefined);
    expect(missing.statusCode).toBe(200);
    expect(corsHeaders(missing.headers)).toEqual([]);
  });

  it("does not lend one tenant's origins to another tenant's key", async () => {
    const other = await buildTenant(t.db, { allowedOrigins: ['https://other.example'] });
    const response = await catalog(SHOP, other.publishableKey);
    expect(corsHeaders(response.headers)).toEqual([]);
    const unknownKey = await catalog(SHOP, 'pk_unknown_key_for_cors');
    expect(unknownKey.statusCode).toBe(401);
    expect(corsHeaders(unknownKey.headers)).toEqual([]);
  });

  it.each(['/v1/proposals', '/v1/chat/messages', '/v1/availability?from=2026-01-01&to=2026-01-31'])('answers a preflight of %s with the methods and headers only, never data', async (url) => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://anyone.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-tenant-key' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe('https://anyone.example');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toBe('content-type, x-tenant-key');
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('never sends CORS headers on back-office, platform and webhook routes, preflight or not', async () => {
    const calls = [
      { method: 'GET' as const, url: '/v1/admin/bookings', headers: { authorization: `Bearer ${shop.secretKey}` } },
      { method: 'POST' as const, url: '/v1/platform/tenants', headers: { authorization: 'Bearer platform-token-for-cors-tests' }, payload: {} },
      { method: 'POST' as const, url: '/v1/webhooks/stripe', headers: { 'stripe-signature': 't=1,v1=bad', 'content-type': 'application/json' }, payload: '{}' },
    ];
    for (const call of calls) {
      const actual = await t.app.inject({ ...call, headers: { ...call.headers, origin: SHOP } });
      expect(corsHeaders(actual.headers)).toEqual([]);
      const preflight = await t.app.inject({ method: 'OPTIONS', url: call.url, headers: { origin: SHOP, 'access-control-request-method': call.method } });
      expect(preflight.statusCode).toBe(404);
      expect(corsHeaders(preflight.headers)).toEqual([]);
    }
  });
});
