import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps';
import type { Config } from './config';
import { registerCors } from './http/cors';
import { answerFrameworkError, registerErrorHandler } from './http/error-handler';
import { registerHttpMetrics } from './http/http-metrics';
import { registerOpenApi } from './http/openapi';
import { decorateRequestTenant } from './http/route-scopes';
import { adminRoutes } from './http/routes/admin.routes';
import { catalogRoutes } from './http/routes/catalog.routes';
import { checkoutReturnRoutes } from './http/routes/checkout-return.routes';
import { chatRoutes } from './http/routes/chat.routes';
import { healthRoutes } from './http/routes/health.routes';
import { homeRoutes } from './http/routes/home.routes';
import { keyRoutes } from './http/routes/keys.routes';
import { manageRoutes } from './http/routes/manage.routes';
import { platformRoutes } from './http/routes/platform.routes';
import { proposalRoutes } from './http/routes/proposals.routes';
import { settingsRoutes } from './http/routes/settings.routes';
import { stripeWebhookRoutes } from './http/routes/stripe-webhook.routes';
import { testCheckoutRoutes } from './http/routes/test-checkout.routes';
import { widgetRoutes } from './http/routes/widget.routes';
import { loggerOptions } from './logger';

// Chat messages are at most 2000 characters; nothing a frontend sends needs more than this.
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Fastify 5 ignores a bare hop count (it cannot check the peer); a count here means "the nearest N
 * hops are ours", which is right only when the API is reachable through those proxies alone.
 */
function toTrustProxy(setting: Config['TRUST_PROXY']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Builds the whole HTTP API without listening, so tests can `inject` into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.LOG_LEVEL === 'silent' ? false : { ...loggerOptions(deps.config.LOG_LEVEL), stream: deps.logStream },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: toTrustProxy(deps.config.TRUST_PROXY),
    frameworkErrors: answerFrameworkError,
  });
  registerErrorHandler(app);
  // Off by default; routes opt in with `config.rateLimit` (chat and proposals). `request.ip` is the
  // socket's peer unless TRUST_PROXY names the proxies allowed to report the client's address.
  // Counters live in this process: with N API replicas a client gets up to N times the limit (see
  // docs/operations.md, "Rate limits").
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => `${String(request.headers['x-tenant-key'] ?? '-')}|${request.ip}`,
  });
  decorateRequestTenant(app);
  // As before the schemas moved into the routes: a request without a body is validated as `{}`.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.schema?.body) request.body ??= {};
  });
  await registerOpenApi(app);
  registerHttpMetrics(app);

  // Before the routes: it answers preflights and marks frontend answers for the tenant's origins.
  await registerCors(app, deps.db);

  await app.register(healthRoutes, deps);
  await app.register(homeRoutes, deps);
  await app.register(widgetRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(chatRoutes, deps);
  await app.register(proposalRoutes, deps);
  await app.register(stripeWebhookRoutes, deps);
  // Where Stripe (or the test-mode page) sends the customer back after checkout.
  await app.register(checkoutReturnRoutes, deps);
  // The customer's own page behind the signed link in the confirmation email.
  await app.register(manageRoutes, deps);
  await app.register(adminRoutes, deps);
  await app.register(keyRoutes, deps);
  await app.register(settingsRoutes, deps);
  await app.register(platformRoutes, deps);
  if (deps.config.stripeTestMode) await app.register(testCheckoutRoutes, deps);
  return app;
}
