/**
 * Reads a presence (awareness) message with bounds before y-protocols does, without
 * them: the client count, each state's length, and how deeply a state nests. A state
 * must also survive being encoded again for the next peer: deep nesting that
 * JSON.parse accepts can overflow JSON.stringify's stack.
 */
import * as decoding from 'lib0/decoding';
import { SyncError } from './errors';

/** Presence is names, colours and selections: a few levels deep at most. */
const MAX_STATE_DEPTH = 8;
const MAX_AWARENESS_CLIENTS = 1000;

/** The client ids an awareness message names; throws a SyncError when it is malformed. */
export function awarenessClients(payload: Uint8Array): number[] {
  const clients: number[] = [];
  try {
    const d = decoding.createDecoder(payload);
    const count = decoding.readVarUint(d);
    if (count > MAX_AWARENESS_CLIENTS) throw new Error('too many clients');
    for (let i = 0; i < count; i++) {
      clients.push(decoding.readVarUint(d));
      decoding.readVarUint(d);
      const len = decoding.readVarUint(d);
      if (len > d.arr.length - d.pos) throw new Error('truncated');
      const state: unknown = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(decoding.readUint8Array(d, len)),
      );
      if (depth(state) > MAX_STATE_DEPTH) throw new Error('state nested too deeply');
    }
    if (d.pos !== d.arr.length) throw new Error('trailing bytes');
  } catch {
    throw new SyncError('malformed', 'awareness message');
  }
  return clients;
}

/** Nesting depth of a parsed JSON value, without recursion (the input is hostile). */
function depth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > MAX_STATE_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
