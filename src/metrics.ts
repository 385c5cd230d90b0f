import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

/**
 * The service's Prometheus metrics, on prom-client's default registry: each process (API, worker)
 * has its own and serves it at `/metrics` (docs/operations.md, "Metrics"). Labels are bounded sets
 * (route patterns, statuses, outcomes), never ids.
 */
export const metricsRegistry = register;
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
});

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const proposalsFinished = new Counter({
  name: 'booking_proposals_finished_total',
  help: 'Booking proposals that reached a final status (COMPLETED = booked and paid), counted by the worker when it records the status (at least once)',
  labelNames: ['status'] as const,
});

export const webhookEvents = new Counter({
  name: 'stripe_webhook_events_total',
  help: 'Verified Stripe webhook events, by what the service did with them',
  labelNames: ['outcome'] as const,
});

export const confirmDuration = new Histogram({
  name: 'proposal_confirm_duration_seconds',
  help: 'Time of the confirm update (date hold and checkout session), by result',
  labelNames: ['result'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
});

export const chatModelCalls = new Counter({
  name: 'chat_model_calls_total',
  help: 'Messages API calls, by outcome (ok, transient_error, error)',
  labelNames: ['outcome'] as const,
});

export const chatModelTokens = new Counter({
  name: 'chat_model_tokens_total',
  help: 'Tokens reported by the Messages API, by direction (input, output)',
  labelNames: ['direction'] as const,
});
