import { z } from 'zod';
import { ZDate } from './proposal.schema';

/** Dates in a query: the shared ZDate (a real calendar date Postgres can store). */
export const ZQueryDate = ZDate;

/** Routes that take no query parameters still refuse unknown ones. */
export const ZNoQuery = z.strictObject({});

/** `GET /v1/availability`: the range checks (order, at most 92 days) live in getAvailability. */
export const ZAvailabilityQuery = z.strictObject({ from: ZQueryDate, to: ZQueryDate });
export type TAvailabilityQuery = z.infer<typeof ZAvailabilityQuery>;

export const ZCatalog = z.object({
  tenant: z.object({ name: z.string(), timezone: z.string(), currency: z.string() }),
  packages: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), priceCents: z.number(), currency: z.string() })),
});
export type TCatalog = z.infer<typeof ZCatalog>;

export const ZDayAvailability = z.object({ date: z.string(), available: z.boolean() });
export type TDayAvailability = z.infer<typeof ZDayAvailability>;
export const ZAvailability = z.object({ dates: z.array(ZDayAvailability) });
