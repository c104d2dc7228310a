/**
 * Workshop codes: 12 characters from Crockford's base32 (no I, L, O or U), shown as
 * three groups of four, e.g. "K7QM-3XPA-9RT2", easy to read aloud. 60 bits: the PAKE
 * stops offline guessing, and online guessing is one guess per handshake at a bounded
 * rate, which over a 30-day host is a chance of about 1 in 10 billion
 * (docs/security.md has the figures).
 */
import { randomBytes } from '@noble/hashes/utils.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;
export const CODE_EXAMPLE = 'K7QM-3XPA-9RT2';

export function generateWorkshopCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32, so taking each byte mod 32 is unbiased.
  for (const b of bytes) code += ALPHABET[b % 32];
  return formatWorkshopCode(code);
}

/**
 * The canonical form of what a person typed: case and separators ignored, and the
 * letters people confuse with digits read as those digits. Null when it cannot be a code.
 */
export function normalizeWorkshopCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

export function formatWorkshopCode(code: string): string {
  const c = normalizeWorkshopCode(code) ?? code;
  return c.match(/.{1,4}/g)?.join('-') ?? c;
}

/** What to tell someone whose code has the wrong shape. */
export const CODE_HINT = `A workshop code has ${CODE_LENGTH} letters and digits, like ${CODE_EXAMPLE}.`;
