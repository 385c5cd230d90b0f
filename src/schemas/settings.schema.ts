import { z } from 'zod';
import { daysBetween } from '../domain/calendar';
import { isSupportedCurrency } from '../domain/money';
import { ZCancellationPolicy } from './cancellation-policy.schema';
import { ZDate, ZEmail } from './proposal.schema';
import { ZText } from './text.schema';

/** Stored closed dates (today and later): a year of closed days is more than any business needs. */
export const MAX_CLOSED_DATES = 366;
/** Entries in one `closedDates.add` or `.remove` list; a range counts as one. */
export const MAX_CLOSED_DATE_ITEMS = 100;
/** Origins a tenant may list: a few sites and their staging copies. */
export const MAX_ALLOWED_ORIGINS = 20;
/** Matches a page served from localhost on any port (development). */
export const ANY_LOCALHOST_ORIGIN = 'http://localhost:*';

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// Names land in emails, the chat prompt and Stripe: no control or invisible characters there.
export const ZTenantName = ZText({ max: 120 });

// Intl's own spelling of each zone it lists, by lower case, to store `europe/berlin` as `Europe/Berlin`.
const KNOWN_ZONES = new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => [zone.toLowerCase(), zone]));

/**
 * The zone in Intl's spelling (`europe/berlin` → `Europe/Berlin`), undefined when Intl does not know
 * it. Names are kept, not mapped to ICU's canonical aliases (which would turn Asia/Kolkata into
 * Asia/Calcutta).
 */
export function canonicalTimeZone(zone: string): string | undefined {
  // Area/Location names and UTC only: Intl also takes offsets like "+01:00", which are no IANA zone.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return undefined;
  }
  return KNOWN_ZONES.get(zone.toLowerCase()) ?? zone;
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

export const ZTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin')
  .transform((zone) => canonicalTimeZone(zone) ?? zone);

export const ZCurrency = z
  .string()
  .refine(isSupportedCurrency, 'expected an ISO 4217 currency code such as usd, eur or jpy (isk and ugx are not supported)')
  .transform((code) => code.toLowerCase());

const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (00:00 to 23:59)');

/** One weekday: its opening hours, or null when closed. */
export const ZDayHours = z
  .strictObject({ open: ZClockTime, close: ZClockTime })
  .refine((hours) => hours.open < hours.close, { message: '`open` must be before `close`', path: ['close'] })
  .nullable();
export type TDayHours = z.infer<typeof ZDayHours>;

/** Only the weekdays given change. */
export const ZBusinessHoursPatch = z.strictObject({
  mon: ZDayHours.optional(),
  tue: ZDayHours.optional(),
  wed: ZDayHours.optional(),
  thu: ZDayHours.optional(),
  fri: ZDayHours.optional(),
  sat: ZDayHours.optional(),
  sun: ZDayHours.optional(),
});
export type TBusinessHoursPatch = z.infer<typeof ZBusinessHoursPatch>;

/** A run of closed days, both ends included, at most a year long. */
const ZClosedDateRange = z
  .strictObject({ from: ZDate, to: ZDate })
  .refine((range) => range.from <= range.to, { message: '`to` must not be before `from`', path: ['to'] })
  .refine((range) => daysBetween(range.from, range.to) <= MAX_CLOSED_DATES, {
    message: `a range covers at most ${MAX_CLOSED_DATES} days`,
    path: ['to'],
  });
export const ZClosedDateItem = z.union([ZDate, ZClosedDateRange]);
export type TClosedDateItem = z.infer<typeof ZClosedDateItem>;
export const ZClosedDateList = z.array(ZClosedDateItem).max(MAX_CLOSED_DATE_ITEMS);

export const ZClosedDatesPatch = z.strictObject({
  add: ZClosedDateList.optional(),
  remove: ZClosedDateList.optional(),
});
export type TClosedDatesPatch = z.infer<typeof ZClosedDatesPatch>;

/** `scheme://host[:port]` as a browser sends it in `Origin` (lower case, no default port), or undefined. */
export function normalizeOrigin(text: string): string | undefined {
  if (text === ANY_LOCALHOST_ORIGIN) return text;
  // No path, query, fragment or credentials: an Origin header never has them. A trailing slash is forgiven.
  if (!/^https?:\/\/[^/?#@\s\\]+\/?$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.hostname ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const ZAllowedOrigin = z
  .string()
  .max(255)
  .transform((text, ctx) => {
    const origin = normalizeOrigin(text);
    if (origin) return origin;
    ctx.addIssue({ code: 'custom', message: `expected an origin such as https://shop.example or ${ANY_LOCALHOST_ORIGIN} (http or https, no path)` });
    return z.NEVER;
  });
/** The whole list; duplicates (after normalising) are kept once. */
export const ZAllowedOrigins = z
  .array(ZAllowedOrigin)
  .max(MAX_ALLOWED_ORIGINS)
  .transform((origins) => [...new Set(origins)]);

/** `PATCH /v1/admin/settings`: any of these; fields left out keep their value. */
export const ZUpdateSettingsBody = z
  .strictObject({
    name: ZTenantName.optional(),
    timezone: ZTimeZone.optional(),
    currency: ZCurrency.optional(),
    businessHours: ZBusinessHoursPatch.optional(),
    closedDates: ZClosedDatesPatch.optional(),
    /** null: no notification emails. */
    notificationEmail: ZEmail.nullable().optional(),
    allowedOrigins: ZAllowedOrigins.optional(),
    cancellationPolicy: ZCancellationPolicy.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'expected at least one setting to change');
export type TUpdateSettingsBody = z.infer<typeof ZUpdateSettingsBody>;

export const ZTenantSettings = z.object({
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  businessHours: z.record(z.enum(WEEKDAY_KEYS), z.object({ open: z.string(), close: z.string() }).nullable()),
  /** Today and later, ascending. */
  closedDates: z.array(z.string()),
  notificationEmail: z.string().nullable(),
  allowedOrigins: z.array(z.string()),
  cancellationPolicy: ZCancellationPolicy,
});
export type TTenantSettings = z.infer<typeof ZTenantSettings>;
