import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import { findTenantByKey, type TenantByKey } from '../services/find-tenant-by-key';
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
  const found = await findTenantByKey(db, 'publishable', key);
  if (!found) throw new AppError('UNAUTHENTICATED', 'Missing or unknown X-Tenant-Key');
  return found.tenant;
}

/** Back-office routes: `Authorization: Bearer sk_...`, compared by its hash; a rotated key works through its grace period. */
export async function authenticateSecretKey(db: DataSource, request: FastifyRequest): Promise<TenantEntity> {
  return (await findBySecretKey(db, request)).tenant;
}

/** Key rotation: only the current secret key may make new keys, so a leaked old one cannot take over. */
export async function authenticateCurrentSecretKey(db: DataSource, request: FastifyRequest): Promise<TenantEntity> {
  const found = await findBySecretKey(db, request);
  if (found.retired) throw new AppError('UNAUTHENTICATED', 'This secret key was rotated: use the current one to rotate keys');
  return found.tenant;
}

async function findBySecretKey(db: DataSource, request: FastifyRequest): Promise<TenantByKey> {
  const key = bearerToken(request);
  if (!key || !key.startsWith('sk_') || !KEY_PATTERN.test(key)) {
    throw new AppError('UNAUTHENTICATED', 'Missing or unknown secret key (Authorization: Bearer sk_...)');
  }
  const found = await findTenantByKey(db, 'secret', hashSecretKey(key));
  if (!found) throw new AppError('UNAUTHENTICATED', 'Missing or unknown secret key (Authorization: Bearer sk_...)');
  return found;
}

/** Platform routes: `Authorization: Bearer <PLATFORM_ADMIN_TOKEN>`, compared in constant time. */
export function authenticatePlatformToken(expected: string, request: FastifyRequest): void {
  const given = Buffer.from(bearerToken(request) ?? '');
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AppError('UNAUTHENTICATED', 'Missing or wrong platform token');
  }
}
