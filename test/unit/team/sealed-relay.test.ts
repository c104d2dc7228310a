import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, ROOT_KEYS, templateById } from '../../../shared/model';
import { PRIVATE_KEY } from '../../../shared/model/drafts';
import { ENVELOPE_ARRAY } from '../../../shared/team/envelope';
import { BLOB_KIND, createSealer, generateRoomKey } from '../../../shared/team/sealing';
import { Hub, member, until } from './relay-harness';

const SECRET = 'Acquire Northwind before Q3';

function tree(title = SECRET): Y.Doc {
  const doc = new Y.Doc();
  new CanopyDoc(doc).initialise({ id: 'team-doc', title, vision: templateById('example').vision });
  return doc;
}

/** The example tree with `n` more items under its vision. */
function treeWithItems(n: number, title = (i: number) => `Item ${i}`): Y.Doc {
  const doc = tree();
  const model = new CanopyDoc(doc);
  const root = model.tree().rootId!;
  for (let i = 0; i < n; i++) model.addNode(root, { title: title(i) });
  return doc;
}

/** Renames the tree `Title from` … `Title to - 1`, one task each: a blob each. */
async function renameInTurns(model: CanopyDoc, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    model.renameDocument(`Title ${i}`);
    await new Promise((r) => setTimeout(r, 0));
  }
}

const titleOf = (doc: Y.Doc) => doc.getMap(ROOT_KEYS.meta).get('title');
const blobsOf = (envelope: Y.Doc) => envelope.getArray<Uint8Array>(ENVELOPE_ARRAY).toArray();

