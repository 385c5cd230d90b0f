import { createChatModel } from '../../chat/anthropic-client';
import { answerChatMessage } from '../../chat/orchestrator';
import { AppError } from '../../errors';
import { ZChatMessageBody, ZChatReply, ZChatSessionParams, ZChatTranscript } from '../../schemas/chat.schema';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { getChatTranscript } from '../../services/chat-sessions';
import { frontendRoutes } from '../route-scopes';

// Per publishable key and client address: each message may cost several model calls, and a
// person types a few messages a minute at most.
export const CHAT_MESSAGE_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
// Reading a transcript is one indexed query; a widget reloads it now and then.
const CHAT_SESSION_READ_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };
const tags = ['frontend'];

/** docs/api.md frontend routes `POST /v1/chat/messages` and `GET /v1/chat/sessions/:sessionId`. */
export const chatRoutes = frontendRoutes(async (app, deps) => {
  const chatDeps = { ...deps, model: createChatModel(deps.config) };

  app.post(
    '/v1/chat/messages',
    {
      config: { rateLimit: CHAT_MESSAGE_RATE_LIMIT },
      schema: { tags, summary: 'Send a chat message; the answer may carry a proposal', body: ZChatMessageBody, response: { 200: ZChatReply, ...ERROR_RESPONSES } },
    },
    async (request) => answerChatMessage(chatDeps, { tenant: request.tenant, ...request.body, log: request.log }),
  );

  app.get(
    '/v1/chat/sessions/:sessionId',
    {
      config: { rateLimit: CHAT_SESSION_READ_RATE_LIMIT },
      schema: { tags, summary: "A chat session's transcript", params: ZChatSessionParams, response: { 200: ZChatTranscript, ...ERROR_RESPONSES } },
    },
    async (request) => {
      const transcript = await getChatTranscript(deps.db, request.tenant.id, request.params.sessionId);
      if (!transcript) throw new AppError('NOT_FOUND', 'Chat session not found');
      return transcript;
    },
  );
});
