import { ZIdParams } from '../../schemas/admin.schema';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { ZCreatedTenant, ZCreateTenantBody, ZPlatformTenant, ZUpdatePlatformTenantBody } from '../../schemas/tenant.schema';
import { createTenant } from '../../services/create-tenant';
import { setTenantDisabled } from '../../services/set-tenant-disabled';
import { platformTokenRoutes } from '../route-scopes';

// Operators create tenants by hand or from a script; anything faster is guessing the token.
const PLATFORM_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
const tags = ['platform'];

/** docs/api.md platform operator routes; without PLATFORM_ADMIN_TOKEN they do not exist (404). */
export const platformRoutes = platformTokenRoutes(async (app, deps) => {
  if (!deps.config.PLATFORM_ADMIN_TOKEN) return;

  app.post(
    '/v1/platform/tenants',
    {
      config: { rateLimit: PLATFORM_RATE_LIMIT },
      schema: { tags, summary: 'Create a tenant and its keys', body: ZCreateTenantBody, response: { 201: ZCreatedTenant, ...ERROR_RESPONSES } },
    },
    async (request, reply) => reply.status(201).send(await createTenant(deps.db, request.body)),
  );

  app.patch(
    '/v1/platform/tenants/:id',
    {
      config: { rateLimit: PLATFORM_RATE_LIMIT },
      schema: { tags, summary: 'Disable or re-enable a tenant', params: ZIdParams, body: ZUpdatePlatformTenantBody, response: { 200: ZPlatformTenant, ...ERROR_RESPONSES } },
    },
    async (request) => setTenantDisabled(deps.db, request.params.id, request.body.disabled),
  );
});
