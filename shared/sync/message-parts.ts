/**
 * Messages larger than a frame travel in parts (wire.ts): each part is a data frame
 * whose channel byte has MORE_PARTS set, but the last. The sender splits; the receiver
 * joins, with the size of what it holds checked at every part, so a stranger cannot
 * make it hold more than the limit however the parts are cut.
 */
import { SyncError } from './errors';
import { DATA_HEADER_BYTES, SEAL_TAG_BYTES } from './secure-channel';
import { MAX_WIRE_FRAME_BYTES, MORE_PARTS } from './wire';

/** Payload bytes per data frame: the wire limit less the header, the tag and the channel byte. */
const PART_BYTES = MAX_WIRE_FRAME_BYTES - DATA_HEADER_BYTES - SEAL_TAG_BYTES - 1;

/** The plaintexts of the data frames that carry one message (channel byte first in each). */
export function messageParts(channel: number, payload: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 0;
  do {
    const part = payload.subarray(offset, offset + PART_BYTES);
    offset += part.length;
    const plain = new Uint8Array(part.length + 1);
    plain[0] = offset < payload.length ? channel | MORE_PARTS : channel;
    plain.set(part, 1);
    parts.push(plain);
  } while (offset < payload.length);
  return parts;
}

/**
 * messageParts, remembering the last small message split: a host sends the same
 * update to every peer (doc-channel.ts builds it once), and each session seals the
 * same plaintext, so the parts are built once. Only messages of one part are kept,
 * so a whole document is never held on to.
 */
let lastPayload: Uint8Array | null = null;
let lastChannel = -1;
let lastParts: Uint8Array[] = [];
const REUSE_MAX_BYTES = 64 * 1024;

export function partsOf(channel: number, payload: Uint8Array): Uint8Array[] {
  if (payload === lastPayload && channel === lastChannel) return lastParts;
  const parts = messageParts(channel, payload);
  const small = payload.length <= REUSE_MAX_BYTES;
  lastPayload = small ? payload : null;
  lastChannel = channel;
  lastParts = small ? parts : [];
  return parts;
}

/** Joins parts into whole messages (channel byte first), within limits. */
export class PartJoiner {
  private parts: Uint8Array[] = [];
  private channel = 0;
  private bytes = 0;

  constructor(
    private readonly limits: { maxMessageBytes: number; maxQueuedBytes: number },
    /** Bytes of whole messages received and not yet handled. */
    private readonly queuedBytes: () => number,
  ) {}

  /** Takes one decrypted frame; returns the whole message it completes, if any. Throws a SyncError. */
  add(plain: Uint8Array): Uint8Array | null {
    if (plain.length < 1) throw new SyncError('malformed', 'empty message');
    const more = (plain[0]! & MORE_PARTS) !== 0;
    const channel = plain[0]! & ~MORE_PARTS;
    if (this.parts.length && channel !== this.channel)
      throw new SyncError('malformed', 'a part of another message');
    const bytes = this.bytes + plain.length - 1;
    if (bytes + 1 > this.limits.maxMessageBytes)
      throw new SyncError('frameTooLarge', `a message of more than ${bytes} bytes`);
    if (this.queuedBytes() + bytes > this.limits.maxQueuedBytes)
      throw new SyncError('rateLimited', 'too much waiting to be read');
    if (!more && !this.parts.length) return plain;
    this.parts.push(plain.subarray(1));
    this.channel = channel;
    this.bytes = bytes;
    if (more) return null;
    const message = new Uint8Array(bytes + 1);
    message[0] = channel;
    let at = 1;
    for (const part of this.parts) {
      message.set(part, at);
      at += part.length;
    }
    this.clear();
    return message;
  }

  clear(): void {
    this.parts = [];
    this.bytes = 0;
  }
}
