import { z } from 'zod';

/**
 * How much a customer gets back when they cancel, by days left before the booked date (in the
 * tenant's time zone): everything until `fullRefundDaysBefore`, then `partialRefundPercent`, and
 * nothing within `noRefundDaysBefore` days of the date.
 */
export const ZCancellationPolicy = z
  .strictObject({
    fullRefundDaysBefore: z.int().min(0).max(365),
    partialRefundPercent: z.int().min(0).max(100),
    noRefundDaysBefore: z.int().min(0).max(365),
  })
  .refine((policy) => policy.noRefundDaysBefore <= policy.fullRefundDaysBefore, {
    message: 'noRefundDaysBefore must not be more than fullRefundDaysBefore',
  });
export type TCancellationPolicy = z.infer<typeof ZCancellationPolicy>;

/** A week ahead: full refund; 2 to 6 days ahead: half; the last 2 days: none. */
export const DEFAULT_CANCELLATION_POLICY: TCancellationPolicy = {
  fullRefundDaysBefore: 7,
  partialRefundPercent: 50,
  noRefundDaysBefore: 2,
};
