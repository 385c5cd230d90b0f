import { TenantEntity } from '../../src/db/entities';
import { hashSecretKey } from '../../src/services/tenant-keys';
import { createTestApp, type TestApp } from '../helpers/test-app';

const TOKEN = 'platform-token-for-tests-0123456789';

describe('platform routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => t.close());

  const createTenant = (payload: unknown, authorization: string | null = `Bearer ${TOKEN}`) =>
    t.app.inject({ method: 'POST', url: '/v1/platform/tenants', headers: authorization ? { authorization } : {}, payload: payload as object });

  it('creates a tenant (201) whose keys work on the frontend and back office routes', async () => {
    const response = await createTenant({ name: 'Fresh Studio', timezone: 'America/New_York', currency: 'CAD', contactEmail: 'Owner@Fresh.test' });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Fresh Studio',
      publishableKey: expect.stringMatching(/^pk_/),
      secretKey: expect.stringMatching(/^sk_/),
    });

    const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': created.publishableKey } });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.json()).toEqual({ tenant: { name: 'Fresh Studio', timezone: 'America/New_York', currency: 'cad' }, packages: [] });

    const packages = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${created.secretKey}` } });
    expect(packages.statusCode).toBe(200);
    expect(packages.json()).toEqual({ packages: [] });

    const row = await t.db.getRepository(TenantEntity).findOneByOrFail({ id: created.id });
    expect(row).toMatchObject({ timezone: 'America/New_York', currency: 'cad', contactEmail: 'owner@fresh.test' });
  });

  it('stores the secret key only as its hash', async () => {
    const created = (await createTenant({ name: 'Hashed Studio' })).json();
    const [row] = await t.db.query(`SELECT to_jsonb(tenants)::text AS everything, secret_key_hash FROM tenants WHERE id = $1`, [created.id]);
    expect(row.everything).not.toContain(created.secretKey);
    expect(row.everything).not.toContain(created.secretKey.slice(3));
    expect(row.secret_key_hash).toBe(hashSecretKey(created.secretKey));
  });

  it('defaults to UTC and usd', async () => {
    const created = (await createTenant({ name: 'Default Studio' })).json();
    expect(await t.db.getRepository(TenantEntity).findOneByOrFail({ id: created.id })).toMatchObject({ timezone: 'UTC', currency: 'usd', contactEmail: null });
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token of the same length', `Bearer ${TOKEN.replace(/.$/, 'X')}`],
    ['a shorter token', 'Bearer platform'],
    ['the token without the Bearer scheme', TOKEN],
  ])('is 401 UNAUTHENTICATED with %s and creates nothing', async (_what, authorization) => {
    const name = `Intruder ${Math.random()}`;
    const response = await createTenant({ name }, authorization);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: expect.any(String), code: 'UNAUTHENTICATED' });
    expect(await t.db.getRepository(TenantEntity).countBy({ name })).toBe(0);
  });

  it("is 401, not 400, for a bad body without the token (validation says nothing to strangers)", async () => {
    const response = await createTenant({ nope: true }, 'Bearer wrong-token');
    expect(response.statusCode).toBe(401);
  });

  it("is 401 with a tenant's secret key", async () => {
    const created = (await createTenant({ name: 'Not An Operator' })).json();
    const response = await createTenant({ name: 'Escalation' }, `Bearer ${created.secretKey}`);
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['an empty name', { name: '  ' }],
    ['a name of 121 characters', { name: 'n'.repeat(121) }],
    ['an unknown time zone', { name: 'X', timezone: 'Mars/Olympus' }],
    ['a currency that is not ISO 4217 shaped', { name: 'X', currency: 'dollars' }],
    ['an invalid contact email', { name: 'X', contactEmail: 'not-an-email' }],
    ['an unknown field', { name: 'X', secretKey: 'sk_mine' }],
    ['a name that is a number', { name: 42 }],
    ['an array', [{ name: 'X' }]],
  ])('is 400 INVALID_REQUEST for %s', async (_what, payload) => {
    const response = await createTenant(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.any(String), code: 'INVALID_REQUEST' });
  });

  it('slows down token guessing with 429 RATE_LIMITED', async () => {
    let last = await createTenant({ name: 'X' }, 'Bearer guess');
    for (let attempt = 1; attempt <= 40 && last.statusCode !== 429; attempt += 1) last = await createTenant({ name: 'X' }, 'Bearer guess');
    expect(last.statusCode).toBe(429);
    expect(last.json()).toEqual({ error: expect.any(String), code: 'RATE_LIMITED' });
  });
});

describe('platform routes without PLATFORM_ADMIN_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: undefined });
  });
  afterAll(async () => t.close());

  it('answer 404 NOT_FOUND, as if the route did not exist, whatever the token', async () => {
    for (const authorization of [undefined, 'Bearer anything-at-all-here', `Bearer ${TOKEN}`]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/platform/tenants',
        headers: authorization ? { authorization } : {},
        payload: { name: 'Nobody' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'No route POST /v1/platform/tenants', code: 'NOT_FOUND' });
    }
    expect(await t.db.getRepository(TenantEntity).countBy({ name: 'Nobody' })).toBe(0);
  });
});
