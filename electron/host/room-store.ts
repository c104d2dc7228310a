/**
 * The open round of the room (its ballots and anonymous answers) on the host's disk,
 * so a host restart mid-vote loses no ballot. Sealed: XChaCha20-Poly1305 under a key
 * of its own (room.key beside it, owner-only, 0600), so the ballots are not lying in
 * the data folder in clear for whoever copies or backs it up; someone who can read
 * the key file too can read them (docs/security.md says so). Written atomically
 * (temporary file, fsync, rename, folder fsync) after every ballot.
 *
 * What is kept never links an answer to its author (room-host.ts, SavedRoom). A file
 * that cannot be opened (another key, damage, a newer format) is set aside, never
 * deleted, with a warning, and the host starts with no round.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { BallotSchema, RoundConfigSchema, type SavedRoom } from '../../shared/sync';
import { replaceFile } from '../peer/durable-files';

const FILE = 'room.sealed';
const KEY_FILE = 'room.key';
const MAGIC = new TextEncoder().encode('CANOPYROOM1');
const NONCE_BYTES = 24;

const SavedRoomSchema = v.object({
  round: v.nullable(
    v.object({
      id: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/)),
      config: RoundConfigSchema,
      ballots: v.array(v.tuple([v.string(), BallotSchema])),
      answers: v.array(v.string()),
      answered: v.array(v.tuple([v.string(), v.number()])),
    }),
  ),
});

export class SealedRoomStore {
  private readonly file: string;
  private readonly key: Uint8Array;

  constructor(
    folder: string,
    private readonly warn: (message: string) => void = console.warn,
  ) {
    this.file = path.join(folder, FILE);
    this.key = readOrMakeKey(path.join(folder, KEY_FILE));
  }

  /** The round a previous run kept, or null (none, or set aside because unreadable). */
  load(): SavedRoom | null {
    if (!existsSync(this.file)) return null;
    const bytes = readFileSync(this.file);
    try {
      if (!equal(bytes.subarray(0, MAGIC.length), MAGIC)) throw new Error('not a sealed room');
      const nonce = bytes.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
      const plain = xchacha20poly1305(this.key, nonce, MAGIC).decrypt(
        bytes.subarray(MAGIC.length + NONCE_BYTES),
      );
      return v.parse(SavedRoomSchema, JSON.parse(new TextDecoder().decode(plain)));
    } catch (e) {
      const aside = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.file, aside);
      this.warn(
        `canopy host: the saved round could not be opened (${(e as Error).message}); it was kept in ${aside} and the room starts without a round.`,
      );
      return null;
    }
  }

  save(room: SavedRoom): void {
    const nonce = randomBytes(NONCE_BYTES);
    const sealed = xchacha20poly1305(this.key, nonce, MAGIC).encrypt(
      new TextEncoder().encode(JSON.stringify(room)),
    );
    replaceFile(this.file, [MAGIC, nonce, sealed]);
  }
}

function readOrMakeKey(file: string): Uint8Array {
  if (existsSync(file)) {
    const key = readFileSync(file);
    if (key.length === 32) return new Uint8Array(key);
    renameSync(file, `${file}.unreadable-${Date.now()}`);
  }
  const key = randomBytes(32);
  replaceFile(file, [key]);
  return key;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
