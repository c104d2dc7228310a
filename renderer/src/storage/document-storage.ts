/**
 * Local storage of documents, in IndexedDB (in the desktop app's renderer as in a
 * browser): a small registry of summaries for the home screen, and one y-indexeddb
 * database per document holding its Yjs updates.
 */
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { deleteSnapshotsOf } from './snapshots';
import { registerResaver, watchDatabase, writeWholeState } from './storage-health';
import { capStoredUpdates, tidyStoredUpdates } from './tidy-updates';

export interface DocumentSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Set while a deletion can still be undone; purged afterwards. */
  trashedAt: number | null;
  /** A private draft (listed apart, never shared); mirrors the document's own mark. */
  private?: boolean;
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
/** Stored updates are tidied this long after opening, when the page is next idle. */
const TIDY_AFTER_MS = 1000;
const TIDY_WITHIN_MS = 2000;
export const docDatabaseName = (id: string) => `canopy-doc-${id}`;

export function createIndexedDbStorage(): DocumentStorage {
  let dbPromise: Promise<IDBDatabase> | null = null;
  const db = () =>
    (dbPromise ??= idb
      .openDB(REGISTRY_DB, (d) => idb.createStores(d, [[DOCUMENTS, { keyPath: 'id' }]]))
      .then((opened) => (watchDatabase(opened), opened)));
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
      // Its history goes with it: snapshots hold the whole tree.
      await deleteSnapshotsOf(id);
      changed();
    },
    async purgeTrashed(before) {
      const all = (await idb.getAll(await store('readonly'))) as DocumentSummary[];
      for (const d of all)
        if (d.trashedAt !== null && d.trashedAt < before) await storage.purge(d.id);
    },
    async attach(id, doc) {
      const persistence = new IndexeddbPersistence(docDatabaseName(id), doc);
      // y-indexeddb listens for updates from its constructor on, so loading made Yjs
      // encode the whole loaded state once more, as an update it then ignores (60 ms
      // for 5,000 nodes). Nothing else writes to the document before it has loaded.
      doc.off('update', persistence._storeUpdate);
      performance.mark('canopy:read-start');
      await persistence.whenSynced;
      performance.measure('canopy:read', 'canopy:read-start');
      doc.on('update', persistence._storeUpdate);
      // A full disk refuses y-indexeddb's writes without telling it: watch, and be
      // ready to write the whole state again once there is room.
      if (persistence.db) watchDatabase(persistence.db);
      const stopResaving = registerResaver(() =>
        persistence.db
          ? writeWholeState(persistence.db, 'updates', Y.encodeStateAsUpdate(doc))
          : Promise.resolve(),
      );
      const stopCapping = capStoredUpdates(persistence, doc);
      // Tidying reads every stored update again (0.7 s for 50,000 of them), and the
      // document is whole without it: do it once the first screen is up. (An idle
      // callback alone came too early: the canvas's first render yields, and that
      // counts as idle.)
      let tidied: Promise<void> | null = null;
      let idle = 0;
      const later = setTimeout(() => {
        idle = requestIdleCallback(
          () => {
            performance.mark('canopy:tidy-start');
            tidied = tidyStoredUpdates(persistence).then(
              () => void performance.measure('canopy:tidy', 'canopy:tidy-start'),
              (e: unknown) => console.warn('Canopy: could not tidy stored updates', e),
            );
          },
          { timeout: TIDY_WITHIN_MS },
        );
      }, TIDY_AFTER_MS);
      return {
        close: async () => {
          clearTimeout(later);
          cancelIdleCallback(idle);
          stopCapping();
          stopResaving();
          await tidied;
          await persistence.destroy();
        },
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return storage;
}
