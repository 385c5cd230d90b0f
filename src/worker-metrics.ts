import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from './metrics';

// A scrape must not hang on the SDK's exporter.
const SDK_SCRAPE_TIMEOUT_MS = 2000;

export interface WorkerMetricsServer {
  url: string;
  close(): Promise<void>;
}

/** The Temporal SDK's own metrics (task slots, poll latency, workflow and activity counts), or nothing while unreachable. */
async function sdkMetrics(sdkMetricsUrl: string | undefined): Promise<string> {
  if (!sdkMetricsUrl) return '';
  try {
    const response = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}

/**
 * The worker's `GET /metrics`: this process's prom-client registry (bookings, emails, Node runtime)
 * followed by the SDK exporter's text, so Prometheus scrapes one target per worker.
 */
export async function startWorkerMetricsServer(options: { host: string; port: number; sdkMetricsUrl?: string }): Promise<WorkerMetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    Promise.all([metricsRegistry.metrics(), sdkMetrics(options.sdkMetricsUrl)])
      .then(([own, sdk]) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(sdk ? `${own}\n${sdk}` : own))
      .catch(() => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
