import * as idb from 'lib0/indexeddb';
import { storeState, type IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Past this many stored updates, merge them into one on open (y-indexeddb waits for 500). */
const COMPACT_AT = 100;

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
