import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A Stripe event id seen once; a redelivery finds its row and changes nothing. */
@Entity({ name: 'processed_webhook_events' })
@Index('idx_processed_webhook_events_tenant', ['tenantId', 'receivedAt'])
export class ProcessedWebhookEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  /** Null only for events whose metadata names no known tenant (logged and ignored). */
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId: string | null;

  @Column({ type: 'text' })
  outcome: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
