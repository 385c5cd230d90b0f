import { z } from 'zod';

export const ZRotateKeysBody = z.strictObject({
  /** Which keys get a successor; each is rotated at most once per call. */
  keys: z
    .array(z.enum(['publishable', 'secret']))
    .min(1)
    .max(2)
    .refine((keys) => new Set(keys).size === keys.length, 'list each key once'),
  /** For a leaked key: the old keys (and any still in a grace period) stop working at once. */
  revokeImmediately: z.boolean().optional(),
});
export type TRotateKeysBody = z.infer<typeof ZRotateKeysBody>;

export const ZRotatedKeys = z.object({
  publishableKey: z.string().optional(),
  /** Shown once, like at tenant creation; only its hash is stored. */
  secretKey: z.string().optional(),
  /** ISO time the replaced keys stop working. */
  previousKeysValidUntil: z.string(),
});
export type TRotatedKeys = z.infer<typeof ZRotatedKeys>;
