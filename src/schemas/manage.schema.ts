import { z } from 'zod';
import { MANAGE_TOKEN_MAX_LENGTH } from '../services/manage-link';
import { ZDate } from './proposal.schema';

/** `/manage/:token`: base64url payload and signature; the signature check comes after this. */
export const ZManageParams = z.strictObject({
  token: z.string().max(MANAGE_TOKEN_MAX_LENGTH).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a manage link'),
});
export type TManageParams = z.infer<typeof ZManageParams>;

/** The Cancel form posts no fields. */
export const ZCancelForm = z.strictObject({});

/** The Reschedule form: the new date. */
export const ZRescheduleForm = z.strictObject({ date: ZDate });
export type TRescheduleForm = z.infer<typeof ZRescheduleForm>;
