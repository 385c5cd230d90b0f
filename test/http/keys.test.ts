import { ProposalEntity } from '../../src/db/entities';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createProposalOverHttp, eventually } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { nextOpenDate } from '../helpers/test-dates';
import { useWorkerTestbed } from '../helpers/worker-testbed';

const TOKEN = 'platform-token-for-key-tests-0123';

const backOffice = (t: TestApp, secretKey: string) =>
  t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${secretKey}` } });
const catalog = (t: TestApp, publishableKey: string) => t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': publishableKey } });
const rotate = (t: TestApp, secretKey: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/v1/admin/keys/rotate', headers: { authorization: `Bearer ${secretKey}` }, payload: payload as object });
const setDisabled = (t: TestApp, tenantId: string, disabled: unknown) =>
  t.app.inject({ method: 'PATCH', url: `/v1/platform/tenants/${tenantId}`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { disabled } });

describe('key rotation (KEY_ROTATION_GRACE=2s)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ KEY_ROTATION_GRACE: '2s', PLATFORM_ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => t.close());

  it('issues a new secret key; the old one works through the grace period, then answers 401', async () => {
    const owner = await buildTenant(t.db);
    const rotated = await rotate(t, owner.secretKey, { keys: ['secret'] });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body).toEqual({ secretKey: expect.stringMatching(/^sk_/), previousKeysValidUntil: expect.any(String) });
    expect(body.secretKey).not.toBe(owner.secretKey);
    expect((await backOffice(t, body.secretKey)).statusCode).toBe(200);
    expect((await backOffice(t, owner.secretKey)).statusCode).toBe(200);
    // The publishable key was not asked for: unchanged.
    expect((await catalog(t, owner.publishableKey)).statusCode).toBe(200);

    await eventually(async () => (await backOffice(t, owner.secretKey)).statusCode === 401, 10_000);
    expect((await backOffice(t, body.secretKey)).statusCode).toBe(200);
  });

  it('issues a new publishable key; both work until the old one expires', async () => {
    const owner = await buildTenant(t.db);
    const rotated = (await rotate(t, owner.secretKey, { keys: ['publishable', 'secret'] })).json();
    expect(rotated.publishableKey).toMatch(/^pk_/);
    expect((await catalog(t, rotated.publishableKey)).statusCode).toBe(200);
    expect((await catalog(t, owner.publishableKey)).statusCode).toBe(200);
    await eventually(async () => (await catalog(t, owner.publishableKey)).statusCode === 401, 10_000);
    expect((await catalog(t, rotated.publishableKey)).statusCode).toBe(200);
  });

  it('lets only the current secret key rotate, so a leaked old key cannot take over', async () => {
    const owner = await buildTenant(t.db);
    const rotated = (await rotate(t, owner.secretKey, { keys: ['secret'] })).json();
    const again = await rotate(t, owner.secretKey, { keys: ['secret'] });
    expect(again.statusCode).toBe(401);
    expect((await backOffice(t, rotated.secretKey)).statusCode).toBe(200);
  });

  it('revokes the old keys at once with revokeImmediately', async () => {
    const owner = await buildTenant(t.db);
    const first = (await rotate(t, owner.secretKey, { keys: ['secret'] })).json();
    const second = (await rotate(t, first.secretKey, { keys: ['secret'], revokeImmediately: true })).json();
    expect((await backOffice(t, owner.secretKey)).statusCode).toBe(401);
    expect((await backOffice(t, first.secretKey)).statusCode).toBe(401);
    expect((await backOffice(t, second.secretKey)).statusCode).toBe(200);
  });

  it.each([
    ['no keys', { keys: [] }],
    ['an unknown key kind', { keys: ['admin'] }],
    ['the same key twice', { keys: ['secret', 'secret'] }],
    ['an unknown field', { keys: ['secret'], tenantId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s with 400 and changes no key', async (_what, payload) => {
    const owner = await buildTenant(t.db);
    const response = await rotate(t, owner.secretKey, payload);
    expect(response.statusCode).toBe(400);
    expect((await backOffice(t, owner.secretKey)).statusCode).toBe(200);
    const [row] = await t.db.query('SELECT count(*)::int AS n FROM retired_tenant_keys WHERE tenant_id = $1', [owner.tenant.id]);
    expect(row.n).toBe(0);
  });

  it('answers 401 to every key of a disabled tenant, current and retired, and serves them again once enabled', async () => {
    const owner = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    const rotated = (await rotate(t, owner.secretKey, { keys: ['secret'] })).json();
    expect(rotated.secretKey).toMatch(/^sk_/);
    const disabled = await setDisabled(t, owner.tenant.id, true);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: owner.tenant.id, disabled: true, disabledAt: expect.any(String) });
    for (const key of [owner.secretKey, rotated.secretKey]) expect((await backOffice(t, key)).statusCode).toBe(401);
    expect((await catalog(t, owner.publishableKey)).statusCode).toBe(401);
    expect((await catalog(t, other.publishableKey)).statusCode).toBe(200);

    expect((await setDisabled(t, owner.tenant.id, false)).json()).toMatchObject({ disabled: false, disabledAt: null });
    expect((await backOffice(t, rotated.secretKey)).statusCode).toBe(200);
    expect((await catalog(t, owner.publishableKey)).statusCode).toBe(200);
  });

  it('refuses the tenant switch without the platform token, for an unknown tenant and with a bad body', async () => {
    const owner: TestTenant = await buildTenant(t.db);
    const noToken = await t.app.inject({ method: 'PATCH', url: `/v1/platform/tenants/${owner.tenant.id}`, payload: { disabled: true } });
    expect(noToken.statusCode).toBe(401);
    expect((await setDisabled(t, '00000000-0000-4000-8000-000000000000', true)).statusCode).toBe(404);
    expect((await setDisabled(t, owner.tenant.id, 'yes')).statusCode).toBe(400);
    expect((await catalog(t, owner.publishableKey)).statusCode).toBe(200);
  });
});

describe('a disabled tenant\'s open proposals', () => {
  const bed = useWorkerTestbed(() => ({ PROPOSAL_TTL: '2s', PLATFORM_ADMIN_TOKEN: TOKEN }));

  it('expire on their own timer, like any unconfirmed proposal', async () => {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner));
    expect((await setDisabled(bed.t, bed.owner.tenant.id, true)).statusCode).toBe(200);
    const confirm = await bed.t.app.inject({
      method: 'POST',
      url: `/v1/proposals/${proposal.id}/confirm`,
      headers: { 'x-tenant-key': bed.owner.publishableKey },
      payload: { sessionId: proposal.sessionId },
    });
    expect(confirm.statusCode).toBe(401);
    const expired = await eventually(async () => {
      const row = await bed.t.db.getRepository(ProposalEntity).findOneByOrFail({ id: proposal.id });
      return row.status === 'EXPIRED' ? row : undefined;
    });
    expect(expired.failureReason).toMatch(/not confirmed in time/);
  });
});
