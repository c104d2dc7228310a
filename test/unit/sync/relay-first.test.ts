/**
 * A channel passes a peer's checked update on to the document's other channels before
 * applying it (DocChannel.relayFirst), and only when what the document would send
 * after applying it brings nothing more: each other peer gets it once, none gets it
 * back, and every copy ends the same.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocChannel } from '../../../shared/sync/doc-channel';
import { keyBytes, mayNameKey } from '../../../shared/sync/update-bytes';
import type { UpdateGuard } from '../../../shared/sync/update-guard';

const trusting: UpdateGuard = {
  checkUpdate: () => Promise.resolve(),
  checkStateVector: () => Promise.resolve(),
  checkNow: () => true,
  close: () => {},
};

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
 * updates the hub sent it, and whether the hub had applied the change at that moment.
 */
function hub(peers: string[], appliesAsIs?: Record<string, boolean>) {
  const doc = new Y.Doc();
  const sent: Record<string, Array<{ update: Uint8Array; hubHad: boolean }>> = {};
  const channels: Record<string, DocChannel> = {};
  let watch: () => boolean = () => false;
  for (const peer of peers) {
    sent[peer] = [];
    channels[peer] = new DocChannel({
      doc,
      awareness: null,
      guard: trusting,
      maxAwarenessBytes: 1024,
      isOpen: () => true,
      onRefused: () => {},
      appliesAsIs: appliesAsIs && (() => appliesAsIs[peer] ?? true),
      send: (channel, payload) => {
        if (channel === SYNC && payload[0] === UPDATE)
          sent[peer]!.push({ update: updateOf(payload).slice(), hubHad: watch() });
      },
    });
    channels[peer].start();
  }
  return {
    doc,
    sent,
    channels,
    /** What `sent` records as hubHad: whether the hub has the change looked for. */
    watching(has: () => boolean) {
      watch = has;
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

describe('DocChannel relaying a peer’s update before applying it', () => {
  it('sends it on to every other peer once, before the hub has it, and never back', async () => {
    const { doc, sent, channels, watching } = hub(['a', 'b', 'c']);
    watching(() => doc.getMap('m').get('title') === 'Grow revenue');
    const edit = editOn(doc, (d) => d.getMap('m').set('title', 'Grow revenue'));
    await channels.a!.handle(updateMessage(edit));
    expect(doc.getMap('m').get('title')).toBe('Grow revenue');
    await tick();
    for (const peer of ['b', 'c']) {
      expect(sent[peer]).toHaveLength(1);
      expect(sent[peer]![0]!.hubHad).toBe(false);
      expect(sent[peer]![0]!.update).toEqual(edit);
    }
    expect(sent.a).toHaveLength(0);
  });

  it('applies first, and sends what the hub kept, when the room may undo the edit', async () => {
    const { doc, sent, channels, watching } = hub(['a', 'b'], { a: false });
    watching(() => doc.getMap('m').get('title') === 'Locked out');
    await channels.a!.handle(
      updateMessage(editOn(doc, (d) => d.getMap('m').set('title', 'Locked out'))),
    );
    await tick();
    expect(sent.b).toHaveLength(1);
    expect(sent.b![0]!.hubHad).toBe(true);
  });

  it('applies first an update that may mark the tree private', async () => {
    const { doc, sent, channels, watching } = hub(['a', 'b']);
    watching(() => doc.getMap('m').has('private'));
    await channels.a!.handle(updateMessage(editOn(doc, (d) => d.getMap('m').set('private', 1))));
    await tick();
    expect(sent.b).toHaveLength(1);
    expect(sent.b![0]!.hubHad).toBe(true);
  });

  it('applies first while the hub holds updates that wait for others, and every copy converges', async () => {
    const { doc, sent, channels } = hub(['a', 'b', 'c']);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    const list = source.getArray<string>('list');
    list.push(['first']);
    list.push(['second']); // depends on the first
    const text = source.getText('text');
    text.insert(0, 'unrelated');
    // The second arrives first: relayed (nothing waits yet), then held by the hub.
    await channels.a!.handle(updateMessage(updates[1]!));
    expect(doc.store.pendingStructs).not.toBeNull();
    // The first releases it: the hub applies, then sends both, as one update.
    await channels.c!.handle(updateMessage(updates[0]!));
    await tick();
    expect(doc.getArray('list').toArray()).toEqual(['first', 'second']);
    // With nothing waiting any more, the next is relayed again.
    await channels.a!.handle(updateMessage(updates[2]!));
    await tick();
    const replica = new Y.Doc();
    for (const { update } of sent.b!) Y.applyUpdate(replica, update);
    expect(replica.getArray('list').toArray()).toEqual(['first', 'second']);
    expect(replica.getText('text').toString()).toBe('unrelated');
    expect(sent.b).toHaveLength(3);
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

describe('mayNameKey', () => {
  const key = keyBytes('private');
  const setting = (name: string, value: unknown) => {
    const doc = new Y.Doc();
    return editOn(doc, (d) => d.getMap('meta').set(name, value));
  };

  it('finds a key that an update sets or deletes', () => {
    expect(mayNameKey(setting('private', true), key)).toBe(true);
    const doc = new Y.Doc();
    doc.getMap('meta').set('private', true);
    expect(
      mayNameKey(
        editOn(doc, (d) => d.getMap('meta').delete('private')),
        key,
      ),
    ).toBe(false);
  });

  it('says no for other keys and for longer strings that hold the word', () => {
    expect(mayNameKey(setting('title', 'private equity'), key)).toBe(false);
    expect(mayNameKey(setting('privately', true), key)).toBe(false);
    expect(mayNameKey(new Uint8Array(), key)).toBe(false);
  });

  it('says yes, to be safe, for a string value of the same text', () => {
    expect(mayNameKey(setting('note', 'private'), key)).toBe(true);
  });

  it('finds the key at the very end of the bytes', () => {
    expect(mayNameKey(new Uint8Array([1, 2, ...key]), key)).toBe(true);
    expect(mayNameKey(new Uint8Array([1, 2, ...key.subarray(0, -1)]), key)).toBe(false);
  });
});
