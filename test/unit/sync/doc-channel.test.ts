/** DocChannel's outgoing side: an edit leaves at once, the rest of a burst as one frame. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import type { DocChannel } from '../../../shared/sync/doc-channel';
import { holdSends } from '../../../shared/sync/doc-channel';
import type { SyncError } from '../../../shared/sync/errors';
import { isPrivateDraft, PRIVATE_KEY } from '../../../shared/model/drafts';
import type { UpdateGuard } from '../../../shared/sync/update-guard';
import { trustingChannel } from './trusting-channel';

const trusting: UpdateGuard = {
  checkUpdate: () => Promise.resolve(),
  checkStateVector: () => Promise.resolve(),
  close: () => {},
};

/** A channel on `doc` with a guard that passes everything, each check in its turn. */
function channelOn(
  doc: Y.Doc,
  send: (channel: number, payload: Uint8Array) => void,
  onRefused: (e: SyncError) => void = () => {},
): DocChannel {
  return trustingChannel(doc, send, { guard: trusting, onRefused });
}

/** Two documents joined by a pair of channels; `frames` counts what `from` sends. */
function pair() {
  const from = new Y.Doc();
  const to = new Y.Doc();
  const frames: Uint8Array[] = [];
  let receiver: DocChannel | null = null;
  const sender = channelOn(from, (channel, payload) => {
    const message = new Uint8Array([channel, ...payload]);
    frames.push(message);
    void receiver!.handle(message);
  });
  receiver = channelOn(to, () => {});
  sender.start();
  frames.length = 0; // sync step 1
  return { from, to, frames, sender };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DocChannel outgoing updates', () => {
  it('sends the first edit of a task at once, before the task goes on', () => {
    const { from, frames } = pair();
    const map = from.getMap<string>('m');
    let sentBeforeReturn = 0;
    from.on('update', () => (sentBeforeReturn = frames.length));
    map.set('a', '1');
    expect(sentBeforeReturn).toBe(1);
  });

  it('sends 1,000 transactions made in one task as two frames, and the other side gets them all', async () => {
    const { from, to, frames } = pair();
    const list = from.getArray<number>('list');
    for (let i = 0; i < 1000; i++) list.push([i]);
    expect(frames).toHaveLength(1);
    await tick();
    expect(frames).toHaveLength(2);
    await tick();
    expect(to.getArray<number>('list').toArray()).toEqual(list.toArray());
  });

  it('holds every update made inside holdSends for one frame at the end of the task', async () => {
    const { from, to, frames } = pair();
    const map = from.getMap<string>('m');
    holdSends(from, () => {
      map.set('secret', 'flash');
      map.delete('secret');
    });
    expect(frames).toHaveLength(0);
    await tick();
    expect(frames).toHaveLength(1);
    await tick();
    expect(to.getMap('m').has('secret')).toBe(false);
  });

  it('does not unwind a failed send into the transaction that made the change', async () => {
    const doc = new Y.Doc();
    const channel = channelOn(doc, (_channel, payload) => {
      if (payload[0] === 2) throw new Error('socket gone');
    });
    channel.start();
    const thrown = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (e) => {
        for (const l of listeners) process.on('uncaughtException', l);
        resolve(e);
      });
    });
    expect(() => doc.getMap('m').set('a', 1)).not.toThrow();
    expect(doc.getMap('m').get('a')).toBe(1);
    expect(((await thrown) as Error).message).toBe('socket gone');
  });

  it('sends edits made in separate tasks separately, in order', async () => {
    const { from, to, frames } = pair();
    const map = from.getMap<string>('m');
    map.set('a', '1');
    await tick();
    map.set('a', '2');
    await tick();
    expect(frames).toHaveLength(2);
    await tick();
    expect(to.getMap('m').get('a')).toBe('2');
  });

  it('drops what it has not sent when stopped', async () => {
    const { from, frames, sender } = pair();
    from.getMap('m').set('a', 1); // goes at once
    from.getMap('m').set('b', 2); // waits for the end of the task
    sender.stop();
    await tick();
    expect(frames).toHaveLength(1);
  });
});

describe('DocChannel and private drafts', () => {
  function channelFor(doc: Y.Doc) {
    const sent: Uint8Array[] = [];
    const refused: SyncError[] = [];
    const channel = channelOn(
      doc,
      (_channel, payload) => sent.push(payload),
      (e) => refused.push(e),
    );
    return { channel, sent, refused };
  }

  const draft = () => {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ title: 'Secret draft', vision: { title: 'Private idea' }, private: true });
    return model;
  };

  it('sends nothing at all for a draft, not even a state vector, and says why', () => {
    const model = draft();
    const { channel, sent, refused } = channelFor(model.ydoc);
    channel.start();
    expect(sent).toHaveLength(0);
    expect(refused.map((e) => e.code)).toEqual(['CANOPY-111']);
  });

  it('answers no sync request and applies no update for a draft', async () => {
    const model = draft();
    const { channel, sent, refused } = channelFor(model.ydoc);
    const step1 = new Uint8Array([0, 0, 1, 0]); // sync, step 1, an empty state vector
    await channel.handle(step1);
    expect(sent).toHaveLength(0);
    const other = new Y.Doc();
    other.getMap('m').set('k', 'v');
    const update = Y.encodeStateAsUpdate(other);
    await channel.handle(new Uint8Array([0, 2, ...encodeLength(update.length), ...update]));
    expect(model.ydoc.getMap('m').get('k')).toBeUndefined();
    expect(refused).toHaveLength(2);
  });

  it('stops sending the moment a shared document becomes private', async () => {
    const doc = new Y.Doc();
    const { channel, sent, refused } = channelFor(doc);
    channel.start();
    sent.length = 0;
    doc.transact(() => {
      doc.getMap('meta').set('private', true);
      doc.getMap('nodes').set('n', 'secret');
    });
    await tick();
    expect(sent).toHaveLength(0);
    expect(refused).toHaveLength(1);
  });
});

