import { createHash, randomBytes } from 'node:crypto';

export function generatePublishableKey(): string {
  return `pk_${randomBytes(24).toString('base64url')}`;
}

export function generateSecretKey(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

/** Secret keys carry 256 random bits, so a plain sha256 is a safe one-way lookup key. */
export function hashSecretKey(secretKey: string): string {
  return createHash('sha256').update(secretKey).digest('hex');
}
