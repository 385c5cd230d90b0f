import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type EmailKind =
  | 'customer_confirmation'
  | 'tenant_notification'
  | 'customer_cancellation'
  | 'tenant_cancellation'
  | 'customer_reschedule'
  | 'tenant_reschedule';

/** One row per booking, kind and variant (a reschedule's schedule version): a retried send finds it and sends nothing. */
@Entity({ name: 'sent_emails' })
@Index('uq_sent_emails_booking_kind_variant', ['bookingId', 'kind', 'variant'], { unique: true })
@Index('idx_sent_emails_tenant', ['tenantId', 'createdAt'])
export class SentEmailEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'booking_id', type: 'uuid' })
  bookingId: string;

  @Column({ type: 'text' })
  kind: EmailKind;

  @Column({ type: 'text', default: '' })
  variant: string;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
