import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read out over the phone or copied by hand survives. */
export const CONFIRMATION_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CONFIRMATION_CODE_LENGTH = 8;

/** 31^8 ≈ 8.5e11 codes: collisions within one tenant are rare, and the unique index catches them. */
export function generateConfirmationCode(): string {
  let code = '';
  for (let i = 0; i < CONFIRMATION_CODE_LENGTH; i += 1) {
    code += CONFIRMATION_CODE_ALPHABET[randomInt(CONFIRMATION_CODE_ALPHABET.length)];
  }
  return code;
}
