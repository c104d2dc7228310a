import type * as YModule from 'yjs';
import type { UPDATE_BOUNDS } from './update-guard';

/**
 * Decodes bytes from the network the way applying them would, and throws when they
 * are malformed or crafted (lengths and counts no typed edit produces). Runs inside a
 * guard worker, never on the thread that owns the document.
 *
 * Self-contained on purpose (no imports, no outer variables, no nested functions):
 * the Node guard evaluates this function's source text in a worker thread.
 */
export function checkDecodes(
  Y: typeof YModule,
  bounds: typeof UPDATE_BOUNDS,
  kind: 'update' | 'stateVector',
  bytes: Uint8Array,
): void {
  if (bytes.length === 0) throw new Error('empty');
  if (kind === 'stateVector') {
    const sv = Y.decodeStateVector(bytes);
    if (sv.size > bounds.maxClients) throw new Error('too many clients');
    for (const clock of sv.values())
      if (!Number.isSafeInteger(clock) || clock < 0) throw new Error('bad clock');
    return;
  }
  const { structs, ds } = Y.decodeUpdate(bytes);
  if (structs.length > bounds.maxStructs) throw new Error('too many structs');
  for (const s of structs)
    if (!(s.length >= 0 && s.length <= bounds.maxStructLength))
      throw new Error(`struct length ${s.length}`);
  let ranges = 0;
  for (const items of ds.clients.values()) {
    ranges += items.length;
    for (const item of items)
      if (!(item.len >= 0 && item.len <= bounds.maxStructLength)) throw new Error('delete length');
  }
  if (ranges > bounds.maxDeleteRanges) throw new Error('too many delete ranges');
}
