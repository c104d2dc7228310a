/**
 * A full disk (or browser storage quota) must not lose edits silently. IndexedDB
 * reports it as a transaction that aborts with QuotaExceededError, often after every
 * request in it succeeded, and y-indexeddb never looks: so every database Canopy opens
 * is watched here, the app says so at once (StorageBanner), and each open document
 * can write its whole state again once there is room ("Save again").
 */
import { createStore } from 'zustand/vanilla';

export interface StorageHealth {
  /** A write was refused for lack of space and has not been made good since. */
  full: boolean;
}

export const storageHealth = createStore<StorageHealth>(() => ({ full: false }));

/** Each open document's way to store its whole state again. */
const resavers = new Set<() => Promise<void>>();

export function isQuotaError(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

export function reportStorageError(e: unknown): boolean {
  if (!isQuotaError(e)) return false;
  storageHealth.setState({ full: true });
  return true;
}

/** Aborted transactions and failed requests bubble up to their database. */
export function watchDatabase(db: IDBDatabase): void {
  db.addEventListener('abort', (e) => reportStorageError((e.target as IDBTransaction).error));
  db.addEventListener('error', (e) => reportStorageError((e.target as IDBRequest).error));
}

export function registerResaver(resave: () => Promise<void>): () => void {
  resavers.add(resave);
  return () => void resavers.delete(resave);
}

/** Writes every open document again; resolves whether all of it is on disk now. */
export async function saveAgain(): Promise<boolean> {
  const results = await Promise.allSettled([...resavers].map((r) => r()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    reportStorageError(failed.reason);
    return false;
  }
  storageHealth.setState({ full: false });
  return true;
}

/**
 * Stores `update` (a document's whole state) as one entry in its own transaction,
 * and waits for the transaction itself: a request can succeed and its transaction
 * still abort for lack of space.
 */
export function writeWholeState(db: IDBDatabase, store: string, update: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([store], 'readwrite');
    tx.objectStore(store).add(update);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('the write was aborted'));
  });
}

// Writes the app does not await (registry summaries, y-indexeddb's own) end up here.
if (typeof window !== 'undefined')
  window.addEventListener('unhandledrejection', (e) => {
    if (reportStorageError(e.reason)) e.preventDefault();
  });
