/**
 * When a workshop this machine hosts ends, the tree is kept as it was at the end, in
 * its history (a snapshot marked as taken when the workshop ended). Leaving the tree's
 * screen while the workshop goes on is not an end; a workshop joined on someone
 * else's machine is theirs to keep; a private draft is never in a workshop.
 */
import type { StoreApi } from 'zustand';
import * as Y from 'yjs';
import { newId, type CanopyDoc } from '../../../shared/model';
import type { WorkshopStatus } from '../../../shared/sync/workshop-status';
import { takeSnapshot, type Snapshot } from '../storage/snapshots';

export interface WorkshopEndOptions {
  take?: (snapshot: Snapshot) => Promise<void>;
  now?: () => number;
}

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Watches the workshop's status while the document is open; returns how to stop. */
export function snapshotWhenHostedWorkshopEnds(
  workshop: StoreApi<{ status: WorkshopStatus }>,
  doc: { id: string; model: CanopyDoc },
  { take = takeSnapshot, now = Date.now }: WorkshopEndOptions = {},
): () => void {
  const hosts = (s: WorkshopStatus) =>
    s.running && s.listening && s.docId === doc.id && !doc.model.isPrivate;
  return workshop.subscribe((state, previous) => {
    if (!hosts(previous.status) || state.status.running) return;
    const at = now();
    void take({
      id: newId(),
      docId: doc.id,
      name: `End of the workshop, ${when(at)}`,
      takenAt: at,
      auto: true,
      update: Y.encodeStateAsUpdate(doc.model.ydoc),
    }).catch((e: unknown) =>
      console.warn('Canopy: could not keep the end-of-workshop snapshot', e),
    );
  });
}
