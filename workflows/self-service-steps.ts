import { proxyActivities } from '@temporalio/workflow';
import type { BookingActivities } from '../activities';

/** The activity calls of cancelBooking and rescheduleBooking, with their timeouts and retry policies. */

// One short Postgres transaction (advisory locks at most): a database restart takes minutes, so keep
// trying, backing off to once a minute; the customer's page stops waiting long before.
export const database = proxyActivities<BookingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// stripe-node times out after 20 s and retries twice itself. A refund that is owed is owed however
// long Stripe is away: back off to every 5 minutes and never give up (same key on every attempt).
export const stripe = proxyActivities<BookingActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// Mail servers greylist and hiccup: retried for a day; the change stands either way.
export const email = proxyActivities<BookingActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
