/**
 * A channel passes a peer's checked update on to the document's other channels once
 * Yjs has integrated it, before its transaction ends (DocChannel.relayEarly): before
 * the document's update event and the listeners on it (a host's log). Only when what
 * the document would send brings nothing more, and never an update that marks the
 * tree private or that Yjs cannot integrate: each other peer gets it once, none gets
 * it back, and every copy ends the same.
 */
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { isPrivateDraft, PRIVATE_KEY } from '../../../shared/model/drafts';
import { ROOT_KEYS } from '../../../shared/model/schema';
import type { DocChannel } from '../../../shared/sync/doc-channel';
import { trustingChannel } from './trusting-channel';

const SYNC = 0;
const UPDATE = 2;

/** A sync update message as a peer sends it: channel, message type, length, bytes. */
function updateMessage(update: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = update.length;
  for (; n > 127; n >>>= 7) length.push((n & 127) | 128);
  length.push(n);
  return new Uint8Array([SYNC, UPDATE, ...length, ...update]);
}

/** The update in a sync update message that a channel sent. */
function updateOf(payload: Uint8Array): Uint8Array {
  let at = 1;
  while (payload[at]! & 128) at++;
  return payload.subarray(at + 1);
}

/**
 * A hub document (a host) with one channel per peer. Each peer's list holds the
 * updates the hub sent it, and whether the hub's update event (the first listener,
 * as a host's log is) had run for the change at that moment.
 */
