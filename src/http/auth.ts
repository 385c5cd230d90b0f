import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import { hashSecretKey } from '../services/tenant-keys';

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Frontend routes: the tenant comes from `X-Tenant-Key`, never from the body. */
export async function authenticateTenantKey(db: DataSource, request: FastifyRequest): Promise<TenantEntity> {
  const key = request.headers['x-tenant-key'];
  if (typeof key !== 'string' || !key.startsWith('pk_') || !KEY_PATTERN.test(key)) {
    throw new AppError('UNAUTHENTICATED', 'Missing or unknown X-Tenant-Key');
  }
  const tenant = await db.getRepository(TenantEntity).findOneBy({ publishableKey: key });
  if (!tenant) throw new AppError('UNAUTHENTICATED', 'Missing or unknown X-Tenant-Key');
  return tenant;
}

/** Back-office routes: `Authorization: Bearer sk_...`, compared by its hash. */
export async function authenticateSecretKey(db: DataSource, request: FastifyRequest): Promise<TenantEntity> {
  const key = bearerToken(request);
  if (!key || !key.startsWith('sk_') || !KEY_PATTERN.test(key)) {
    throw new AppError('UNAUTHENTICATED', 'Missing or unknown secret key (Authorization: Bearer sk_...)');
  }
  const tenant = await db.getRepository(TenantEntity).findOneBy({ secretKeyHash: hashSecretKey(key) });
  if (!tenant) throw new AppError('UNAUTHENTICATED', 'Missing or unknown secret key (Authorization: Bearer sk_...)');
  return tenant;
}

/** Platform routes: `Authorization: Bearer <PLATFORM_ADMIN_TOKEN>`, compared in constant time. */
export function authenticatePlatformToken(expected: string, request: FastifyRequest): void {
  const given = Buffer.from(bearerToken(request) ?? '');
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AppError('UNAUTHENTICATED', 'Missing or wrong platform token');
  }
}
