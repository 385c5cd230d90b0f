import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProposalPreview } from '../../../workflows/booking-proposal.messages';
import type { ProposalStatus } from '../../domain/statuses';

export type TrustTier = 'T1' | 'T2' | 'T3';

/** What the customer asked for, as validated when the proposal was made. */
export interface ProposalPayload {
  packageId: string;
  customerId: string;
  date: string;
  customerName: string;
  customerEmail: string;
  notes: string | null;
  priceCents: number;
  currency: string;
}


@Entity({ name: 'proposals' })
@Index('idx_proposals_tenant_session', ['tenantId', 'sessionId'])
@Index('idx_proposals_tenant_status', ['tenantId', 'status'])
@Index('idx_proposals_expires_at', ['expiresAt'])
@Index('idx_proposals_status_expires_at', ['status', 'expiresAt'])
@Index('idx_proposals_customer', ['customerId'])
export class ProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ name: 'tool_name', type: 'text' })
  toolName: string;

  @Column({ type: 'text' })
  operation: string;

  /** T3: a customer booking, executed only after the customer's explicit confirm. */
  @Column({ name: 'trust_tier', type: 'text', default: 'T3' })
  trustTier: TrustTier;

  @Column({ type: 'jsonb' })
  payload: ProposalPayload;

  @Column({ type: 'jsonb' })
  preview: ProposalPreview;

  @Column({ type: 'text', default: 'AWAITING_CONFIRMATION' })
  status: ProposalStatus;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ name: 'booking_id', type: 'uuid', nullable: true })
  bookingId: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
