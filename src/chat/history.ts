import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { StoredChatMessage } from '../db/entities/chat-session.entity';
import { wrapCustomerMessage } from './system-prompt';

// Earlier turns sent back to the model: enough to keep a booking conversation's thread (name,
// email, chosen package and date), small enough that a long chat stays cheap and fast.
export const MAX_HISTORY_MESSAGES = 20;
export const MAX_HISTORY_CHARS = 16_000;

const ZTextBlocks = z.array(z.strictObject({ type: z.literal('text'), text: z.string() }));

/**
 * Sessions store text turns only (`blocks`: what the model saw of that turn); tool calls of past
 * turns are not replayed, so a history can never hold a tool_result without its tool_use.
 * `blocks: []` marks a turn the model never saw (a refused injection) or must not see again
 * (an answer it refused): such a turn is left out together with the customer's words before it.
 */
export function storedTurn(role: StoredChatMessage['role'], content: string, modelText: string | null): StoredChatMessage {
  return { role, content, createdAt: new Date().toISOString(), blocks: modelText === null ? [] : [{ type: 'text', text: modelText }] };
}

function modelBlocks(message: StoredChatMessage): TextBlockParam[] {
  const parsed = ZTextBlocks.safeParse(message.blocks);
  if (parsed.success) return parsed.data;
  return [{ type: 'text', text: message.role === 'user' ? wrapCustomerMessage(message.content) : message.content }];
}

/** Drops hidden exchanges: an assistant turn with no blocks takes the user turns before it along. */
function visibleTurns(stored: readonly StoredChatMessage[]): StoredChatMessage[] {
  const visible: StoredChatMessage[] = [];
  let pendingUserTurns: StoredChatMessage[] = [];
  for (const message of stored) {
    const hidden = Array.isArray(message.blocks) && message.blocks.length === 0;
    if (message.role === 'user') {
      if (!hidden) pendingUserTurns.push(message);
      continue;
    }
    if (!hidden) visible.push(...pendingUserTurns, message);
    pendingUserTurns = [];
  }
  return [...visible, ...pendingUserTurns];
}

function textLength(blocks: readonly TextBlockParam[]): number {
  return blocks.reduce((sum, block) => sum + block.text.length, 0);
}

/**
 * The model-facing conversation: the newest turns within the bounds above (the last one, the
 * customer's new message, always), starting with a user turn, consecutive same-role turns merged.
 */
export function buildModelHistory(stored: readonly StoredChatMessage[]): MessageParam[] {
  const turns = visibleTurns(stored).map((message) => ({ role: message.role, blocks: modelBlocks(message) }));
  const kept: typeof turns = [];
  let chars = 0;
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const turn = turns[index];
    chars += textLength(turn.blocks);
    if (kept.length > 0 && (kept.length >= MAX_HISTORY_MESSAGES || chars > MAX_HISTORY_CHARS)) break;
    kept.unshift(turn);
  }
  while (kept.length > 0 && kept[0].role !== 'user') kept.shift();

  const merged: Array<{ role: 'user' | 'assistant'; content: TextBlockParam[] }> = [];
  for (const turn of kept) {
    const last = merged.at(-1);
    if (last && last.role === turn.role) last.content.push(...turn.blocks);
    else merged.push({ role: turn.role, content: [...turn.blocks] });
  }
  return merged;
}
