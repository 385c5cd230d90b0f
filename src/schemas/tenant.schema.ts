import { z } from 'zod';
import { isSupportedCurrency } from '../domain/money';
import { ZEmail } from './proposal.schema';
import { ZText } from './text.schema';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z.string().min(1).max(64).refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin');
export const ZCurrency = z
  .string()
  .refine(isSupportedCurrency, 'expected an ISO 4217 currency code such as usd, eur or jpy (isk and ugx are not supported)')
  .transform((code) => code.toLowerCase());

export const ZCreateTenantBody = z.strictObject({
  name: ZText({ max: 120 }),
  timezone: ZTimeZone.optional(),
  currency: ZCurrency.optional(),
  /** Beyond docs/api.md: where booking notifications go. */
  contactEmail: ZEmail.optional(),
});
export type TCreateTenantBody = z.infer<typeof ZCreateTenantBody>;

export const ZCreatedTenant = z.object({
  id: z.string(),
  name: z.string(),
  publishableKey: z.string(),
  secretKey: z.string(),
});
export type TCreatedTenant = z.infer<typeof ZCreatedTenant>;

export const ZUpdatePlatformTenantBody = z.strictObject({ disabled: z.boolean() });
export type TUpdatePlatformTenantBody = z.infer<typeof ZUpdatePlatformTenantBody>;

export const ZPlatformTenant = z.object({
  id: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
});
export type TPlatformTenant = z.infer<typeof ZPlatformTenant>;
