import type { DataSource } from 'typeorm';
import { ChatSessionEntity } from '../db/entities';
import type { StoredChatMessage } from '../db/entities/chat-session.entity';
import { ZUuid } from '../schemas/proposal.schema';
import type { TChatTranscript } from '../schemas/chat.schema';

/** docs/design.md: a customer chat idle this long is over (the cleanup schedule then removes it). */
export const SESSION_IDLE_INTERVAL = '7 days';

/**
 * This tenant's customer session, unless it is unknown, another tenant's, not a customer chat
 * or idle too long; all of these look the same to the caller (no enumeration).
 */
export async function findActiveCustomerSession(db: DataSource, tenantId: string, sessionId: string): Promise<ChatSessionEntity | null> {
  if (!ZUuid.safeParse(sessionId).success) return null;
  return db
    .getRepository(ChatSessionEntity)
    .createQueryBuilder('session')
    .where('session.id = :sessionId AND session.tenantId = :tenantId', { sessionId, tenantId })
    .andWhere("session.sessionType = 'CUSTOMER'")
    .andWhere('session.updatedAt > now() - CAST(:idle AS interval)', { idle: SESSION_IDLE_INTERVAL })
    .getOne();
}

export async function createCustomerSession(db: DataSource, tenantId: string): Promise<ChatSessionEntity> {
  return db.getRepository(ChatSessionEntity).save({ tenantId, sessionType: 'CUSTOMER', customerId: null, messages: [] });
}

/**
 * Appends turns in one statement (no read-modify-write, so concurrent messages never overwrite
 * each other) and bumps updated_at, which is what keeps a session alive.
 */
export async function appendChatMessages(db: DataSource, tenantId: string, sessionId: string, messages: StoredChatMessage[]): Promise<void> {
  await db.query(
    `UPDATE chat_sessions SET messages = messages || $1::jsonb, updated_at = now() WHERE id = $2 AND tenant_id = $3`,
    [JSON.stringify(messages), sessionId, tenantId],
  );
}

/** docs/api.md `GET /v1/chat/sessions/:sessionId`: what people said and read, never what the model saw. */
export async function getChatTranscript(db: DataSource, tenantId: string, sessionId: string): Promise<TChatTranscript | null> {
  const session = await findActiveCustomerSession(db, tenantId, sessionId);
  if (!session) return null;
  return {
    sessionId: session.id,
    messages: session.messages.map(({ role, content, createdAt }) => ({ role, content, createdAt })),
  };
}
