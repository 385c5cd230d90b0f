import type { FastifyInstance } from 'fastify';
import { httpRequestDuration, httpRequests, metricsRegistry } from '../metrics';

/** What `/metrics` answers: Prometheus's text format. */
export const METRICS_PATH = '/metrics';

/**
 * Counts every answer by route pattern (`/v1/proposals/:proposalId`, never the id) and times it;
 * and serves the registry at /metrics (no schema in the API document: it is for Prometheus).
 */
export function registerHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get(METRICS_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
}
