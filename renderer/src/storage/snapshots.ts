/**
 * Named snapshots of a document, kept on this machine (IndexedDB): the whole Yjs
 * state at a moment, taken by hand or when a hosted workshop ends. A snapshot is
 * never synced; restoring one makes a new document.
 */
import * as idb from 'lib0/indexeddb';
import { watchDatabase } from './storage-health';

export interface Snapshot {
  id: string;
  docId: string;
  name: string;
  takenAt: number;
  /** Taken by the app (the end of a workshop), not by hand. */
  auto: boolean;
  update: Uint8Array;
}

const DB = 'canopy-snapshots';
const STORE = 'snapshots';

let dbPromise: Promise<IDBDatabase> | null = null;
const db = () =>
  (dbPromise ??= idb
    .openDB(DB, (d) => idb.createStores(d, [[STORE, { keyPath: 'id' }]]))
    .then((opened) => (watchDatabase(opened), opened)));
const store = async (access: 'readonly' | 'readwrite') =>
  idb.transact(await db(), [STORE], access)[0]!;

export async function takeSnapshot(snapshot: Snapshot): Promise<void> {
  await idb.put(await store('readwrite'), snapshot as unknown as string);
}

/** A document's snapshots, newest first. */
export async function listSnapshots(docId: string): Promise<Snapshot[]> {
  const all = (await idb.getAll(await store('readonly'))) as Snapshot[];
  return all.filter((s) => s.docId === docId).sort((a, b) => b.takenAt - a.takenAt);
}

export async function getSnapshot(id: string): Promise<Snapshot | undefined> {
  return (await idb.get(await store('readonly'), id)) as unknown as Snapshot | undefined;
}

export async function deleteSnapshot(id: string): Promise<void> {
  await idb.del(await store('readwrite'), id);
}

/** Forgets every snapshot of a document (it was deleted for good). */
export async function deleteSnapshotsOf(docId: string): Promise<void> {
  const s = await store('readwrite');
  for (const snapshot of (await idb.getAll(s)) as Snapshot[])
    if (snapshot.docId === docId) await idb.del(s, snapshot.id);
}
