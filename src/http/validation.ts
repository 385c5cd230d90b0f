import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors';

// How docs/api.md names each part of a request in a validation message.
const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

/**
 * A route's zod schema refused the request (fastify-type-provider-zod's validatorCompiler): a 400
 * naming each bad field, e.g. `Invalid body: customerEmail: expected an email address`.
 */
export function toValidationAppError(error: FastifyError | Error): AppError | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const part = PART_NAMES[(error as FastifyError).validationContext ?? ''] ?? 'request';
  const issues = error.validation.map((issue) => ({ path: issue.instancePath.slice(1).replaceAll('/', '.'), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new AppError('INVALID_REQUEST', `Invalid ${part}: ${summary}`, issues);
}
