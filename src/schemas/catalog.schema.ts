import { z } from 'zod';
import { ZDate } from './proposal.schema';

/** Dates in a query: the shared ZDate (a real calendar date Postgres can store). */
export const ZQueryDate = ZDate;

/** Routes that take no query parameters still refuse unknown ones. */
export const ZNoQuery = z.strictObject({});

/** `GET /v1/availability`: the range checks (order, at most 92 days) live in getAvailability. */
export const ZAvailabilityQuery = z.strictObject({ from: ZQueryDate, to: ZQueryDate });
export type TAvailabilityQuery = z.infer<typeof ZAvailabilityQuery>;
