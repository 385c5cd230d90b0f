import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The customer's manage link (`/manage/<token>`): `<payload>.<signature>`, both base64url, where the
 * payload is `bookingId:tenantId:expiresAtSeconds` and the signature is HMAC-SHA256 over it with
 * MANAGE_LINK_SECRET. The link is the capability: whoever holds it may cancel or move that booking
 * until it expires, and nothing in it can be guessed or changed without the secret.
 */

export interface ManageLinkClaims {
  bookingId: string;
  tenantId: string;
  expiresAt: Date;
}

export type ManageTokenCheck = { valid: true; claims: ManageLinkClaims } | { valid: false; reason: 'invalid' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Two UUIDs and a timestamp come to about 140 characters; anything much longer is not ours.
export const MANAGE_TOKEN_MAX_LENGTH = 256;

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`manage-link:${payload}`).digest();
}

export function createManageToken(secret: string, claims: ManageLinkClaims): string {
  const payload = `${claims.bookingId}:${claims.tenantId}:${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${Buffer.from(payload).toString('base64url')}.${sign(secret, payload).toString('base64url')}`;
}

export function manageLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/manage/${token}`;
}

/** Signature first (constant-time), then the claims; a link past its expiry is told apart from a bad one. */
export function verifyManageToken(secret: string, token: string, now: Date = new Date()): ManageTokenCheck {
  if (token.length > MANAGE_TOKEN_MAX_LENGTH) return { valid: false, reason: 'invalid' };
  const [encodedPayload, encodedSignature, ...rest] = token.split('.');
  if (!encodedPayload || !encodedSignature || rest.length > 0) return { valid: false, reason: 'invalid' };
  const payload = Buffer.from(encodedPayload, 'base64url').toString('utf8');
  const given = Buffer.from(encodedSignature, 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'invalid' };
  const [bookingId, tenantId, expires, ...extra] = payload.split(':');
  const expiresSeconds = Number(expires);
  if (extra.length > 0 || !UUID.test(bookingId ?? '') || !UUID.test(tenantId ?? '') || !Number.isSafeInteger(expiresSeconds)) {
    return { valid: false, reason: 'invalid' };
  }
  const expiresAt = new Date(expiresSeconds * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { valid: false, reason: 'expired' };
  return { valid: true, claims: { bookingId, tenantId, expiresAt } };
}
