/**
 * Known prompt-injection phrasings, refused before the model sees them (seed document, section 5).
 * A pattern list is a tripwire, not the defence: the model can only read and propose anyway.
 */
export const PROMPT_INJECTION_PATTERNS: readonly RegExp[] = [
  /ignore\s+(?:previous|your|all)\s+instruction/i,
  /disregard\s+(?:previous|your|all)\s+instruction/i,
  /you\s+are\s+now/i,
  /system\s*prompt/i,
  /\[system\]/i,
  /\[INST\]/i,
  /<<SYS>>/i,
  /pretend\s+you\s+are/i,
  /act\s+as\s+(?:if\s+you\s+are|a)/i,
  /reveal\s+(?:your|the)\s+(?:system|initial)\s+prompt/i,
];

/**
 * The same phrases without spaces, for text split or glued to dodge the list ("ignore\u200Bprevious",
 * "ig nore prev ious"). "act as a" is left out: spaceless it hides in ordinary words ("contact asap").
 */
const COMPACT_INJECTION_PATTERNS: readonly RegExp[] = [
  /ignore(?:previous|your|all)instruction/,
  /disregard(?:previous|your|all)instruction/,
  /youarenow/,
  /systemprompt/,
  /\[system\]/,
  /\[inst\]/,
  /<<sys>>/,
  /pretendyouare/,
  /actasifyouare/,
  /reveal(?:your|the)(?:system|initial)prompt/,
];

// Zero-width spaces and joiners, word joiner, BOM, soft hyphen and bidi controls are all \p{Cf};
// the explicit ones are listed too so the intent survives a reader who does not know that.
const INVISIBLE_CHARACTERS = /[\p{Cf}\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
const COMBINING_MARKS = /\p{M}/gu;
// Three or more single letters each followed by one separator: "i g n o r e", "s.y.s.t.e.m".
// Word gaps stay: the run stops at a letter pair or at a longer gap ("i g n o r e   p r e v").
const SPACED_OUT_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[^\p{L}\p{N}]\p{L}){2,}(?![\p{L}\p{N}])/gu;
const NON_LETTERS = /[^\p{L}]/gu;
const WHITESPACE_RUNS = /\s+/gu;
const SEPARATOR_RUNS = /[^\p{L}\p{N}]+/gu;

export interface InspectionForms {
  /** Folded text, spaced-out letters joined, whitespace runs as one space: "ignore previous". */
  spaced: string;
  /** As `spaced`, with punctuation runs as spaces too: "ignore---previous" -> "ignore previous". */
  words: string;
  /** As `spaced`, without any whitespace: "[ s y s t e m ]" -> "[system]". */
  compact: string;
}

/** Full-width and styled letters become plain (NFKC), invisible characters and accents go, lower case. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_CHARACTERS, '')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFC')
    .toLowerCase();
}

export function inspectionForms(message: string): InspectionForms {
  const joined = fold(message).replace(SPACED_OUT_LETTERS, (run) => run.replace(NON_LETTERS, ''));
  return {
    spaced: joined.replace(WHITESPACE_RUNS, ' '),
    words: joined.replace(SEPARATOR_RUNS, ' '),
    compact: joined.replace(WHITESPACE_RUNS, ''),
  };
}

/** True when the message looks like an attempt to override the assistant's instructions. */
export function detectPromptInjection(message: string): boolean {
  const { spaced, words, compact } = inspectionForms(message);
  return (
    PROMPT_INJECTION_PATTERNS.some((pattern) => pattern.test(spaced) || pattern.test(words)) ||
    COMPACT_INJECTION_PATTERNS.some((pattern) => pattern.test(compact))
  );
}
