/**
 * Local storage of documents, in IndexedDB (in the desktop app's renderer as in a
 * browser): a small registry of summaries for the home screen, and one y-indexeddb
 * database per document holding its Yjs updates.
 */
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { tidyStoredUpdates } from './tidy-updates';

export interface DocumentSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Set while a deletion can still be undone; purged afterwards. */
  trashedAt: number | null;
}

export interface DocPersistence {
  /** Stops writing; resolves when the database is closed. */
  close(): Promise<void>;
}

export interface DocumentStorage {
  list(): Promise<DocumentSummary[]>;
  get(id: string): Promise<DocumentSummary | undefined>;
  put(summary: DocumentSummary): Promise<void>;
  update(id: string, patch: Partial<Omit<DocumentSummary, 'id'>>): Promise<void>;
  /** Removes a document and its data for good. */
  purge(id: string): Promise<void>;
  /** Purges documents trashed before `before` (their undo window has passed). */
  purgeTrashed(before: number): Promise<void>;
  /** Loads a document's stored state into `doc` and keeps saving its updates. */
  attach(id: string, doc: Y.Doc): Promise<DocPersistence>;
  /** Called when any tab or window changes the registry. */
  onChange(listener: () => void): () => void;
}

const REGISTRY_DB = 'canopy-registry';
const DOCUMENTS = 'documents';
export const docDatabaseName = (id: string) => `canopy-doc-${id}`;

export function createIndexedDbStorage(): DocumentStorage {
  let dbPromise: Promise<IDBDatabase> | null = null;
  const db = () =>
    (dbPromise ??= idb.openDB(REGISTRY_DB, (d) =>
      idb.createStores(d, [[DOCUMENTS, { keyPath: 'id' }]]),
    ));
  const store = async (access: 'readonly' | 'readwrite') =>
    idb.transact(await db(), [DOCUMENTS], access)[0]!;

  // Other tabs and windows hear about registry changes (BroadcastChannel is same-origin).
  const channel = new BroadcastChannel('canopy-registry');
  const listeners = new Set<() => void>();
  channel.onmessage = () => listeners.forEach((l) => l());
  const changed = () => {
    channel.postMessage('changed');
    listeners.forEach((l) => l());
  };

  const storage: DocumentStorage = {
    async list() {
      const all = (await idb.getAll(await store('readonly'))) as DocumentSummary[];
      return all.filter((d) => d.trashedAt === null).sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async get(id) {
      return (await idb.get(await store('readonly'), id)) as unknown as DocumentSummary | undefined;
    },
    async put(summary) {
      await idb.put(await store('readwrite'), summary as unknown as string);
      changed();
    },
    async update(id, patch) {
      const s = await store('readwrite');
      const current = (await idb.get(s, id)) as unknown as DocumentSummary | undefined;
      if (!current) return;
      await idb.put(s, { ...current, ...patch } as unknown as string);
      changed();
    },
    async purge(id) {
      await idb.del(await store('readwrite'), id);
      await idb.deleteDB(docDatabaseName(id));
      changed();
    },
    async purgeTrashed(before) {
      const all = (await idb.getAll(await store('readonly'))) as DocumentSummary[];
      for (const d of all)
        if (d.trashedAt !== null && d.trashedAt < before) await storage.purge(d.id);
    },
    async attach(id, doc) {
      const persistence = new IndexeddbPersistence(docDatabaseName(id), doc);
      await persistence.whenSynced;
      await tidyStoredUpdates(persistence);
      return { close: () => persistence.destroy() };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return storage;
}
