/**
 * The room's lock, as the host keeps it. A participant cannot be stopped from editing
 * their own copy of the document (it is theirs, on their machine), but while the
 * facilitator has locked the tree the host refuses to keep or pass on what they edit:
 * the update is applied and at once undone, in the same task, so the undo leaves with
 * it and every copy, the participant's own included, ends without the edit.
 *
 * Reflection answers stay open (they are what a locked step is often for); everything
 * else in the document (tree, board, learning, the agenda and the lock itself) is
 * the facilitator's while it is locked. See docs/security.md, "The room".
 */
import * as Y from 'yjs';
import { lockOf, ROOT_KEYS } from '../../model';
import { holdSends } from '../doc-channel';

/** Everything a locked room keeps from participants: all but the reflection answers. */
const LOCKED_ROOTS = {
  maps: [
    ROOT_KEYS.nodes,
    ROOT_KEYS.meta,
    ROOT_KEYS.boardColumns,
    ROOT_KEYS.boardSettings,
    ROOT_KEYS.evidence,
    ROOT_KEYS.decisions,
    ROOT_KEYS.workshop,
  ],
  arrays: [ROOT_KEYS.boardMoves, ROOT_KEYS.agendaLog],
} as const;

/** Whether applyUnderLock keeps an update as it is: the tree is open, or they facilitate. */
export function keptUnderLock(doc: Y.Doc, mayEdit: boolean): boolean {
  return mayEdit || !lockOf(doc).on;
}

/**
 * Applies a participant's update under the lock: as it is when the tree is open or
 * they facilitate; otherwise applied and undone. Returns whether something was undone.
 */
export function applyUnderLock(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  mayEdit: boolean,
): boolean {
  if (keptUnderLock(doc, mayEdit)) {
    Y.applyUpdate(doc, update, origin);
    return false;
  }
  const scope = [
    ...LOCKED_ROOTS.maps.map((key) => doc.getMap(key)),
    ...LOCKED_ROOTS.arrays.map((key) => doc.getArray(key)),
  ];
  // Tracks only this update's transaction: its origin is this session's channel.
  const undo = new Y.UndoManager(scope, {
    trackedOrigins: new Set([origin]),
    captureTimeout: 0,
  });
  let undone = false;
  try {
    // The edit and its undo leave for the other peers as one update: they never see it.
    holdSends(doc, () => {
      Y.applyUpdate(doc, update, origin);
      undone = undo.undoStack.length > 0;
      while (undo.undoStack.length) undo.undo();
    });
    return undone;
  } finally {
    undo.destroy();
  }
}
