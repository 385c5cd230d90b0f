import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SESSION_TYPES = ['CUSTOMER', 'ADMIN'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** One stored chat turn; `content` is the text shown to people, `blocks` what the model saw. */
export interface StoredChatMessage {
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  blocks?: unknown[];
}

@Entity({ name: 'chat_sessions' })
@Index('idx_chat_sessions_tenant_updated', ['tenantId', 'updatedAt'])
@Index('idx_chat_sessions_customer_updated', ['customerId', 'updatedAt'])
@Index('idx_chat_sessions_type_updated', ['sessionType', 'updatedAt'])
export class ChatSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ name: 'session_type', type: 'text', default: 'CUSTOMER' })
  sessionType: SessionType;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  messages: StoredChatMessage[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
