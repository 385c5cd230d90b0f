import {
  ZAdminBooking,
  ZAdminBookingList,
  ZAdminPackage,
  ZAdminPackageList,
  ZCancelBookingBody,
  ZCreatePackageBody,
  ZIdParams,
  ZListBookingsQuery,
  ZUpdatePackageBody,
} from '../../schemas/admin.schema';
import { ZNoQuery } from '../../schemas/catalog.schema';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { createPackage, listPackages, updatePackage } from '../../services/admin-packages';
import { cancelBooking } from '../../services/cancel-booking';
import { listBookings } from '../../services/list-bookings';
import { secretKeyRoutes } from '../route-scopes';

const tags = ['back office'];

/** docs/api.md back office (`Authorization: Bearer sk_...`): every call acts on the key's tenant only. */
export const adminRoutes = secretKeyRoutes(async (app, deps) => {
  app.get(
    '/v1/admin/packages',
    { schema: { tags, summary: 'All packages, active or not', querystring: ZNoQuery, response: { 200: ZAdminPackageList, ...ERROR_RESPONSES } } },
    async (request) => ({ packages: await listPackages(deps.db, request.tenant.id) }),
  );

  app.post(
    '/v1/admin/packages',
    { schema: { tags, summary: 'Create a package', body: ZCreatePackageBody, response: { 201: ZAdminPackage, ...ERROR_RESPONSES } } },
    async (request, reply) => reply.status(201).send(await createPackage(deps.db, request.tenant, request.body)),
  );

  app.patch(
    '/v1/admin/packages/:id',
    { schema: { tags, summary: 'Change a package', params: ZIdParams, body: ZUpdatePackageBody, response: { 200: ZAdminPackage, ...ERROR_RESPONSES } } },
    async (request) => updatePackage(deps.db, request.tenant.id, request.params.id, request.body),
  );

  app.get(
    '/v1/admin/bookings',
    { schema: { tags, summary: 'Bookings by date, optionally by status', querystring: ZListBookingsQuery, response: { 200: ZAdminBookingList, ...ERROR_RESPONSES } } },
    async (request) => ({ bookings: await listBookings(deps.db, request.tenant.id, request.query) }),
  );

  app.post(
    '/v1/admin/bookings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a booking (refunds a paid one)',
        params: ZIdParams,
        body: ZCancelBookingBody,
        response: { 200: ZAdminBooking, ...ERROR_RESPONSES },
      },
    },
    async (request) => cancelBooking({ config: deps.config, db: deps.db, temporal: deps.temporal }, request.tenant.id, request.params.id),
  );
});
