/** DocChannel's outgoing side: bursts of local edits leave as one merged frame. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocChannel } from '../../../shared/sync/doc-channel';
import type { UpdateGuard } from '../../../shared/sync/update-guard';

const trusting: UpdateGuard = {
  checkUpdate: () => Promise.resolve(),
  checkStateVector: () => Promise.resolve(),
  close: () => {},
};

/** Two documents joined by a pair of channels; `frames` counts what `from` sends. */
function pair() {
  const from = new Y.Doc();
  const to = new Y.Doc();
  const frames: Uint8Array[] = [];
  let receiver: DocChannel | null = null;
  const sender = new DocChannel({
    doc: from,
    awareness: null,
    guard: trusting,
    maxAwarenessBytes: 1024,
    isOpen: () => true,
    send: (channel, payload) => {
      const message = new Uint8Array([channel, ...payload]);
      frames.push(message);
      void receiver!.handle(message);
    },
  });
  receiver = new DocChannel({
    doc: to,
    awareness: null,
    guard: trusting,
    maxAwarenessBytes: 1024,
    isOpen: () => true,
    send: () => {},
  });
  sender.start();
  frames.length = 0; // sync step 1
  return { from, to, frames, sender };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DocChannel outgoing updates', () => {
  it('sends 1,000 transactions made in one task as one frame, and the other side gets them all', async () => {
    const { from, to, frames } = pair();
    const list = from.getArray<number>('list');
    for (let i = 0; i < 1000; i++) list.push([i]);
    expect(frames).toHaveLength(0);
    await tick();
    expect(frames).toHaveLength(1);
    await tick();
    expect(to.getArray<number>('list').toArray()).toEqual(list.toArray());
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
    from.getMap('m').set('a', 1);
    sender.stop();
    await tick();
    expect(frames).toHaveLength(0);
  });
});
