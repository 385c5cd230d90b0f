import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses untrusted input with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, what = 'request'): z.infer<Schema> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  throw new AppError('INVALID_REQUEST', `Invalid ${what}: ${summary}`, issues);
}
