import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app-deps';
import type { TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import { authenticateCurrentSecretKey, authenticatePlatformToken, authenticateSecretKey, authenticateTenantKey } from './auth';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller's tenant, set by the onRequest hook of a tenant scope (frontendRoutes,
     * secretKeyRoutes, currentSecretKeyRoutes) before validation and the handler run; null elsewhere.
     */
    tenant: TenantEntity;
  }
}

/** Names of the OpenAPI security schemes (see openapi.ts). */
export const SECURITY_SCHEMES = {
  tenantKey: { type: 'apiKey', in: 'header', name: 'X-Tenant-Key', description: 'publishable key `pk_...` (frontends)' },
  secretKey: { type: 'http', scheme: 'bearer', description: 'secret key `sk_...` (the tenant back office)' },
  platformToken: { type: 'http', scheme: 'bearer', description: 'PLATFORM_ADMIN_TOKEN (the platform operator)' },
} as const;

interface Scope {
  authenticate: (deps: AppDeps, request: FastifyRequest) => Promise<void>;
  security: keyof typeof SECURITY_SCHEMES;
}

type RouteHook = (request: FastifyRequest) => Promise<void>;

function hooksOf(value: RouteOptions['onRequest']): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A route plugin whose every route runs `scope.authenticate` as an onRequest hook and is documented
 * with the scope's security scheme. The hook is appended in onRoute, after the rate limiter's own
 * onRequest hook, so a guessed key is rate limited like any other request.
 */
function scoped(scope: Scope | undefined, routes: FastifyPluginAsyncZod<AppDeps>): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    if (scope) {
      const authenticate: RouteHook = (request) => scope.authenticate(deps, request);
      app.addHook('onRoute', (route) => {
        route.onRequest = [...hooksOf(route.onRequest), authenticate] as RouteOptions['onRequest'];
        route.schema = { ...route.schema, security: [{ [scope.security]: [] }] };
      });
    }
    await routes(app.withTypeProvider<ZodTypeProvider>(), deps);
  };
}

/** Routes anyone may call (health, Stripe's signed webhook, pages, docs): authentication, if any, is the route's own. */
export const publicRoutes = (routes: FastifyPluginAsyncZod<AppDeps>) => scoped(undefined, routes);

/** Frontend routes: `X-Tenant-Key: pk_...`; `request.tenant` is its tenant. */
export const frontendRoutes = (routes: FastifyPluginAsyncZod<AppDeps>) =>
  scoped(
    {
      security: 'tenantKey',
      authenticate: async (deps, request) => {
        request.tenant = await authenticateTenantKey(deps.db, request);
      },
    },
    routes,
  );

/** Back-office routes: `Authorization: Bearer sk_...` (a rotated key works through its grace period). */
export const secretKeyRoutes = (routes: FastifyPluginAsyncZod<AppDeps>) =>
  scoped(
    {
      security: 'secretKey',
      authenticate: async (deps, request) => {
        request.tenant = await authenticateSecretKey(deps.db, request);
      },
    },
    routes,
  );

/** Key rotation: only the current secret key, never one in its grace period. */
export const currentSecretKeyRoutes = (routes: FastifyPluginAsyncZod<AppDeps>) =>
  scoped(
    {
      security: 'secretKey',
      authenticate: async (deps, request) => {
        request.tenant = await authenticateCurrentSecretKey(deps.db, request);
      },
    },
    routes,
  );

/** Platform operator routes: `Authorization: Bearer <PLATFORM_ADMIN_TOKEN>`; refused outright while the token is unset. */
export const platformTokenRoutes = (routes: FastifyPluginAsyncZod<AppDeps>) =>
  scoped(
    {
      security: 'platformToken',
      authenticate: async (deps, request) => {
        const token = deps.config.PLATFORM_ADMIN_TOKEN;
        if (!token) throw new AppError('UNAUTHENTICATED', 'Missing or wrong platform token');
        authenticatePlatformToken(token, request);
      },
    },
    routes,
  );

/**
 * Declares `request.tenant` once, so every request object has the same shape. It is typed non-null
 * because only tenant scopes' handlers read it, and their onRequest hook has set it by then.
 */
export function decorateRequestTenant(app: FastifyInstance): void {
  app.decorateRequest('tenant', null as unknown as TenantEntity);
}
