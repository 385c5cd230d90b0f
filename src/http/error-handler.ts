import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors';
import { toValidationAppError } from './validation';

/** Fastify's own client errors, each mapped to one of our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_VALIDATION: 'INVALID_REQUEST',
  FST_ERR_BAD_URL: 'INVALID_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

function toAppError(error: FastifyError | Error): AppError | undefined {
  if (error instanceof AppError) return error;
  const invalid = toValidationAppError(error);
  if (invalid) return invalid;
  const fastifyError = error as FastifyError;
  const code = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (code) return new AppError(code, code === 'INVALID_REQUEST' ? `Invalid request: ${error.message}` : error.message);
  // Malformed JSON surfaces as a SyntaxError with a 400 status from the body parser.
  if (fastifyError.statusCode === 400) return new AppError('INVALID_REQUEST', 'Invalid request: the body is not valid JSON');
  if (fastifyError.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED', 'Too many requests, slow down and retry later');
  return undefined;
}

/** docs/api.md errors: `{error, code}`; anything unexpected is logged and answered as a bare 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const appError = toAppError(error);
    if (appError) {
      if (appError.status >= 500) request.log.warn({ code: appError.code }, appError.message);
      return reply.status(appError.status).send({ error: appError.message, code: appError.code });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'Internal server error', code: 'INTERNAL' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: `No route ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' }),
  );
}

/**
 * Errors the router raises before any route runs (a malformed percent-encoding, an id longer than
 * any real one): Fastify's `frameworkErrors` option, answered in the same `{error, code}` format.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error) ?? new AppError('INVALID_REQUEST', 'Invalid request');
  void reply.status(appError.status).send({ error: appError.message, code: appError.code });
}
