/**
 * The wire format of a workshop connection. Each WebSocket message is one frame;
 * the first byte says which:
 *
 *   hello   (initiator) 0x01 | version | sid[16] | peer id[16] | share[32]
 *   reply   (responder) 0x02 | version | peer id[16] | share[32] | confirm tag[32]
 *   confirm (initiator) 0x03 | confirm tag[32]
 *   data    (both)      0x04 | sequence[8] | XChaCha20-Poly1305 ciphertext
 *
 * No WebSocket message is larger than MAX_WIRE_FRAME_BYTES, before or after the
 * handshake: a socket's receive buffer is then bounded by that before anyone is
 * authenticated (a WebSocket library buffers a whole message, fragments included,
 * before anyone can look at it). Larger messages travel as several data frames.
 *
 * Inside a data frame the first byte is the channel: Yjs sync (the y-protocols
 * encoding, so the content is what every Yjs provider speaks), awareness (also
 * y-protocols), workshop info (JSON: which document this workshop edits), or the
 * room (JSON: who is here, the facilitator, the timer; only between a participant
 * and the host, see room/). With
 * the MORE_PARTS bit set, the frame's payload continues in the next data frame;
 * the receiver joins the parts, up to maxMessageBytes, before it reads anything.
 */
import { SHARE_BYTES, TAG_BYTES } from './pake';
import type { SyncErrorKey } from './errors';

export const PROTOCOL_VERSION = 2;
export const ID_BYTES = 16;
export const SID_BYTES = 16;

export const FRAME = { hello: 0x01, reply: 0x02, confirm: 0x03, data: 0x04 } as const;
export const CHANNEL = { sync: 0, awareness: 1, info: 2, room: 3 } as const;
/** Set on a data frame's channel byte when the message continues in the next frame. */
export const MORE_PARTS = 0x80;

/** The largest WebSocket message either side sends or accepts (ws maxPayload). */
export const MAX_WIRE_FRAME_BYTES = 64 * 1024;

/** Where each field of a handshake frame starts (see the layout above). */
export const HELLO_AT = { version: 1, sid: 2, id: 2 + SID_BYTES, share: 2 + SID_BYTES + ID_BYTES };
export const REPLY_AT = { version: 1, id: 2, share: 2 + ID_BYTES, tag: 2 + ID_BYTES + SHARE_BYTES };
export const CONFIRM_AT = { tag: 1 };

export const HELLO_BYTES = HELLO_AT.share + SHARE_BYTES;
export const REPLY_BYTES = REPLY_AT.tag + TAG_BYTES;
export const CONFIRM_BYTES = CONFIRM_AT.tag + TAG_BYTES;

export interface Limits {
  /** Largest message accepted, its parts joined. A full 2,000-node document is about 0.6 MB. */
  maxMessageBytes: number;
  /** Largest awareness message (names, colours, selections: small). */
  maxAwarenessBytes: number;
  /** Frames per second a peer may send, with a burst of twice that. */
  framesPerSecond: number;
  /** Bytes per second a peer may send, with a burst of twice that. */
  bytesPerSecond: number;
  /** Received frames, and their bytes, waiting to be processed before the peer is cut off. */
  maxQueuedFrames: number;
  maxQueuedBytes: number;
  /** Milliseconds a handshake may take. */
  handshakeTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxAwarenessBytes: 64 * 1024,
  framesPerSecond: 400,
  bytesPerSecond: 32 * 1024 * 1024,
  maxQueuedFrames: 1024,
  maxQueuedBytes: 48 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
};

/**
 * WebSocket close codes (4000–4999 are free for applications) for each refusal, so
 * the other side can say why in words.
 */
export const CLOSE_CODE: Record<SyncErrorKey, number> = {
  handshakeFailed: 4101,
  frameTooLarge: 4102,
  tampered: 4103,
  malformed: 4104,
  updateRejected: 4105,
  rateLimited: 4106,
  tooManyAttempts: 4107,
  tooManyPeers: 4108,
  versionMismatch: 4109,
  timeout: 4110,
  privateDraft: 4111,
  foreignOrigin: 4112,
};

/** WebSocket's own close code for a message over the size limit. */
const WS_MESSAGE_TOO_BIG = 1009;

export function errorKeyForCloseCode(code: number): SyncErrorKey | null {
  if (code === WS_MESSAGE_TOO_BIG) return 'frameTooLarge';
  for (const [key, value] of Object.entries(CLOSE_CODE))
    if (value === code) return key as SyncErrorKey;
  return null;
}
