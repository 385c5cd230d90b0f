import type { TCancellationPolicy } from '../schemas/cancellation-policy.schema';
import { daysBetween } from './calendar';

export interface RefundQuote {
  /** Whole days from the tenant's today to the booked date (0: the date is today). */
  daysBefore: number;
  percent: number;
  refundCents: number;
}

/**
 * What a customer cancelling on `today` (the tenant's time zone) gets back of `paidCents`: all of it
 * at least `fullRefundDaysBefore` days ahead, nothing within `noRefundDaysBefore` days, the policy's
 * percentage in between (rounded down to the minor unit).
 */
export function quoteRefund(policy: TCancellationPolicy, today: string, eventDate: string, paidCents: number): RefundQuote {
  const daysBefore = daysBetween(today, eventDate) - 1;
  let percent = policy.partialRefundPercent;
  if (daysBefore >= policy.fullRefundDaysBefore) percent = 100;
  else if (daysBefore < policy.noRefundDaysBefore) percent = 0;
  return { daysBefore, percent, refundCents: Math.floor((paidCents * percent) / 100) };
}
