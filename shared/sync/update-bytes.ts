/**
 * Questions answered from an update's bytes without decoding it (Yjs update format
 * v1, the one the sync messages carry).
 */

const utf8 = new TextEncoder();

/** A map key as v1 writes it: its length in UTF-8 bytes (a var uint), then the bytes. */
export function keyBytes(key: string): Uint8Array {
  const bytes = utf8.encode(key);
  if (bytes.length > 127) throw new RangeError('keyBytes: keys up to 127 bytes');
  return Uint8Array.of(bytes.length, ...bytes);
}

/**
 * Whether `update` may set or delete the map entry `key` (from keyBytes): an item's
 * key is written whole as a string, so an update without these bytes cannot touch it.
 * A string of the same text elsewhere makes it say yes: it never says no wrongly.
 */
export function mayNameKey(update: Uint8Array, key: Uint8Array): boolean {
  const first = key[0]!;
  const last = update.length - key.length;
  for (
    let at = update.indexOf(first);
    at !== -1 && at <= last;
    at = update.indexOf(first, at + 1)
  ) {
    let i = 1;
    while (i < key.length && update[at + i] === key[i]) i++;
    if (i === key.length) return true;
  }
  return false;
}
