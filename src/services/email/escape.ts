import validator from 'validator';

/** Every user or tenant value that reaches HTML goes through here (docs/design.md security rules). */
export function escapeHtml(value: string): string {
  return validator.escape(validator.stripLow(value));
}

/** For the plain-text part and header fields: no control characters, so no CR/LF injection. */
export function plainText(value: string): string {
  return validator.stripLow(value).trim();
}

/** A mailbox for nodemailer as an object, never a string it would have to parse. */
export interface Mailbox {
  name: string;
  address: string;
}

/**
 * The address must be a single valid email with no control characters; the name loses its control
 * characters. Returns undefined for anything unsafe, so callers decide how to fail.
 */
export function toMailbox(name: string, address: string): Mailbox | undefined {
  const trimmed = address.trim();
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  if (/[\u0000-\u001f\u007f]/.test(trimmed) || !validator.isEmail(trimmed)) return undefined;
  return { name: plainText(name).slice(0, 200), address: trimmed };
}
