import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BookingStatus } from '../../domain/statuses';

/** The partial unique index uq_bookings_tenant_date_active lives in the migration (TypeORM cannot declare it). */
@Entity({ name: 'bookings' })
@Index('idx_bookings_tenant_status_date', ['tenantId', 'status', 'eventDate'])
@Index('uq_bookings_tenant_confirmation_code', ['tenantId', 'confirmationCode'], { unique: true })
export class BookingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  /** One booking per proposal: a retried createLockedBooking finds this row. */
  @Column({ name: 'proposal_id', type: 'uuid', unique: true })
  proposalId: string;

  @Column({ name: 'package_id', type: 'uuid' })
  packageId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  /** YYYY-MM-DD in the tenant's timezone. */
  @Column({ name: 'event_date', type: 'date' })
  eventDate: string;

  @Column({ type: 'text', default: 'PENDING' })
  status: BookingStatus;

  @Column({ name: 'confirmation_code', type: 'text' })
  confirmationCode: string;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  @Column({ name: 'customer_email', type: 'text' })
  customerEmail: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents: number;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'amount_paid_cents', type: 'integer', nullable: true })
  amountPaidCents: number | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ name: 'stripe_checkout_session_id', type: 'text', nullable: true })
  stripeCheckoutSessionId: string | null;

  @Column({ name: 'checkout_url', type: 'text', nullable: true })
  checkoutUrl: string | null;

  @Column({ name: 'stripe_payment_intent_id', type: 'text', nullable: true })
  stripePaymentIntentId: string | null;

  @Column({ name: 'refunded_at', type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  /** What a cancellation paid back, in the minor unit (a policy may refund part); null: nothing recorded. */
  @Column({ name: 'refunded_cents', type: 'integer', nullable: true })
  refundedCents: number | null;

  /** Moves by reschedule so far: the SEQUENCE of the .ics the customer gets after each move. */
  @Column({ name: 'schedule_version', type: 'integer', default: 0 })
  scheduleVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
