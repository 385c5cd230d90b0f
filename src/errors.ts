/** Machine codes of docs/api.md, each with the one HTTP status it answers. */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  SESSION_REQUIRED: 400,
  INVALID_SESSION: 400,
  INVALID_SIGNATURE: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  PACKAGE_NOT_FOUND: 404,
  DATE_UNAVAILABLE: 409,
  PROPOSAL_EXPIRED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  LLM_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A failure the caller caused or may see: its message is safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
