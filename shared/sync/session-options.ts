/**
 * What a PeerSession is given: the transport it runs over, and the options that
 * connect it to its document, its room and the peer that owns it.
 */
import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { SyncError, SyncErrorKey } from './errors';
import type { PeerSession } from './peer-session';
import type { FrameAeadFactory } from './secure-channel';
import type { UpdateGuard } from './update-guard';
import type { Limits } from './wire';
import type { WorkshopInfo } from './workshop-info';

export interface Transport {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface SessionOptions {
  role: 'initiator' | 'responder';
  /** The normalized workshop code. */
  code: string;
  /** This peer's random id (16 bytes), used to drop duplicate connections. */
  peerId: Uint8Array;
  /** The document to sync; null: none until one is attached (session.doc). */
  doc: Y.Doc | null;
  awareness: awarenessProtocol.Awareness | null;
  guard: UpdateGuard;
  /** The cipher of data frames; the portable one by default. */
  aead?: FrameAeadFactory;
  info: () => WorkshopInfo;
  limits?: Partial<Limits>;
  /** Whether to go on with a peer whose id is now known (false: duplicate or self). */
  accept?(remoteId: string): boolean;
  /**
   * A responder got a well-formed hello: `answer` does the handshake's costly part
   * when it is this peer's turn (admission.ts). False: no turn for now (busy).
   */
  onHello?(answer: () => void): boolean;
  /** A responder verified the peer's confirmation: a reason to refuse it anyway, or null. */
  admitOpen?(): SyncErrorKey | null;
  onOpen?(session: PeerSession): void;
  /** Applies a checked update from this peer (DocChannelOptions.applyUpdate). */
  applyUpdate?(update: Uint8Array, origin: unknown, session: PeerSession): void;
  /** Whether applyUpdate would apply this peer's next update as it is (DocChannelOptions). */
  appliesAsIs?(): boolean;
  /** A message on the room channel (room/): the caller parses it. */
  onRoom?(payload: Uint8Array, session: PeerSession): void;
  onInfo?(info: WorkshopInfo, session: PeerSession): void;
  /** Called once; `error` is null for a normal close. */
  onClose?(error: SyncError | null, session: PeerSession): void;
}
