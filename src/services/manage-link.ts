import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The customer's manage link (`/manage/<token>`): `<payload>.<signature>`, both base64url, where the
 * payload is 36 bytes (booking id and tenant id as 16-byte UUIDs, then the expiry in Unix seconds as a
 * 32-bit unsigned integer) and the signature is HMAC-SHA256 over it with MANAGE_LINK_SECRET. The
 * token is 92 characters, within the router's 100-character path parameter. The link is the capability: whoever holds it may cancel or move that booking
 * until it expires, and nothing in it can be guessed or changed without the secret.
 */

export interface ManageLinkClaims {
  bookingId: string;
  tenantId: string;
  expiresAt: Date;
}

export type ManageTokenCheck = { valid: true; claims: ManageLinkClaims } | { valid: false; reason: 'invalid' | 'expired' };

const PAYLOAD_BYTES = 36;
export const MANAGE_TOKEN_MAX_LENGTH = 100;

function sign(secret: string, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update('manage-link:').update(payload).digest();
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createManageToken(secret: string, claims: ManageLinkClaims): string {
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(Math.max(0, Math.floor(claims.expiresAt.getTime() / 1000)));
  const payload = Buffer.concat([uuidBytes(claims.bookingId), uuidBytes(claims.tenantId), expiry]);
  return `${payload.toString('base64url')}.${sign(secret, payload).toString('base64url')}`;
}

export function manageLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/manage/${token}`;
}

/** Signature first (constant-time), then the claims; a link past its expiry is told apart from a bad one. */
export function verifyManageToken(secret: string, token: string, now: Date = new Date()): ManageTokenCheck {
  if (token.length > MANAGE_TOKEN_MAX_LENGTH) return { valid: false, reason: 'invalid' };
  const [encodedPayload, encodedSignature, ...rest] = token.split('.');
  if (!encodedPayload || !encodedSignature || rest.length > 0) return { valid: false, reason: 'invalid' };
  const payload = Buffer.from(encodedPayload, 'base64url');
  const given = Buffer.from(encodedSignature, 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'invalid' };
  if (payload.length !== PAYLOAD_BYTES) return { valid: false, reason: 'invalid' };
  const expiresAt = new Date(payload.readUInt32BE(32) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { valid: false, reason: 'expired' };
  return { valid: true, claims: { bookingId: uuidText(payload.subarray(0, 16)), tenantId: uuidText(payload.subarray(16, 32)), expiresAt } };
}
