/** Starting workshop peers on 127.0.0.1 for tests, and waiting for them to agree. */
import * as Y from 'yjs';
import { WorkshopPeer, type WorkshopPeerOptions } from '../../electron/peer/workshop-peer';
import { CanopyDoc, ROOT_KEYS, templateById } from '../../shared/model';
import {
  RoomClient,
  type Identity,
  type PeerSession,
  type RoomClientOptions,
} from '../../shared/sync';
import { canonicalJson } from '../fuzz/convergence';

export const CODE = 'K7QM3XPA9RT2';

export interface TestPeer {
  peer: WorkshopPeer;
  doc: Y.Doc;
  model: CanopyDoc;
  port: number;
}

export async function startPeer(
  options: Partial<WorkshopPeerOptions> & { doc?: Y.Doc } = {},
): Promise<TestPeer> {
  const doc = options.doc ?? new Y.Doc();
  const peer = new WorkshopPeer({
    code: CODE,
    host: '127.0.0.1',
    backoff: { initial: 50, max: 500 },
    ...options,
    doc,
  });
  const port = await peer.listen();
  return { peer, doc, model: new CanopyDoc(doc), port };
}

/** A document holding the example tree, as the facilitator's starting point. */
export function exampleDoc(id = 'workshop-doc'): Y.Doc {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({
    id,
    title: 'Workshop',
    vision: templateById('example').vision,
  });
  return doc;
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The document's content as text: the same on every peer once they agree. */
export function snapshot(doc: Y.Doc): string {
  // Read through the typed roots: a doc that only received updates has not defined
  // them, and Y.Doc.toJSON leaves undefined roots out.
  return canonicalJson({
    meta: doc.getMap(ROOT_KEYS.meta).toJSON(),
    nodes: doc.getMap(ROOT_KEYS.nodes).toJSON(),
  });
}

export function converged(docs: Y.Doc[]): boolean {
  const first = snapshot(docs[0]!);
  return docs.every((d) => snapshot(d) === first);
}

/**
 * A participant's room side, for startPeer's `onRoom`: a RoomClient on each session
 * to the host (a reconnect makes a new one; `room()` is the latest). `tap` sees each
 * room message first, `onSession` each session.
 */
export function roomSide(
  identity: Identity,
  name: string,
  options: {
    tap?: (message: Uint8Array) => void;
    onSession?: (session: PeerSession) => void;
    onRevealed?: RoomClientOptions['onRevealed'];
  } = {},
) {
  const clients: RoomClient[] = [];
  return {
    onRoom: (session: PeerSession) => {
      const client = new RoomClient({
        identity,
        profile: () => ({ name, colour: '#3a6fd8' }),
        send: (payload) => session.sendRoom(payload),
        onRevealed: options.onRevealed,
      });
      client.start(session.binding!);
      clients.push(client);
      options.onSession?.(session);
      return {
        receive: (m: Uint8Array) => (options.tap?.(m), client.receive(m)),
        close: () => client.stop(),
      };
    },
    room: () => clients.at(-1)!,
    /** The host has seated this person in the room. */
    seated: () => clients.at(-1)?.snapshot?.you === identity.key,
  };
}
