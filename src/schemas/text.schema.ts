import { z } from 'zod';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;
// Line breaks and tabs are fine in free text; NUL and other control characters are not (Postgres refuses NUL).
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;

interface TextRules {
  max: number;
  /** Shortest accepted length after trimming; 0 allows empty text. */
  min?: number;
  /**
   * Free text (chat, notes, descriptions): line breaks and invisible format characters (the joiners
   * inside emoji) are allowed. Otherwise the text is one line that may land in an email header.
   */
  freeText?: boolean;
}

/**
 * Text a customer or business writes: trimmed, bounded, well-formed Unicode (a lone surrogate can
 * be neither stored nor sent to Stripe or the model) and free of control characters.
 */
export function ZText({ max, min = 1, freeText = false }: TextRules) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !LONE_SURROGATE.test(text), 'must be valid Unicode text (no lone surrogates)')
    .refine((text) => !(freeText ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL_OR_FORMAT).test(text), 'must not contain control or invisible characters');
}
