import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import {
  ZCancelBookingBody,
  ZCreatePackageBody,
  ZIdParams,
  ZListBookingsQuery,
  ZUpdatePackageBody,
} from '../../schemas/admin.schema';
import { ZNoQuery } from '../../schemas/catalog.schema';
import { createPackage, listPackages, updatePackage } from '../../services/admin-packages';
import { cancelBooking } from '../../services/cancel-booking';
import { listBookings } from '../../services/list-bookings';
import { authenticateSecretKey } from '../auth';
import { parseInput } from '../validation';

/** docs/api.md back office (`Authorization: Bearer sk_...`): every call acts on the key's tenant only. */
export const adminRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/v1/admin/packages', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    parseInput(ZNoQuery, request.query, 'query');
    return { packages: await listPackages(deps.db, tenant.id) };
  });

  app.post('/v1/admin/packages', async (request, reply) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    const input = parseInput(ZCreatePackageBody, request.body, 'body');
    return reply.status(201).send(await createPackage(deps.db, tenant, input));
  });

  app.patch('/v1/admin/packages/:id', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    const { id } = parseInput(ZIdParams, request.params, 'path');
    const input = parseInput(ZUpdatePackageBody, request.body, 'body');
    return updatePackage(deps.db, tenant.id, id, input);
  });

  app.get('/v1/admin/bookings', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    const query = parseInput(ZListBookingsQuery, request.query, 'query');
    return { bookings: await listBookings(deps.db, tenant.id, query) };
  });

  app.post('/v1/admin/bookings/:id/cancel', async (request) => {
    const tenant = await authenticateSecretKey(deps.db, request);
    const { id } = parseInput(ZIdParams, request.params, 'path');
    parseInput(ZCancelBookingBody, request.body, 'body');
    return cancelBooking({ config: deps.config, db: deps.db, temporal: deps.temporal }, tenant.id, id);
  });
};
