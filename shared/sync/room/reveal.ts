/**
 * The moment of the reveal, on the host: the tally goes into the shared document, once,
 * as the round's record (and a prompt's answers as authorless cards, already
 * shuffled), so every participant's copy, the history and the files keep it. Before
 * this moment nothing of the round is in the document.
 */
import type * as Y from 'yjs';
import { writeRevealedRound } from '../../model/commands/rounds';
import type { TaggedOrigin } from '../../model/origins';
import type { RoomHostOptions } from './room-host';
import { roundRecord } from './rounds';

/** The host's own writes: not any window's, so no one's Undo takes a result back. */
export const REVEAL_ORIGIN: TaggedOrigin = Object.freeze({ source: 'local', detail: 'reveal' });

export function revealIntoDocument(
  doc: Y.Doc,
  now: () => number = Date.now,
): NonNullable<RoomHostOptions['onReveal']> {
  return (id, config, result, nameOf) =>
    writeRevealedRound(
      doc,
      id,
      roundRecord(config, result, now(), nameOf),
      result.kind === 'prompt' ? result.answers : [],
      REVEAL_ORIGIN,
    );
}