describe('the sealed relay', () => {
  it('brings two members to the same tree through sealed blobs only', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const a = member(hub, key, { doc: tree() });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length > 0, 'a first blob');
    const b = member(hub, key);
    b.relay.envelopeSynced();
    await until(() => titleOf(b.doc) === SECRET, 'the tree at b');
    const bytes = Buffer.concat(blobsOf(hub.server).map((x) => Buffer.from(x)));
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    // And back: b renames, a sees it.
    new CanopyDoc(b.doc).renameDocument('Renamed by b');
    await until(() => titleOf(a.doc) === 'Renamed by b', 'the rename at a');
  });

  it('going live pushes what only the new member has, and nothing when that is nothing', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const a = member(hub, key, { doc: tree() });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length === 1, 'a first blob');
    const b = member(hub, key);
    b.relay.envelopeSynced();
    await until(() => titleOf(b.doc) === SECRET, 'the tree at b');
    await until(() => b.events.some((e) => e.type === 'live'), 'b to go live');
    await b.relay.whenAcknowledged().catch(() => {});
    expect(b.events.filter((e) => e.type === 'pushed')).toHaveLength(0);
    // A member whose copy has an edit the envelope lacks pushes exactly that.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(b.doc));
    new CanopyDoc(copy).renameDocument('Renamed while away');
    const c = member(hub, key, { doc: copy });
    c.relay.envelopeSynced();
    await until(() => titleOf(a.doc) === 'Renamed while away', 'the edit at a');
    expect(c.events.filter((e) => e.type === 'pushed')).toHaveLength(1);
  });

  it('refuses blobs that do not open, says so, and keeps syncing', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const a = member(hub, key, { doc: tree() });
    a.relay.envelopeSynced();
    const b = member(hub, key);
    b.relay.envelopeSynced();
    await until(() => titleOf(b.doc) === SECRET, 'the tree at b');
    const before = Y.encodeStateVector(b.doc);
    // A member with a token but not the key: random bytes, and a change sealed under
    // another key (the same document id) that would rename the tree.
    const stranger = createSealer(generateRoomKey(), 'team-doc');
    const rename = new Y.Doc();
    Y.applyUpdate(rename, Y.encodeStateAsUpdate(b.doc));
    new CanopyDoc(rename).renameDocument('Hijacked');
    const forged = stranger.seal(BLOB_KIND.update, Y.encodeStateAsUpdate(rename, before));
    hub.server.getArray(ENVELOPE_ARRAY).push([crypto.getRandomValues(new Uint8Array(300)), forged]);
    await until(() => b.relay.refusedBlobs === 2, 'two refusals');
    expect(b.events.some((e) => e.type === 'refused' && e.error.code === 'CANOPY-407')).toBe(true);
    expect(titleOf(b.doc)).toBe(SECRET);
    expect(Y.encodeStateVector(b.doc)).toEqual(before);
    new CanopyDoc(a.doc).renameDocument('Still in step');
    await until(() => titleOf(b.doc) === 'Still in step', 'a later edit');
  });

  it('with the wrong key reads nothing and writes nothing', async () => {
    const hub = new Hub();
    const a = member(hub, generateRoomKey(), { doc: tree() });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length > 0, 'a first blob');
    const before = Y.encodeStateAsUpdate(hub.server);
    const wrong = member(hub, generateRoomKey(), { doc: tree('My own tree') });
    wrong.relay.envelopeSynced();
    expect(wrong.events.map((e) => e.type)).toContain('wrongKey');
    await new Promise((r) => setTimeout(r, 20));
    expect(titleOf(wrong.doc)).toBe('My own tree');
    expect(Y.encodeStateAsUpdate(hub.server)).toEqual(before);
  });

  it('never links a private draft', () => {
    const hub = new Hub();
    const draft = tree();
    draft.getMap(ROOT_KEYS.meta).set(PRIVATE_KEY, true);
    const m = member(hub, generateRoomKey(), { doc: draft });
    expect(m.linkErrors.map((e) => e.code)).toEqual(['CANOPY-111']);
    m.relay.envelopeSynced();
    expect(blobsOf(hub.server)).toHaveLength(0);
  });

  it('compacts: a snapshot replaces the blobs, and a new member gets everything', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const a = member(hub, key, { doc: tree(), compactAfter: 16 });
    a.relay.envelopeSynced();
    const model = new CanopyDoc(a.doc);
    await renameInTurns(model, 0, 100);
    await until(() => a.events.some((e) => e.type === 'compacted'), 'a compaction');
    await until(() => blobsOf(hub.server).length < 16, 'a short envelope');
    const c = member(hub, key);
    c.relay.envelopeSynced();
    await until(() => titleOf(c.doc) === 'Title 99', 'the tree at c');
    // Deleted blobs are garbage-collected: a new member downloads about one snapshot.
    const download = Y.encodeStateAsUpdate(hub.server).length;
    expect(download).toBeLessThan(Y.encodeStateAsUpdate(a.doc).length * 2);
  });

  it('compacts a large tree only once its changes add up, or once there are many', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const doc = treeWithItems(400, (i) => `Item ${i} with a title long enough to weigh something`);
    const model = new CanopyDoc(doc);
    const a = member(hub, key, { doc, compactAfter: 8 });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length > 0, 'a first blob');
    // 40 small changes to a tree of 400 items: far from a quarter of its size.
    await renameInTurns(model, 0, 40);
    await until(() => blobsOf(hub.server).length === 41, 'every rename as a blob');
    await new Promise((r) => setTimeout(r, 20));
    expect(a.events.map((e) => e.type)).not.toContain('compacted');
    // 16 x compactAfter blobs: compacted whatever their size.
    await renameInTurns(model, 40, 130);
    await until(() => a.events.some((e) => e.type === 'compacted'), 'a compaction');
    const b = member(hub, key);
    b.relay.envelopeSynced();
    await until(() => titleOf(b.doc) === 'Title 129', 'the last title at b');
  });

  it('a large blob that does not open cannot put compaction off', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const doc = treeWithItems(100);
    const model = new CanopyDoc(doc);
    const a = member(hub, key, { doc, compactAfter: 8 });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length > 0, 'a first blob');
    // A member with a token but not the key pushes garbage far larger than the tree.
    const size = Y.encodeStateAsUpdate(doc).length * 8;
    hub.server.getArray(ENVELOPE_ARRAY).push([new Uint8Array(size).fill(7)]);
    await until(() => a.relay.refusedBlobs === 1, 'the refusal');
    await renameInTurns(model, 0, 10);
    await until(() => a.events.some((e) => e.type === 'compacted'), 'a compaction');
    await until(() => blobsOf(hub.server).every((b) => b.length < size), 'the garbage gone');
  });

  it('keeps syncing when a snapshot would be too large to send', async () => {
    const hub = new Hub();
    const key = generateRoomKey();
    const doc = tree();
    // Room for the tree as it is, not for it with ten renames more.
    const limit = Y.encodeStateAsUpdate(doc).length + 60;
    const a = member(hub, key, { doc, compactAfter: 4, maxBlobBytes: limit });
    a.relay.envelopeSynced();
    await until(() => blobsOf(hub.server).length > 0, 'a first blob');
    const model = new CanopyDoc(a.doc);
    await renameInTurns(model, 0, 10);
    await until(() => blobsOf(hub.server).length === 11, 'every rename as a blob');
    await new Promise((r) => setTimeout(r, 20));
    expect(a.events.map((e) => e.type)).not.toContain('tooLarge');
    expect(a.events.map((e) => e.type)).not.toContain('compacted');
    const b = member(hub, key);
    b.relay.envelopeSynced();
    await until(() => titleOf(b.doc) === 'Title 9', 'the last title at b');
  });
});
