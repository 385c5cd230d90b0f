import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';

/** docs/api.md error format: every 4xx and 5xx of the API. */
export const ZErrorBody = z.object({
  error: z.string(),
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** Response schemas for the error answers any API route may give (validation, auth, rate limits, ...). */
export const ERROR_RESPONSES = { '4xx': ZErrorBody, '5xx': ZErrorBody } as const;
