import { z } from 'zod';
import { ZProposal, ZUuid } from './proposal.schema';
import { ZText } from './text.schema';

/** docs/api.md: a chat message is 1..2000 characters. */
export const MAX_CHAT_MESSAGE_CHARS = 2000;

export const ZChatMessageBody = z.strictObject({
  sessionId: ZUuid.optional(),
  message: ZText({ max: MAX_CHAT_MESSAGE_CHARS, freeText: true }),
});
export type TChatMessageBody = z.infer<typeof ZChatMessageBody>;

export const ZChatReply = z.object({
  sessionId: z.string(),
  message: z.string(),
  proposal: ZProposal.optional(),
});
export type TChatReply = z.infer<typeof ZChatReply>;

/** Any string: an id that is not a uuid is simply unknown (404), not a malformed request. */
export const ZChatSessionParams = z.strictObject({ sessionId: z.string() });

export const ZChatTranscriptMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  createdAt: z.string(),
});

export const ZChatTranscript = z.object({
  sessionId: z.string(),
  messages: z.array(ZChatTranscriptMessage),
});
export type TChatTranscript = z.infer<typeof ZChatTranscript>;
