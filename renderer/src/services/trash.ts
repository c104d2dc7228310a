/**
 * Deleting a tree from the home screen: it goes to the trash at once (gone from the
 * list), can be taken back while its undo window is open, and is deleted for good
 * (its data and its snapshots) when the window closes. A window still open when the
 * app closed is finished at the next start.
 */
import type { DocumentStorage } from '../storage/document-storage';

/** How long a deletion can be undone. */
export const UNDO_DELETE_MS = 8000;
/**
 * At start, trees trashed longer ago than this are purged: a little longer than the
 * undo window, in case another window of the app is still offering to undo.
 */
export const LEFTOVER_TRASH_MS = 60_000;

export interface Trashed {
  /** Takes the tree back out of the trash; false when the window has closed. */
  restore(): Promise<boolean>;
  /** Resolves when the tree has been restored or deleted for good. */
  readonly settled: Promise<'restored' | 'purged'>;
}

export async function trashDocument(
  storage: DocumentStorage,
  id: string,
  { undoMs = UNDO_DELETE_MS, now = Date.now }: { undoMs?: number; now?: () => number } = {},
): Promise<Trashed> {
  await storage.update(id, { trashedAt: now() });
  let open = true;
  let settle: (how: 'restored' | 'purged') => void = () => {};
  const settled = new Promise<'restored' | 'purged'>((resolve) => (settle = resolve));
  const timer = setTimeout(() => {
    open = false;
    void storage.purge(id).then(
      () => settle('purged'),
      (e: unknown) => console.warn('Canopy: could not delete the tree for good', e),
    );
  }, undoMs);
  return {
    settled,
    async restore() {
      if (!open) return false;
      open = false;
      clearTimeout(timer);
      await storage.update(id, { trashedAt: null });
      settle('restored');
      return true;
    },
  };
}

/** Finishes deletions whose undo window closed with the app. */
export function purgeLeftoverTrash(storage: DocumentStorage, now = Date.now()): Promise<void> {
  return storage.purgeTrashed(now - LEFTOVER_TRASH_MS);
}
