/**
 * Seeded random runs of a hub (a host) and its peers, each link a DocChannel pair
 * whose messages arrive in order per direction but interleaved at random across
 * links: peers and the hub edit, the hub's lock undoes some peers' edits for a
 * while, and out-of-order updates from a third party leave the hub holding some
 * until their dependencies come. However the hub relays (early, or from its update
 * event: DocChannel.relayEarly), every copy must end identical once everything is
 * delivered.
 *
 * The quick tier runs in `npm test` (test/unit/sync/relay-convergence.test.ts), the
 * long one in `npm run fuzz -- --suite relay`.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { holdSends, type DocChannel, type DocChannelOptions } from '../../shared/sync/doc-channel';
import { trustingChannel } from '../unit/sync/trusting-channel';

export const RELAY_SUITE = { firstSeed: 300_000, defaultIterations: 2_000, peers: 3, steps: 80 };

interface Link {
  queue: Uint8Array[];
  to: () => DocChannel;
}

function channel(doc: Y.Doc, link: Link, options: Partial<DocChannelOptions> = {}) {
  const send: DocChannelOptions['send'] = (ch, payload) =>
    void link.queue.push(new Uint8Array([ch, ...payload]));
  return trustingChannel(doc, send, {
    onRefused: (e) => {
      throw e;
    },
    ...options,
  });
}

/** Applies a peer's update under a lock as the room's host does: applied, then undone. */
function applyLocked(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const undo = new Y.UndoManager([doc.getMap('m'), doc.getArray('list'), doc.getText('text')], {
    trackedOrigins: new Set([origin]),
    captureTimeout: 0,
  });
  try {
    holdSends(doc, () => {
      Y.applyUpdate(doc, update, origin);
      while (undo.undoStack.length) undo.undo();
    });
  } finally {
    undo.destroy();
  }
}

function edit(gen: prng.PRNG, doc: Y.Doc): void {
  const list = doc.getArray<number>('list');
  const text = doc.getText('text');
  switch (prng.int32(gen, 0, 4)) {
    case 0:
      doc.getMap('m').set(prng.oneOf(gen, ['a', 'b', 'title']), prng.int32(gen, 0, 999_999));
      break;
    case 1:
      list.insert(prng.int32(gen, 0, list.length), [prng.int32(gen, 0, 999_999)]);
      break;
    case 2:
      if (list.length) list.delete(prng.int32(gen, 0, list.length - 1));
      break;
    case 3:
      text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 4));
      break;
    default:
      if (text.length) text.delete(prng.int32(gen, 0, text.length - 1), 1);
  }
}

/** What a copy shows, map keys sorted: the hub and a peer may list them in any order. */
const contents = (doc: Y.Doc) => ({
  m: Object.entries(doc.getMap('m').toJSON()).sort(([a], [b]) => a.localeCompare(b)),
  list: doc.getArray('list').toJSON(),
  text: doc.getText('text').toString(),
});

/** One seeded run: the ways the copies differ from the hub's at the end (none: empty). */
export async function runRelay(
  seed: number,
  {
    peers: count = RELAY_SUITE.peers,
    steps = RELAY_SUITE.steps,
  }: { peers?: number; steps?: number } = {},
): Promise<string[]> {
  const gen = prng.create(seed);
  const hub = new Y.Doc();
  const peers = Array.from({ length: count }, () => new Y.Doc());
  const locked = peers.map(() => false);
  const links: Link[] = [];
  const hubChannels: DocChannel[] = [];
  const peerChannels: DocChannel[] = [];
  peers.forEach((doc, i) => {
    const up: Link = { queue: [], to: () => hubChannels[i]! };
    const down: Link = { queue: [], to: () => peerChannels[i]! };
    links.push(up, down);
    peerChannels[i] = channel(doc, up);
    hubChannels[i] = channel(hub, down, {
      appliesAsIs: () => !locked[i],
      applyUpdate: (u, origin) =>
        locked[i] ? applyLocked(hub, u, origin) : Y.applyUpdate(hub, u, origin),
    });
  });
  // A third party that sends the hub its updates out of order, on a link of its own
  // (what the hub sends back on it is dropped: the third party has it all).
  const ghost = new Y.Doc();
  const ghostUpdates: Uint8Array[] = [];
  ghost.on('update', (u: Uint8Array) => ghostUpdates.push(u));
  const ghostLink: Link = { queue: [], to: () => ghostChannel };
  const ghostChannel = channel(hub, { queue: [], to: () => ghostChannel });
  links.push(ghostLink);
  const fromGhost = (u: Uint8Array) =>
    ghostLink.queue.push(new Uint8Array([0, 2, ...varUint(u.length), ...u]));
  for (const c of [...hubChannels, ...peerChannels, ghostChannel]) c.start();

  const deliverOne = async () => {
    const ready = links.filter((l) => l.queue.length);
    if (!ready.length) return false;
    const link = prng.oneOf(gen, ready);
    await link.to().handle(link.queue.shift()!);
    return true;
  };
  for (let step = 0; step < steps; step++) {
    const action = prng.int32(gen, 0, 9);
    if (action <= 2) edit(gen, prng.oneOf(gen, peers));
    else if (action === 3) edit(gen, hub);
    else if (action === 4) locked[prng.int32(gen, 0, count - 1)] = prng.bool(gen);
    else if (action === 5) edit(gen, ghost);
    else if (action === 6 && ghostUpdates.length) {
      fromGhost(ghostUpdates.splice(prng.int32(gen, 0, ghostUpdates.length - 1), 1)[0]!);
    } else for (let n = prng.int32(gen, 1, 4); n > 0; n--) await deliverOne();
    // The end of a task: what channels held for it goes out.
    if (prng.bool(gen)) await new Promise((resolve) => setImmediate(resolve));
  }
  locked.fill(false);
  for (const u of ghostUpdates.splice(0)) fromGhost(u);
  for (;;) {
    while (await deliverOne());
    await new Promise((resolve) => setImmediate(resolve));
    if (!links.some((l) => l.queue.length)) break;
  }
  const failures: string[] = [];
  if (hub.store.pendingStructs) failures.push('the hub still holds updates');
  const expected = JSON.stringify(contents(hub));
  const expectedState = Y.encodeStateVector(hub).join();
  peers.forEach((doc, i) => {
    const got = JSON.stringify(contents(doc));
    if (got !== expected) failures.push(`peer ${i} has ${got}, the hub ${expected}`);
    else if (Y.encodeStateVector(doc).join() !== expectedState)
      failures.push(`peer ${i}'s state vector differs from the hub's`);
  });
  return failures;
}

function varUint(n: number): number[] {
  const out: number[] = [];
  for (; n > 127; n >>>= 7) out.push((n & 127) | 128);
  out.push(n);
  return out;
}
