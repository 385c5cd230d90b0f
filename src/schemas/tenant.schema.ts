import { z } from 'zod';
import { ZCancellationPolicy } from './cancellation-policy.schema';
import { ZEmail } from './proposal.schema';
import { ZAllowedOrigins, ZBusinessHoursPatch, ZClosedDateList, ZCurrency, ZTenantName, ZTimeZone } from './settings.schema';

/** The settings of `PATCH /v1/admin/settings`, all optional, so a tenant can start fully set up. */
export const ZCreateTenantBody = z
  .strictObject({
    name: ZTenantName,
    timezone: ZTimeZone.optional(),
    currency: ZCurrency.optional(),
    /** Weekdays not given keep the default hours (Mon-Fri 09-17, Sat 10-14, Sun closed). */
    businessHours: ZBusinessHoursPatch.optional(),
    closedDates: ZClosedDateList.optional(),
    notificationEmail: ZEmail.optional(),
    /** The older name of notificationEmail, still accepted. */
    contactEmail: ZEmail.optional(),
    allowedOrigins: ZAllowedOrigins.optional(),
    cancellationPolicy: ZCancellationPolicy.optional(),
  })
  .refine((body) => body.notificationEmail === undefined || body.contactEmail === undefined, {
    message: 'give notificationEmail or contactEmail, not both',
    path: ['contactEmail'],
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
