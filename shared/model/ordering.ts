import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

const BASE_62 = /^[0-9A-Za-z]+$/;

/** Whether a peer-written order key is one fractional-indexing accepts. */
export function isValidOrderKey(key: string): boolean {
  // fractional-indexing checks the key's shape but not its characters: a key such as
  // 'a0~' passes, and keys generated next to it then sort on the wrong side of it.
  if (!BASE_62.test(key)) return false;
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * A key that sorts at `index` among `siblings` (their keys, in display order).
 * Concurrent inserts can leave equal or invalid keys behind; those are skipped so a
 * new key can always be made.
 */
export function orderKeyAt(siblings: readonly string[], index: number): string {
  return orderKeysAt(siblings, index, 1)[0]!;
}

/** `count` consecutive keys that sort at `index` among `siblings`. */
export function orderKeysAt(siblings: readonly string[], index: number, count: number): string[] {
  const i = Math.max(0, Math.min(index, siblings.length));
  let lower: string | null = null;
  for (let j = i - 1; j >= 0; j--) {
    const k = siblings[j]!;
    if (isValidOrderKey(k)) {
      lower = k;
      break;
    }
  }
  let upper: string | null = null;
  for (let j = i; j < siblings.length; j++) {
    const k = siblings[j]!;
    if (isValidOrderKey(k) && (lower === null || k > lower)) {
      upper = k;
      break;
    }
  }
  return generateNKeysBetween(lower, upper, count);
}
