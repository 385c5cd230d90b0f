import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { ZNoQuery } from '../../schemas/catalog.schema';
import { ZUpdateSettingsBody } from '../../schemas/settings.schema';
import { getTenantSettings, updateTenantSettings } from '../../services/tenant-settings';
import { authenticateSecretKey } from '../auth';
import { parseInput } from '../validation';

/** docs/api.md "Settings": the key's tenant only; the answer is always the full settings. */
export const settingsRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/v1/admin/settings', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    parseInput(ZNoQuery, request.query, 'query');
    return getTenantSettings(deps.db, tenant.id);
  });

  app.patch('/v1/admin/settings', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    const input = parseInput(ZUpdateSettingsBody, request.body, 'body');
    return updateTenantSettings(deps.db, tenant.id, input);
  });
};
