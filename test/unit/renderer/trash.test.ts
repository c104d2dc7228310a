/** A deleted tree is purged when its undo window closes, not when a toast goes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LEFTOVER_TRASH_MS,
  purgeLeftoverTrash,
  trashDocument,
  UNDO_DELETE_MS,
} from '../../../renderer/src/services/trash';
import type { DocumentStorage } from '../../../renderer/src/storage/document-storage';

afterEach(() => {
  vi.useRealTimers();
});

function memoryRegistry() {
  const trashedAt = new Map<string, number | null>([['t1', null]]);
  const purged: string[] = [];
  const storage = {
    update: async (id: string, patch: { trashedAt?: number | null }) =>
      void trashedAt.set(id, patch.trashedAt ?? null),
    purge: async (id: string) => void (purged.push(id), trashedAt.delete(id)),
    purgeTrashed: async (before: number) => {
      for (const [id, at] of trashedAt) if (at !== null && at < before) await storage.purge(id);
    },
  } as unknown as DocumentStorage;
  return { storage, trashedAt, purged };
}

describe('the trash', () => {
  it('purges a deleted tree when its undo window closes, whatever the screen shows', async () => {
    vi.useFakeTimers();
    const { storage, trashedAt, purged } = memoryRegistry();
    const trashed = await trashDocument(storage, 't1', { now: () => 1000 });
    expect(trashedAt.get('t1')).toBe(1000);
    await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS - 1);
    expect(purged).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(trashed.settled).resolves.toBe('purged');
    expect(purged).toEqual(['t1']);
    // Too late to take it back.
    expect(await trashed.restore()).toBe(false);
  });

  it('takes a tree back while the window is open, and then never purges it', async () => {
    vi.useFakeTimers();
    const { storage, trashedAt, purged } = memoryRegistry();
    const trashed = await trashDocument(storage, 't1');
    expect(await trashed.restore()).toBe(true);
    await expect(trashed.settled).resolves.toBe('restored');
    expect(trashedAt.get('t1')).toBeNull();
    await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS * 2);
    expect(purged).toEqual([]);
  });

  it('finishes at start the deletions whose window closed with the app', async () => {
    const { storage, trashedAt, purged } = memoryRegistry();
    trashedAt.set('old', 0);
    trashedAt.set('recent', LEFTOVER_TRASH_MS);
    await purgeLeftoverTrash(storage, LEFTOVER_TRASH_MS + 1);
    expect(purged).toEqual(['old']);
  });
});
