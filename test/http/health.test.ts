import { createTestApp, type TestApp } from '../helpers/test-app';

describe('health routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('GET /healthz answers ok', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 when Postgres and Temporal answer', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('GET /readyz is 503 naming Postgres when the database is gone', async () => {
    const broken = await createTestApp();
    await broken.db.destroy();
    const response = await broken.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { postgres: 'unavailable', temporal: 'ok' } });
    await broken.app.close();
    await broken.temporal.close();
  });

  it('an unknown route is a 404 in the error format of docs/api.md', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'No route GET /nope', code: 'NOT_FOUND' });
  });
});