function hub(peers: string[], appliesAsIs?: Record<string, boolean>, base?: Y.Doc) {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  let updateEvents = 0;
  doc.on('update', () => updateEvents++);
  const sent: Record<string, Array<{ update: Uint8Array; afterUpdateEvent: boolean }>> = {};
  const channels: Record<string, DocChannel> = {};
  let eventsBefore = 0;
  for (const peer of peers) {
    sent[peer] = [];
    channels[peer] = trustingChannel(
      doc,
      (channel, payload) => {
        if (channel === SYNC && payload[0] === UPDATE)
          sent[peer]!.push({
            update: updateOf(payload).slice(),
            afterUpdateEvent: updateEvents > eventsBefore,
          });
      },
      { appliesAsIs: appliesAsIs && (() => appliesAsIs[peer] ?? true) },
    );
    channels[peer].start();
  }
  return {
    doc,
    sent,
    channels,
    /** Counts update events from now on (afterUpdateEvent). */
    mark() {
      eventsBefore = updateEvents;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** An edit made on a copy of `base`, as the update a peer would send. */
function editOn(base: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  change(copy);
  return Y.mergeUpdates(updates);
}

/** Applies what the hub sent a peer to a copy of `base`: whether it was ever private. */
function everPrivate(base: Y.Doc, updates: Array<{ update: Uint8Array }>): boolean {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(base));
  return updates.some(({ update }) => {
    Y.applyUpdate(replica, update);
    return isPrivateDraft(replica);
  });
}

describe('DocChannel relaying a peer’s update early', () => {
  it('sends it on to every other peer once, before the hub’s update event, and never back', async () => {
    const { doc, sent, channels, mark } = hub(['a', 'b', 'c']);
    const edit = editOn(doc, (d) => d.getMap('m').set('title', 'Grow revenue'));
    mark();
    expect(channels.a!.handle(updateMessage(edit))).toBeUndefined();
    expect(doc.getMap('m').get('title')).toBe('Grow revenue');
    await tick();
    for (const peer of ['b', 'c']) {
      expect(sent[peer]).toHaveLength(1);
      expect(sent[peer]![0]!.afterUpdateEvent).toBe(false);
      expect(sent[peer]![0]!.update).toEqual(edit);
    }
    expect(sent.a).toHaveLength(0);
  });

  it('sends what the hub kept, after its update event, when the room may undo the edit', async () => {
    const { doc, sent, channels, mark } = hub(['a', 'b'], { a: false });
    mark();
    channels.a!.handle(updateMessage(editOn(doc, (d) => d.getMap('m').set('title', 'Locked'))));
    await tick();
    expect(sent.b).toHaveLength(1);
    expect(sent.b![0]!.afterUpdateEvent).toBe(true);
  });

  describe('never passes on the private mark', () => {
    const meta = (d: Y.Doc) => d.getMap(ROOT_KEYS.meta);

    /** The hub takes the mark back and refuses the peer; b never sees the tree private. */
    async function refused(base: Y.Doc, attack: Uint8Array) {
      const { sent, channels } = hub(['a', 'b'], undefined, base);
      expect(() => channels.a!.handle(updateMessage(attack))).toThrow(/private/);
      await tick();
      expect(everPrivate(base, sent.b!)).toBe(false);
    }

    it('set as a new key', async () => {
      const base = new Y.Doc();
      meta(base).set('title', 'Shared');
      await refused(
        base,
        editOn(base, (d) => meta(d).set(PRIVATE_KEY, true)),
      );
    });

    it('set again, where the update names the key only through an earlier entry', async () => {
      const base = new Y.Doc();
      meta(base).set(PRIVATE_KEY, false);
      await refused(
        base,
        editOn(base, (d) => meta(d).set(PRIVATE_KEY, true)),
      );
    });

    it('set with the key’s length written in a longer form than Yjs writes', async () => {
      const base = new Y.Doc();
      const plain = editOn(base, (d) => meta(d).set(PRIVATE_KEY, true));
      const key = new TextEncoder().encode(PRIVATE_KEY);
      let at = -1;
      for (let i = 1; i < plain.length && at < 0; i++)
        if (plain[i - 1] === key.length && key.every((b, j) => plain[i + j] === b)) at = i - 1;
      const crafted = new Uint8Array([
        ...plain.subarray(0, at),
        0x80 | key.length,
        0x00,
        ...plain.subarray(at + 1),
      ]);
      const probe = new Y.Doc();
      Y.applyUpdate(probe, crafted);
      expect(isPrivateDraft(probe)).toBe(true); // Yjs reads it as the mark
      await refused(base, crafted);
    });
  });

  it('passes on nothing of an update that Yjs cannot integrate', async () => {
    // An item whose parent is itself: it reads well, and throws while it integrates.
    const e = encoding.createEncoder();
    for (const n of [1, 1, 4242, 0]) encoding.writeVarUint(e, n);
    encoding.writeUint8(e, 8); // ContentAny, no origins, no key
    for (const n of [0, 4242, 0, 1]) encoding.writeVarUint(e, n); // parent: the item itself
    encoding.writeAny(e, 'x');
    encoding.writeVarUint(e, 0); // no deletions
    const crafted = encoding.toUint8Array(e);
    expect(() => Y.applyUpdate(new Y.Doc(), crafted)).toThrow();

    const { sent, channels } = hub(['a', 'b']);
    expect(() => channels.a!.handle(updateMessage(crafted))).toThrow();
    await tick();
    const replica = new Y.Doc();
    for (const { update } of sent.b!) {
      expect(update).not.toEqual(crafted);
      expect(() => Y.applyUpdate(replica, update)).not.toThrow();
    }
  });

  it('does not relay early while the hub holds updates that wait for others, and every copy converges', async () => {
    const { doc, sent, channels } = hub(['a', 'b', 'c']);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    const list = source.getArray<string>('list');
    list.push(['first']);
    list.push(['second']); // depends on the first
    source.getText('text').insert(0, 'unrelated');
    // The second arrives first: held by the hub, so not passed on.
    channels.a!.handle(updateMessage(updates[1]!));
    expect(doc.store.pendingStructs).not.toBeNull();
    await tick();
    expect(sent.b).toHaveLength(0);
    // The first releases it: the hub applies, then sends both, as one update.
    channels.c!.handle(updateMessage(updates[0]!));
    await tick();
    expect(doc.getArray('list').toArray()).toEqual(['first', 'second']);
    // With nothing waiting any more, the next is relayed early again.
    channels.a!.handle(updateMessage(updates[2]!));
    await tick();
    expect(sent.b).toHaveLength(2);
    expect(sent.b![1]!.update).toEqual(updates[2]);
    const replica = new Y.Doc();
    for (const { update } of sent.b!) Y.applyUpdate(replica, update);
    expect(replica.getArray('list').toArray()).toEqual(['first', 'second']);
    expect(replica.getText('text').toString()).toBe('unrelated');
  });

  it('keeps a relayed update in order behind what a peer’s channel holds for the end of the task', async () => {
    const { doc, sent, channels } = hub(['a', 'b']);
    doc.getMap('m').set('x', 1); // leaves at once to both
    doc.getMap('m').set('y', 2); // held for the end of the task
    const edit = editOn(doc, (d) => d.getMap('m').set('z', 3));
    expect(channels.a!.handle(updateMessage(edit))).toBeUndefined(); // handled in this task
    expect(sent.b).toHaveLength(1);
    await tick();
    expect(sent.b).toHaveLength(2);
    const replica = new Y.Doc();
    for (const { update } of sent.b!) Y.applyUpdate(replica, update);
    expect(replica.getMap('m').toJSON()).toEqual({ x: 1, y: 2, z: 3 });
  });
});
