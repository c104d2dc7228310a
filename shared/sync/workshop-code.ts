/**
 * Workshop codes: 8 characters from Crockford's base32 (no I, L, O or U), shown as
 * two groups of four, e.g. "K7QM-3XPA". 40 bits: far beyond what an online guesser
 * can try at one guess per handshake, rate-limited; the PAKE stops offline guessing.
 */
import { randomBytes } from '@noble/hashes/utils.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;

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
  return `${c.slice(0, 4)}-${c.slice(4)}`;
}
