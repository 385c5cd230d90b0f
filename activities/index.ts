import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';
import { createMailer, type Mailer } from '../src/integrations/mailer';
import { createStripeClient } from '../src/integrations/stripe';
import { createBookingChangeEmailActivities } from './booking-change-email.activities';
import { createBookingActivities } from './booking.activities';
import { createCancellationActivities } from './cancellation.activities';
import { createCleanupActivities } from './cleanup.activities';
import { createEmailActivities } from './email.activities';
import { createHoldSweepActivities } from './hold-sweep.activities';
import { createPaymentActivities } from './payment.activities';
import { createProposalStatusActivities } from './proposal-status.activities';
import { createRescheduleActivities } from './reschedule.activities';

/** What every activity may use; the worker builds it once. Stripe and the mailer come from config unless given. */
export interface ActivityDeps {
  config: Config;
  db: DataSource;
  stripe?: Stripe;
  mailer?: Mailer;
}

/** Every activity the worker registers (samples-typescript activities-dependency-injection). */
export function createActivities(deps: ActivityDeps) {
  const { config, db } = deps;
  const stripe = deps.stripe ?? createStripeClient(config);
  const mailer = deps.mailer ?? createMailer(config);
  return {
    ...createCleanupActivities(db),
    ...createHoldSweepActivities({ db, stripe, paymentHoldMs: config.PAYMENT_HOLD }),
    ...createBookingActivities({ db }),
    ...createPaymentActivities({ config, db, stripe }),
    ...createEmailActivities({ config, db, mailer }),
    ...createProposalStatusActivities({ db }),
    ...createCancellationActivities({ db, stripe }),
    ...createRescheduleActivities({ db }),
    ...createBookingChangeEmailActivities({ config, db, mailer }),
  };
}

export type BookingActivities = ReturnType<typeof createActivities>;

export type { CreateLockedBookingInput, LockedBooking, ConfirmBookingInput, SettleLatePaymentInput, SettledLatePayment } from './booking.activities';
export type { ActivityFailureType } from './failures';
export type { CheckoutSessionRef, CreateCheckoutSessionInput, ExpireBookingResult, RefundPaymentInput } from './payment.activities';
export type { ConfirmationEmailResult, SendConfirmationEmailInput } from './email.activities';
export type { RecordProposalStatusInput } from './proposal-status.activities';
export type { CancellationPlan, MarkCanceledInput, RefundCancellationInput } from './cancellation.activities';
export type { MovedBooking } from './reschedule.activities';
export type { BookingChangeEmailInput, BookingChangeEmailResult, RescheduleEmailInput } from './booking-change-email.activities';
