/**
 * A host's acknowledgements: what it has safely on disk (its state vector after a
 * flush), told to the peers whose edits that covers, so that their edits count as
 * acknowledged. Only a peer with durable storage (the host) has anything to tell.
 *
 * A peer hears of a flush only when it covers an update that peer sent: the others
 * have nothing new to count, and a room of 100 would otherwise get 100 frames per
 * flush (every peer gets the saved state again whenever its info is sent).
 */
import type * as Y from 'yjs';
import type { PeerSession } from '../../shared/sync';

/** How often, at most, the host tells peers what is on its disk. */
const SAVED_INTERVAL_MS = 50;

export class SavedAcknowledgements {
  /** The saved state vector, once the host has one: sent in every session's info. */
  saved: Map<number, number> | undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = 0;
  /**
   * Per session, the clocks its peer's updates brought (client → clock) that no
   * acknowledgement has covered yet: who is owed one, and when it is news.
   */
  private readonly owed = new Map<PeerSession, Map<number, number>>();
  private noting = false;
  private stopped = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly sessions: () => Iterable<PeerSession>,
  ) {}

  markSaved(saved: Map<number, number>): void {
    this.saved = saved;
    // From the first call (a host calls it once it has loaded its log, before anyone
    // joins), note what each peer's updates bring.
    if (!this.noting && !this.stopped) {
      this.noting = true;
      this.doc.on('afterTransaction', this.noteArrival);
    }
    // At most one acknowledgement per interval (the first at once): a flush follows
    // every burst of edits, and an info frame per flush per peer would eat into each
    // peer's frame-rate allowance for the edits themselves.
    if (this.timer || this.stopped) return;
    const wait = this.lastSent + SAVED_INTERVAL_MS - Date.now();
    const send = () => {
      this.timer = null;
      this.lastSent = Date.now();
      for (const s of this.sessions()) if (this.acknowledges(s)) s.sendInfo();
    };
    if (wait <= 0) send();
    else this.timer = setTimeout(send, wait);
  }

  /** A session closed: it is owed nothing any more. */
  forget(session: PeerSession): void {
    this.owed.delete(session);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.doc.off('afterTransaction', this.noteArrival);
  }

  /** Whether the saved state covers clocks `session`'s peer brought; forgets those. */
  private acknowledges(session: PeerSession): boolean {
    const owed = this.owed.get(session);
    if (!owed || !this.saved) return false;
    let covered = false;
    for (const [client, clock] of owed)
      if ((this.saved.get(client) ?? 0) >= clock) {
        owed.delete(client);
        covered = true;
      }
    return covered;
  }

  /** Notes which clocks an update from a peer moved, for its acknowledgement. */
  private readonly noteArrival = (tr: Y.Transaction): void => {
    if (tr.local) return;
    for (const session of this.sessions()) {
      if (!session.applied(tr.origin)) continue;
      let owed = this.owed.get(session);
      for (const [client, clock] of tr.afterState)
        if (tr.beforeState.get(client) !== clock) {
          if (!owed) this.owed.set(session, (owed = new Map()));
          owed.set(client, clock);
        }
      return;
    }
  };
}
