import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { CancelBookingResult } from '../../workflows/cancel-booking.messages';
import { type RescheduleBookingResult, rescheduleWorkflowId } from '../../workflows/reschedule-booking.messages';
import type { Config } from '../config';
import { BookingEntity, PackageEntity, TenantEntity } from '../db/entities';
import { addDays, todayInTimeZone } from '../domain/calendar';
import { formatPrice } from '../domain/money';
import { quoteRefund } from '../domain/refund-policy';
import type { BookingStatus } from '../domain/statuses';
import { AppError } from '../errors';
import { runBookingChangeWorkflow } from '../integrations/temporal-client';
import { DEFAULT_CANCELLATION_POLICY, ZCancellationPolicy } from '../schemas/cancellation-policy.schema';
import { runCancellation } from './cancel-booking';
import type { ManageLinkClaims } from './manage-link';

export interface ManageDeps {
  config: Config;
  db: DataSource;
  temporal: Client;
}

/** What the manage page shows; every text is escaped by the page. */
export interface ManagedBookingView {
  booking: BookingEntity;
  tenantName: string;
  service: string;
  date: string;
  status: BookingStatus;
  amount: string;
  /** The customer may still cancel or move it (CONFIRMED, date not passed). */
  changeable: boolean;
  /** What cancelling today would refund, formatted. */
  refundIfCanceled: string;
  /** The earliest date a move may go to (tomorrow in the tenant's zone). */
  earliestNewDate: string;
}

/** The booking behind a verified link; the tenant id in the link scopes every query (another tenant's booking is not found). */
export async function findManagedBooking(db: DataSource, claims: ManageLinkClaims): Promise<ManagedBookingView | undefined> {
  const booking = await db.getRepository(BookingEntity).findOneBy({ id: claims.bookingId, tenantId: claims.tenantId });
  if (!booking) return undefined;
  const tenant = await db.getRepository(TenantEntity).findOneByOrFail({ id: claims.tenantId });
  const pkg = await db.getRepository(PackageEntity).findOneBy({ id: booking.packageId, tenantId: claims.tenantId });
  const today = todayInTimeZone(tenant.timezone);
  const paidCents = booking.paidAt && (booking.amountPaidCents ?? 0) > 0 ? (booking.amountPaidCents ?? 0) : 0;
  const policy = ZCancellationPolicy.safeParse(tenant.cancellationPolicy);
  const quote = quoteRefund(policy.success ? policy.data : DEFAULT_CANCELLATION_POLICY, today, booking.eventDate, paidCents);
  const tomorrow = addDays(today, 1);
  return {
    booking,
    tenantName: tenant.name,
    service: pkg?.name ?? 'Booking',
    date: booking.eventDate,
    status: booking.status,
    amount: formatPrice(booking.amountPaidCents ?? booking.totalCents, booking.currency),
    changeable: booking.status === 'CONFIRMED' && booking.eventDate >= today,
    refundIfCanceled: formatPrice(quote.refundCents, booking.currency),
    earliestNewDate: tomorrow,
  };
}

/** The customer's cancel: the tenant's policy decides the refund. */
export function cancelManagedBooking(deps: ManageDeps, view: ManagedBookingView): Promise<CancelBookingResult> {
  return runCancellation(deps, view.booking, 'policy');
}

/** The customer's move to `newDate`; 503 when the workflow has not finished within BOOKING_CHANGE_WAIT. */
export async function rescheduleManagedBooking(deps: ManageDeps, view: ManagedBookingView, newDate: string): Promise<RescheduleBookingResult> {
  const { booking } = view;
  const result = await runBookingChangeWorkflow(
    deps.temporal,
    'rescheduleBooking',
    {
      workflowId: rescheduleWorkflowId(booking.id),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      tenantId: booking.tenantId,
      bookingId: booking.id,
      args: [{ tenantId: booking.tenantId, bookingId: booking.id, newDate }],
      summary: `Reschedule booking ${booking.confirmationCode}`,
    },
    deps.config.BOOKING_CHANGE_WAIT,
  );
  if (!result) throw new AppError('SERVICE_UNAVAILABLE', 'The change is taking longer than usual; it completes on its own, please reload in a minute');
  return result;
}
