import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeCommitted,
  decodePing,
  encodeCommitted,
  encodePing,
  ENVELOPE_ARRAY,
  envelopeViolation,
} from '../../../shared/team/envelope';
import { teamErrorFromReason } from '../../../shared/team/errors';
import {
  decodeInvitation,
  documentNameFor,
  encodeInvitation,
  normalizeServerAddress,
  type TeamAccess,
} from '../../../shared/team/invitation';
import {
  BLOB_HEADER_BYTES,
  BLOB_KIND,
  createSealer,
  generateRoomKey,
  roomIdForKey,
} from '../../../shared/team/sealing';

const plaintext = new TextEncoder().encode('Acquire Northwind before Q3');

describe('sealed blobs', () => {
  it('open with the key and document id they were sealed for, and only then', () => {
    const key = generateRoomKey();
    const blob = createSealer(key, 'tree-1').seal(BLOB_KIND.update, plaintext);
    expect(createSealer(key, 'tree-1').open(blob)).toEqual({ kind: BLOB_KIND.update, plaintext });
    expect(Buffer.from(blob).includes(Buffer.from(plaintext))).toBe(false);
    expect(createSealer(generateRoomKey(), 'tree-1').open(blob)).toBeNull();
    expect(createSealer(key, 'tree-2').open(blob)).toBeNull();
  });

  it('refuse any flipped bit, a changed kind or version, and truncation', () => {
    const sealer = createSealer(generateRoomKey(), 'tree-1');
    const blob = sealer.seal(BLOB_KIND.update, plaintext);
    for (const at of [0, 1, 2, BLOB_HEADER_BYTES - 1, BLOB_HEADER_BYTES, blob.length - 1]) {
      const bad = blob.slice();
      bad[at]! ^= at === 1 ? 1 : 0x80;
      expect(sealer.open(bad), `byte ${at}`).toBeNull();
    }
    expect(sealer.open(blob.subarray(0, blob.length - 1))).toBeNull();
    expect(sealer.open(new Uint8Array(10))).toBeNull();
  });

  it('use a fresh nonce every time', () => {
    const sealer = createSealer(generateRoomKey(), 'tree-1');
    const a = sealer.seal(BLOB_KIND.update, plaintext);
    const b = sealer.seal(BLOB_KIND.update, plaintext);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('name the room one-way from the key', () => {
    const key = generateRoomKey();
    expect(roomIdForKey(key)).toMatch(/^[0-9a-f]{32}$/);
    expect(roomIdForKey(key)).toBe(roomIdForKey(key.slice()));
    expect(roomIdForKey(generateRoomKey())).not.toBe(roomIdForKey(key));
    expect(() => roomIdForKey(new Uint8Array(16))).toThrow();
  });
});

describe('invitations', () => {
  const access: TeamAccess = {
    server: 'wss://canopy.example.org',
    token: `acme.${'A'.repeat(43)}`,
    docId: 'tree_1-x',
    key: generateRoomKey(),
  };

  it('carry address, token, document and key in a fragment, and back', () => {
    const fragment = encodeInvitation(access);
    expect(fragment).toMatch(/^team=[A-Za-z0-9_-]+$/);
    expect(decodeInvitation(`#${fragment}`)).toEqual(access);
    expect(decodeInvitation(`https://app.example.org/#${fragment}`)).toEqual(access);
    expect(documentNameFor(access)).toBe(`acme/${roomIdForKey(access.key)}`);
  });

  it('refuse anything not whole with CANOPY-408', () => {
    const json = (o: unknown) => `team=${Buffer.from(JSON.stringify(o)).toString('base64url')}`;
    const good = JSON.parse(
      Buffer.from(encodeInvitation(access).slice(5), 'base64url').toString(),
    ) as Record<string, unknown>;
    for (const bad of [
      '',
      'join=K7QM',
      'team=',
      'team=%%%',
      'team=bm90IGpzb24',
      json({ ...good, v: 2 }),
      json({ ...good, k: 'short' }),
      json({ ...good, t: 'no-dot' }),
      json({ ...good, d: 'a b' }),
      json({ ...good, d: 'x'.repeat(65) }),
      json({ ...good, s: 42 }),
    ])
      expect(() => decodeInvitation(bad), bad).toThrow(/CANOPY-408/);
    expect(() => decodeInvitation(json({ ...good, s: 'ftp://x' }))).toThrow(/CANOPY-409/);
  });

  it('take addresses as people type them', () => {
    expect(normalizeServerAddress('https://canopy.example.org/')).toBe('wss://canopy.example.org');
    expect(normalizeServerAddress('http://10.0.0.2:4460')).toBe('ws://10.0.0.2:4460');
    expect(normalizeServerAddress(' canopy.example.org ')).toBe('wss://canopy.example.org');
    expect(normalizeServerAddress('WSS://host/team')).toBe('wss://host/team');
    for (const bad of ['ftp://host', 'wss://', 'wss://a b', 'wss://user@host'])
      expect(() => normalizeServerAddress(bad), bad).toThrow(/CANOPY-409/);
  });
});

describe('the envelope check', () => {
  const update = (change: (doc: Y.Doc) => void, base?: Y.Doc) => {
    const doc = new Y.Doc();
    if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const sv = Y.encodeStateVector(doc);
    change(doc);
    return Y.encodeStateAsUpdate(doc, sv);
  };

  it('accepts blobs in the one array, and their deletion', () => {
    const base = new Y.Doc();
    base.getArray(ENVELOPE_ARRAY).push([new Uint8Array(8), new Uint8Array(8)]);
    expect(envelopeViolation(Y.encodeStateAsUpdate(base), 1024)).toBeNull();
    const compaction = update((d) => {
      d.getArray(ENVELOPE_ARRAY).delete(0, 2);
      d.getArray(ENVELOPE_ARRAY).push([new Uint8Array(8)]);
    }, base);
    expect(envelopeViolation(compaction, 1024)).toBeNull();
  });

  it('refuses plain content, other roots, nested types and oversized blobs', () => {
    const cases: Array<[string, (d: Y.Doc) => void]> = [
      ['a map', (d) => d.getMap('meta').set('title', 'Plain')],
      ['text', (d) => d.getText(ENVELOPE_ARRAY).insert(0, 'Plain')],
      ['a string in the array', (d) => d.getArray(ENVELOPE_ARRAY).push(['Plain'])],
      ['a nested map', (d) => d.getArray(ENVELOPE_ARRAY).push([new Y.Map()])],
      ['another root', (d) => d.getArray('other').push([new Uint8Array(4)])],
      ['a big blob', (d) => d.getArray(ENVELOPE_ARRAY).push([new Uint8Array(2048)])],
    ];
    for (const [what, change] of cases)
      expect(envelopeViolation(update(change), 1024), what).not.toBeNull();
  });
});

describe('acknowledgements', () => {
  it('carry a state vector and refuse anything else', () => {
    const sv = Y.encodeStateVector(new Map([[7, 42]]));
    expect(decodeCommitted(encodeCommitted(sv))).toEqual(new Map([[7, 42]]));
    for (const bad of ['', 'canopy-ping', '{"t":"canopy-committed","sv":"***"}', '{"sv":"AA=="}'])
      expect(decodeCommitted(bad)).toBeNull();
  });

  it('are asked for with a keepalive naming one client', () => {
    expect(decodePing(encodePing(123456789))).toBe(123456789);
    for (const bad of [
      'canopy-ping',
      'canopy-ping -1',
      'canopy-ping 1e9',
      'canopy-ping 99999999999999999',
    ])
      expect(decodePing(bad), bad).toBeNull();
  });

  it('name their refusal by its number', () => {
    expect(teamErrorFromReason('CANOPY-402')?.key).toBe('tooManyDocuments');
    expect(teamErrorFromReason('permission-denied')).toBeNull();
  });
});
