/**
 * This device's identity in workshop rooms (shared/sync/room/identity.ts), kept in the
 * app's data folder so a restart is the same person (and still the facilitator of a
 * room it hosted). The file is private (0600) and read like untrusted input: one that
 * is damaged or not ours is replaced by a new identity, never trusted.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newIdentity, readIdentity, type Identity } from '../shared/sync';

export const ROOM_IDENTITY_FILE = 'room-identity.json';

export function loadOrCreateIdentity(folder: string): Identity {
  const file = path.join(folder, ROOM_IDENTITY_FILE);
  try {
    const kept = readIdentity(JSON.parse(readFileSync(file, 'utf8')));
    if (kept) return kept;
  } catch {
    /* none yet, or damaged: make one */
  }
  const identity = newIdentity();
  // Called as the app starts, when its data folder may not exist yet (a first launch);
  // a folder that cannot be written (a full disk) costs only the identity's keeping,
  // never the start: this run is one person, the next one may be another.
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(identity), { mode: 0o600 });
    renameSync(temp, file);
  } catch (e) {
    console.warn(`Canopy: could not keep this device's room identity in ${file}`, e);
  }
  return identity;
}
