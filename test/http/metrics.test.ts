import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../src/integrations/embedded/free-port';
import { startWorkerMetricsServer } from '../../src/worker-metrics';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** The value of one sample line of the Prometheus text, e.g. `http_requests_total{...}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && wanted.every((pair) => row.includes(pair)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics on the API', () => {
  let t: TestApp;
  let owner: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await buildTenant(t.db, { name: 'Metrics Studio' });
  });
  afterAll(async () => t.close());

  const scrape = async (): Promise<string> => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.body;
  };

  it('counts requests by route pattern and status, and times them', async () => {
    const labels = { method: 'GET', route: '/v1/catalog', status_code: '200' };
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) {
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.publishableKey } });
      expect(response.statusCode).toBe(200);
    }
    const unauthenticated = await t.app.inject({ method: 'GET', url: '/v1/catalog' });
    expect(unauthenticated.statusCode).toBe(401);
    const after = await scrape();
    expect(sample(after, 'http_requests_total', labels) - sample(before, 'http_requests_total', labels)).toBe(3);
    expect(sample(after, 'http_requests_total', { ...labels, status_code: '401' }) - sample(before, 'http_requests_total', { ...labels, status_code: '401' })).toBe(1);
    expect(sample(after, 'http_request_duration_seconds_count', labels) - sample(before, 'http_request_duration_seconds_count', labels)).toBe(3);
    // Ids never become labels: a proposal path is counted under its pattern.
    await t.app.inject({ method: 'GET', url: `/v1/proposals/${owner.tenant.id}?sessionId=${owner.tenant.id}`, headers: { 'x-tenant-key': owner.publishableKey } });
    const withProposal = await scrape();
    expect(withProposal).toContain('route="/v1/proposals/:proposalId"');
    expect(withProposal).not.toContain(owner.tenant.id);
  });

  it('counts webhook events by outcome', async () => {
    const before = sample(await scrape(), 'stripe_webhook_events_total', { outcome: 'rejected' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=bad' },
      payload: '{"id":"evt_1"}',
    });
    expect(response.statusCode).toBe(400);
    expect(sample(await scrape(), 'stripe_webhook_events_total', { outcome: 'rejected' })).toBe(before + 1);
  });
});

describe("the worker's /metrics", () => {
  let sdk: http.Server;
  beforeAll(async () => {
    // Stands in for the Temporal SDK's exporter, whose text the worker appends to its own.
    sdk = http.createServer((_request, response) => response.end('# TYPE temporal_worker_task_slots_available gauge\ntemporal_worker_task_slots_available 7\n'));
    await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => new Promise<void>((resolve) => sdk.close(() => resolve())));

  it('serves its own registry merged with the SDK exporter', async () => {
    const { port } = sdk.address() as AddressInfo;
    const server = await startWorkerMetricsServer({ host: '127.0.0.1', port: await freePort(), sdkMetricsUrl: `http://127.0.0.1:${port}/metrics` });
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('booking_proposals_finished_total');
      expect(text).toContain('process_cpu_seconds_total');
      expect(text).toContain('temporal_worker_task_slots_available 7');
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
