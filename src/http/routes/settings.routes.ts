import { ZNoQuery } from '../../schemas/catalog.schema';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { ZTenantSettings, ZUpdateSettingsBody } from '../../schemas/settings.schema';
import { getTenantSettings, updateTenantSettings } from '../../services/tenant-settings';
import { secretKeyRoutes } from '../route-scopes';

const tags = ['back office'];

/** docs/api.md "Settings": the key's tenant only; the answer is always the full settings. */
export const settingsRoutes = secretKeyRoutes(async (app, deps) => {
  app.get(
    '/v1/admin/settings',
    { schema: { tags, summary: "The tenant's settings", querystring: ZNoQuery, response: { 200: ZTenantSettings, ...ERROR_RESPONSES } } },
    async (request) => getTenantSettings(deps.db, request.tenant.id),
  );

  app.patch(
    '/v1/admin/settings',
    { schema: { tags, summary: 'Change some settings (hours, closed dates, origins, policy…)', body: ZUpdateSettingsBody, response: { 200: ZTenantSettings, ...ERROR_RESPONSES } } },
    async (request) => updateTenantSettings(deps.db, request.tenant.id, request.body),
  );
});
