/**
 * The home screen lists every tree by its title, private mark and last change, from a
 * small registry beside the documents (storage/document-storage.ts). The title and the
 * mark live in the document itself: the registry follows them from this one
 * subscriber, attached to every open document (DocSession), and nothing else writes
 * them. Changes come in bursts (typing is a change a key), so they are written once
 * things are quiet, and at once when the document closes.
 */
import type { CanopyDoc } from '../../../shared/model';
import type { DocumentStorage } from '../storage/document-storage';

/** A burst of edits is one registry write, this long after the last of them. */
export const REGISTRY_DELAY_MS = 300;

export interface RegistryFollower {
  /** Writes what is pending now. */
  flush(): Promise<void>;
  /** Stops following, after writing what is pending. */
  stop(): Promise<void>;
}

export interface FollowOptions {
  /**
   * A new document (made, copied, imported): its entry is made on the first write. An
   * existing document's entry is never made again (it may have been deleted elsewhere).
   */
  create?: boolean;
  delayMs?: number;
  now?: () => number;
}

export function followInRegistry(
  storage: DocumentStorage,
  id: string,
  model: CanopyDoc,
  { create = false, delayMs = REGISTRY_DELAY_MS, now = Date.now }: FollowOptions = {},
): RegistryFollower {
  let pending = create;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async () => {
    if (!pending) return;
    pending = false;
    // Nothing to name before the tree is there (a joined tree still on its way).
    if (!model.meta.rootId) return;
    const summary = { title: model.meta.title, private: model.isPrivate, updatedAt: now() };
    if (!create) return storage.update(id, summary);
    const existing = await storage.get(id);
    if (existing) await storage.update(id, summary);
    else
      await storage.put({
        id,
        ...summary,
        createdAt: model.meta.createdAt || summary.updatedAt,
        trashedAt: null,
      });
    create = false;
  };
  const flush = () => {
    clearTimeout(timer);
    writing = writing.then(write).catch((e: unknown) => {
      console.warn('Canopy: could not update the list of trees', e);
    });
    return writing;
  };
  const unsubscribe = model.subscribe(() => {
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  });
  return {
    flush,
    async stop() {
      unsubscribe();
      await flush();
    },
  };
}
