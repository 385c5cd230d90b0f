import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { createChatModel } from '../../chat/anthropic-client';
import { answerChatMessage } from '../../chat/orchestrator';
import { AppError } from '../../errors';
import { ZChatMessageBody, ZChatSessionParams } from '../../schemas/chat.schema';
import { getChatTranscript } from '../../services/chat-sessions';
import { authenticateTenantKey } from '../auth';
import { parseInput } from '../validation';

// Per publishable key and client address: each message may cost several model calls, and a
// person types a few messages a minute at most.
export const CHAT_MESSAGE_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
// Reading a transcript is one indexed query; a widget reloads it now and then.
const CHAT_SESSION_READ_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };

/** docs/api.md frontend routes `POST /v1/chat/messages` and `GET /v1/chat/sessions/:sessionId`. */
export const chatRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const chatDeps = { ...deps, model: createChatModel(deps.config) };

  app.post('/v1/chat/messages', { config: { rateLimit: CHAT_MESSAGE_RATE_LIMIT } }, async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    const { sessionId, message } = parseInput(ZChatMessageBody, request.body);
    return answerChatMessage(chatDeps, { tenant, sessionId, message, log: request.log });
  });

  app.get('/v1/chat/sessions/:sessionId', { config: { rateLimit: CHAT_SESSION_READ_RATE_LIMIT } }, async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    const { sessionId } = parseInput(ZChatSessionParams, request.params, 'path');
    const transcript = await getChatTranscript(deps.db, tenant.id, sessionId);
    if (!transcript) throw new AppError('NOT_FOUND', 'Chat session not found');
    return transcript;
  });
};