function encodeLength(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A fresh, empty peer joining `host`: each side's channel hands the other's messages on. */
async function join(host: Y.Doc): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const channels: { host?: DocChannel; joiner?: DocChannel } = {};
  const to = (side: 'host' | 'joiner') => (channel: number, payload: Uint8Array) =>
    void channels[side]!.handle(new Uint8Array([channel, ...payload]));
  channels.host = channelOn(host, to('joiner'));
  channels.joiner = channelOn(doc, to('host'));
  channels.host.start();
  channels.joiner.start();
  await tick();
  channels.host.stop();
  channels.joiner.stop();
  return doc;
}

describe('DocChannel answering peers that have nothing', () => {
  it('gives each the document as it is now, deletions included', async () => {
    const host = new Y.Doc();
    const list = host.getArray<string>('list');
    list.push(['a', 'b', 'c']);
    const first = await join(host);
    const second = await join(host);
    expect(first.getArray('list').toArray()).toEqual(['a', 'b', 'c']);
    expect(second.getArray('list').toArray()).toEqual(['a', 'b', 'c']);
    // A deletion alone leaves the state vector as it was: it must still be seen.
    list.delete(1, 1);
    expect((await join(host)).getArray('list').toArray()).toEqual(['a', 'c']);
    list.push(['d']);
    expect((await join(host)).getArray('list').toArray()).toEqual(['a', 'c', 'd']);
  });
});

describe('DocChannel and a peer that marks a shared tree private', () => {
  /** A host document with a channel to each of two peers, wired in memory. */
  function star() {
    const host = new Y.Doc();
    const peers = [new Y.Doc(), new Y.Doc()];
    const errors: unknown[] = [];
    const refuse = (e: SyncError) => errors.push(e);
    // Hands each message to `to`, and keeps what it throws (the peer would be closed).
    const deliver = (to: () => DocChannel) => (channel: number, payload: Uint8Array) => {
      try {
        void to().handle(new Uint8Array([channel, ...payload]));
      } catch (e) {
        errors.push(e);
      }
    };
    const hostSide: DocChannel[] = [];
    const peerSide: DocChannel[] = [];
    for (const doc of peers) {
      const i = peerSide.length;
      hostSide.push(
        channelOn(
          host,
          deliver(() => peerSide[i]!),
          refuse,
        ),
      );
      peerSide.push(
        channelOn(
          doc,
          deliver(() => hostSide[i]!),
          refuse,
        ),
      );
    }
    for (const c of [...hostSide, ...peerSide]) c.start();
    return { host, peers, errors, hostSide };
  }

  it('takes the mark back, refuses that peer, and the others never see the tree private', async () => {
    const { host, peers, errors, hostSide } = star();
    const [hostile, other] = peers as [Y.Doc, Y.Doc];
    new CanopyDoc(host).initialise({ title: 'Shared tree', vision: { title: 'Vision' } });
    await tick();
    expect(other.getMap('meta').get('title')).toBe('Shared tree');
    let seenPrivate = false;
    other.on('afterTransaction', () => (seenPrivate ||= isPrivateDraft(other)));
    // A hostile app sends the mark as a plain sync update, with a rename beside it
    // (its own channel would refuse to send anything once its copy is private).
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(hostile));
    const before = Y.encodeStateVector(forged);
    forged.transact(() => {
      forged.getMap('meta').set(PRIVATE_KEY, true);
      forged.getMap('meta').set('title', 'Renamed by the hostile peer');
    });
    const update = Y.encodeStateAsUpdate(forged, before);
    const message = new Uint8Array([0, 2, ...encodeLength(update.length), ...update]);
    await expect(Promise.resolve().then(() => hostSide[0]!.handle(message))).rejects.toThrow(
      /CANOPY-105.*marked the shared tree private/,
    );
    await tick();
    expect(isPrivateDraft(host)).toBe(false);
    expect(isPrivateDraft(other)).toBe(false);
    expect(seenPrivate).toBe(false);
    // What else the update held is kept, and the host and the other peer still sync.
    expect(other.getMap('meta').get('title')).toBe('Renamed by the hostile peer');
    new CanopyDoc(host).renameDocument('Still shared');
    await tick();
    expect(other.getMap('meta').get('title')).toBe('Still shared');
    expect(errors).toEqual([]);
  });
});
