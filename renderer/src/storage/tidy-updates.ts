import * as idb from 'lib0/indexeddb';
import { storeState, type IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Past this many stored updates, merge them into one on open (y-indexeddb waits for 500). */
const COMPACT_AT = 100;
/** Past this many stored updates, merge them during a session, however busy. */
export const MAX_STORED_UPDATES = 2000;

const isEmptyUpdate = (update: Uint8Array): boolean => {
  if (update.byteLength > 8) return false;
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
};

/**
 * y-indexeddb writes the in-memory state as a new entry every time a document is
 * opened (yjs/y-indexeddb#31). We open into an empty Y.Doc, so that entry is an
 * empty update: drop it, so opening without editing never grows storage. When many
 * updates have piled up, merge them into one.
 */
export async function tidyStoredUpdates(persistence: IndexeddbPersistence): Promise<void> {
  const db = persistence.db;
  if (!db) return;
  const [updates] = idb.transact(db, ['updates']);
  const entries = await idb.getAllKeysValues(updates!);
  const empty = entries.filter((e) => e.v instanceof Uint8Array && isEmptyUpdate(e.v));
  for (const e of empty) await idb.del(updates!, e.k as number);
  if (entries.length - empty.length > COMPACT_AT) await storeState(persistence, true);
}

/**
 * y-indexeddb merges its stored updates only after a second without updates, so in a
 * busy workshop (a stream of remote edits) they pile up without end, and every one of
 * them is applied again on the next open (50,000 updates: 0.9 s). This merges them
 * whenever MAX_STORED_UPDATES have been written since the last merge.
 */
export function capStoredUpdates(persistence: IndexeddbPersistence, doc: Y.Doc): () => void {
  let written = 0;
  let merging = false;
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === persistence || ++written < MAX_STORED_UPDATES || merging) return;
    written = 0;
    merging = true;
    storeState(persistence, true)
      .catch((e: unknown) => console.warn('Canopy: could not merge stored updates', e))
      .finally(() => (merging = false));
  };
  doc.on('update', onUpdate);
  return () => doc.off('update', onUpdate);
}
