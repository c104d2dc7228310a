/**
 * One session's part in the room. On the peer that hosts the room, a participant who
 * came to us joins it (RoomHost.connect), and what they send to the document is
 * applied under the room's lock (shared/sync/room/lock-guard.ts): while the tree is
 * locked, the edits of anyone but the facilitator are undone and they are told why.
 * On a participant's peer, the room is whatever the app attaches (a RoomClient).
 */
import type * as Y from 'yjs';
import { lockOf } from '../../shared/model';
import {
  applyUnderLock,
  keptUnderLock,
  SyncError,
  type PeerSession,
  type RoomConnection,
  type RoomHost,
} from '../../shared/sync';
import type { RoomAttachment } from './peer-options';

export class SessionRoom {
  private attachment: RoomAttachment | null = null;
  /** In our room (we host it): who this peer proved to be, for the lock. */
  private member: RoomConnection | null = null;

  /** The session's applyUpdate: under the lock when we host the room. */
  readonly applyUpdate: ((update: Uint8Array, origin: unknown) => void) | undefined;
  /** Whether applyUpdate keeps the next update as it is: the tree is open, or they facilitate. */
  readonly appliesAsIs: (() => boolean) | undefined;

  constructor(
    private readonly doc: Y.Doc,
    private readonly host: RoomHost | undefined,
  ) {
    this.applyUpdate = host
      ? (update, origin) => {
          if (!applyUnderLock(doc, update, origin, this.mayEdit())) return;
          this.member?.refuse('locked', lockOf(doc).reason || undefined);
        }
      : undefined;
    this.appliesAsIs = host ? () => keptUnderLock(doc, this.mayEdit()) : undefined;
  }

  /** Whether the lock lets this peer edit: they proved to be the facilitator. */
  private mayEdit(): boolean {
    return this.member?.isFacilitator() ?? false;
  }

  get attached(): boolean {
    return this.attachment !== null;
  }

  /** A participant who came to us: they are in our room. */
  admit(session: PeerSession): void {
    if (!this.host) return;
    this.attachment = this.member = this.host.connect({
      send: (p) => session.sendRoom(p),
      binding: session.binding,
    });
  }

  /** The room of the peer we joined, as the app speaks for us there. */
  attach(attachment: RoomAttachment | null): void {
    this.attachment = attachment;
  }

  receive(payload: Uint8Array): void {
    if (!this.attachment) throw new SyncError('malformed', 'a room message where there is no room');
    this.attachment.receive(payload);
  }

  close(): void {
    this.attachment?.close();
    this.attachment = this.member = null;
  }
}
