import { z } from 'zod';
import { ZDate } from './proposal.schema';

// Postgres has no year 0 (it answers a date error, i.e. a 500) and nobody books a past century.
const EARLIEST_QUERY_DATE = '1900-01-01';
const LATEST_QUERY_DATE = '9999-12-31';

/** A YYYY-MM-DD date that Postgres and JavaScript both read the same way. */
export const ZQueryDate = ZDate.refine(
  (date) => date >= EARLIEST_QUERY_DATE && date <= LATEST_QUERY_DATE,
  `expected a date between ${EARLIEST_QUERY_DATE} and ${LATEST_QUERY_DATE}`,
);

/** Routes that take no query parameters still refuse unknown ones. */
export const ZNoQuery = z.strictObject({});

/** `GET /v1/availability`: the range checks (order, at most 92 days) live in getAvailability. */
export const ZAvailabilityQuery = z.strictObject({ from: ZQueryDate, to: ZQueryDate });
export type TAvailabilityQuery = z.infer<typeof ZAvailabilityQuery>;
