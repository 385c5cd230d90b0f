import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { ZIdParams } from '../../schemas/admin.schema';
import { ZCreateTenantBody, ZUpdatePlatformTenantBody } from '../../schemas/tenant.schema';
import { createTenant } from '../../services/create-tenant';
import { setTenantDisabled } from '../../services/set-tenant-disabled';
import { authenticatePlatformToken } from '../auth';
import { parseInput } from '../validation';

// Operators create tenants by hand or from a script; anything faster is guessing the token.
const PLATFORM_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

/** docs/api.md platform operator routes; without PLATFORM_ADMIN_TOKEN they do not exist (404). */
export const platformRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const token = deps.config.PLATFORM_ADMIN_TOKEN;
  if (!token) return;

  app.post('/v1/platform/tenants', { config: { rateLimit: PLATFORM_RATE_LIMIT } }, async (request, reply) => {
    authenticatePlatformToken(token, request);
    const input = parseInput(ZCreateTenantBody, request.body, 'body');
    return reply.status(201).send(await createTenant(deps.db, input));
  });
  app.patch('/v1/platform/tenants/:id', { config: { rateLimit: PLATFORM_RATE_LIMIT } }, async (request) => {
    authenticatePlatformToken(token, request);
    const { id } = parseInput(ZIdParams, request.params, 'path');
    const input = parseInput(ZUpdatePlatformTenantBody, request.body, 'body');
    return setTenantDisabled(deps.db, id, input.disabled);
  });
};
