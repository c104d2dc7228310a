/**
 * The inline scan refuses what the worker's full decode refuses (update-check.ts),
 * on real updates of every content type and on thousands of seeded mutations of
 * them, plus its two deliberate extras: deep nesting and too many client sections.
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import { checkDecodes } from '../../../shared/sync/update-check';
import { UPDATE_BOUNDS } from '../../../shared/sync/update-guard';
import {
  jsonDepth,
  SCAN_LIMITS,
  scanUpdate,
  UpdateScanError,
  utf16Length,
} from '../../../shared/sync/update-scan';
import { randomOutline } from '../../../bench/documents';

/** The worker's verdict: true when it accepts. */
function workerAccepts(bytes: Uint8Array): boolean {
  try {
    checkDecodes(Y, UPDATE_BOUNDS, 'update', bytes);
    return true;
  } catch {
    return false;
  }
}

/** The scan's verdict: true when it accepts, 'large' when it defers to the worker. */
function scanAccepts(bytes: Uint8Array, limits = SCAN_LIMITS): boolean | 'large' {
  try {
    return scanUpdate(bytes, UPDATE_BOUNDS, limits) === 'ok' ? true : 'large';
  } catch (e) {
    if (!(e instanceof UpdateScanError)) throw e;
    return false;
  }
}

/** Updates with every content type Yjs writes, and a delete set. */
function realUpdates(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  const tree = new Y.Doc();
  new CanopyDoc(tree).initialise({
    id: 'scan-test',
    title: 'Scan',
    vision: { title: 'Vision — ünïcödé 🌳', children: randomOutline(60, 3) },
  });
  out.push(['a Canopy tree', Y.encodeStateAsUpdate(tree)]);

  const doc = new Y.Doc();
  const text = doc.getText('text');
  text.insert(0, 'Hello wörld 👋🏽 日本語 ');
  text.format(0, 5, { bold: true, link: { href: 'https://example.org', depth: [1, [2]] } });
  text.insertEmbed(3, { image: 'x.png', size: [10, 20] });
  text.delete(2, 3);
  const map = doc.getMap('values');
  map.set('undefined', undefined);
  map.set('null', null);
  map.set('int', -123456789);
  map.set('big int', 2 ** 40);
  map.set('float', 3.25);
  map.set('float64', Math.PI);
  map.set('bigint', 2n ** 60n);
  map.set('bool', true);
  map.set('false', false);
  map.set('string', 'ça va');
  map.set('object', { a: [1, { b: null }], '': 'empty key' });
  map.set('bytes', new Uint8Array([1, 2, 3]));
  map.set('nested map', new Y.Map());
  const array = doc.getArray('array');
  array.insert(0, [1, 'two', { three: 3 }, new Uint8Array([4])]);
  array.insert(1, [new Y.Text('inner')]);
  array.delete(0, 1);
  const xml = doc.getXmlFragment('xml');
  const element = new Y.XmlElement('p');
  element.setAttribute('class', 'lead');
  // Yjs's types leave hooks out of what an element holds; Yjs itself takes them.
  const hook = new Y.XmlHook('hook') as unknown as Y.XmlText;
  element.insert(0, [new Y.XmlText('para'), hook]);
  xml.insert(0, [element]);
  doc.getMap('subdocs').set('child', new Y.Doc({ meta: { kind: 'notes' } }));
  out.push(['text, formats, embeds, every Any, XML, a subdocument', Y.encodeStateAsUpdate(doc)]);

  const edits: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => edits.push(u));
  text.insert(4, 'typed');
  map.delete('object');
  array.delete(0, 1);
  out.push(['an edit', edits[0]!], ['a map delete', edits[1]!], ['an array delete', edits[2]!]);
  out.push(['an empty document', Y.encodeStateAsUpdate(new Y.Doc())]);
  out.push(['legacy JSON content', legacyJson(['{"a":1}', 'undefined', '[2,"x"]'])]);
  return out;
}

/** An update of one item of legacy JSON content (type 2) in the root array 'a'. */
function legacyJson(texts: string[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, 5); // client
  encoding.writeVarUint(e, 0); // clock
  encoding.writeUint8(e, 2); // content: JSON, no origins
  encoding.writeVarUint(e, 1); // parent is a root type
  encoding.writeVarString(e, 'a');
  encoding.writeVarUint(e, texts.length);
  for (const t of texts) encoding.writeVarString(e, t);
  encoding.writeVarUint(e, 0); // no deletes
  return encoding.toUint8Array(e);
}

/** An update of one item in the root map 'm' whose content is `write` (type `ref`). */
function oneItem(ref: number, write: (e: encoding.Encoder) => void, clients = 1): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clients);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 5);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8(e, ref | 0x20); // a key in a map
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 'm');
  encoding.writeVarString(e, 'key');
  write(e);
  for (let c = 1; c < clients; c++) {
    encoding.writeVarUint(e, 0); // no structs
    encoding.writeVarUint(e, 100 + c);
    encoding.writeVarUint(e, 0);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** An Any value: `depth` arrays, one inside the other. */
function nestedAny(depth: number): Uint8Array {
  return oneItem(8, (e) => {
    encoding.writeVarUint(e, 1);
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(e, 117);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeUint8(e, 126);
  });
}

function embed(json: string): Uint8Array {
  return oneItem(5, (e) => encoding.writeVarString(e, json));
}

const MUTATIONS = Number(process.env.SCAN_FUZZ ?? 400);

function mutate(gen: prng.PRNG, bytes: Uint8Array): Uint8Array {
  const at = prng.uint32(gen, 0, Math.max(0, bytes.length - 1));
  const copy = Array.from(bytes);
  switch (prng.uint32(gen, 0, 6)) {
    case 0: // one random byte
      copy[at] = prng.uint32(gen, 0, 255);
      break;
    case 1: // one flipped bit
      copy[at] = copy[at]! ^ (1 << prng.uint32(gen, 0, 7));
      break;
    case 2: // cut short
      copy.length = at;
      break;
    case 3: // a byte inserted
      copy.splice(at, 0, prng.uint32(gen, 0, 255));
      break;
    case 4: // a byte removed
      copy.splice(at, 1);
      break;
    case 5: // a few bytes repeated
      copy.splice(at, 0, ...copy.slice(at, at + prng.uint32(gen, 1, 8)));
      break;
    default: // a small number where a byte was (lengths, counts, types)
      copy[at] = prng.uint32(gen, 0, 12);
  }
  return new Uint8Array(copy);
}

describe('scanUpdate', () => {
  const updates = realUpdates();

  it.each(updates)('accepts %s, as the worker does', (_what, bytes) => {
    expect(workerAccepts(bytes)).toBe(true);
    expect(scanAccepts(bytes)).toBe(true);
  });

  it.each(updates)(
    `agrees with the worker on ${MUTATIONS} seeded mutations of %s`,
    (what, bytes) => {
      const gen = prng.create(what.length * 7919 + bytes.length);
      const verdicts = { accepted: 0, refused: 0 };
      for (let i = 0; i < MUTATIONS; i++) {
        let input = mutate(gen, bytes);
        if (prng.bool(gen)) input = mutate(gen, input);
        const worker = workerAccepts(input);
        const scan = scanAccepts(input);
        if (scan === 'large') continue;
        if (scan !== worker)
          throw new Error(
            `${what}: scan ${scan}, worker ${worker} on ${Buffer.from(input).toString('hex')}`,
          );
        verdicts[worker ? 'accepted' : 'refused']++;
      }
      // Both kinds of input were tried: the comparison means something.
      expect(verdicts.refused).toBeGreaterThan(0);
      if (bytes.length > 20) expect(verdicts.accepted).toBeGreaterThan(0);
    },
    Math.max(60_000, MUTATIONS * 20),
  );

  it('refuses what the hostile suite sends', () => {
    const gc = (length: number) => {
      const e = encoding.createEncoder();
      for (const n of [1, 1, 9, 0]) encoding.writeVarUint(e, n);
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, length);
      encoding.writeVarUint(e, 0);
      return encoding.toUint8Array(e);
    };
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array(Buffer.from('garbagedoc', 'base64')),
      new Uint8Array(20).fill(0xff),
      updates[0]![1].slice(0, 200),
      gc(2 ** 50),
      gc(2 ** 31 + 1),
    ])
      expect(scanAccepts(bytes)).toBe(false);
    expect(scanAccepts(gc(2 ** 31))).toBe(true);
  });

  it('ignores bytes after the delete set, as Yjs does (the #687 buffer as V1)', () => {
    const bytes = new Uint8Array(
      Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
    );
    expect(workerAccepts(bytes)).toBe(true);
    expect(scanAccepts(bytes)).toBe(true);
  });

  it('leaves an update that would build more than maxUnits objects to the worker', () => {
    const small = { ...SCAN_LIMITS, maxUnits: 100 };
    const e = encoding.createEncoder();
    for (const n of [1, 200, 9, 0]) encoding.writeVarUint(e, n);
    for (let i = 0; i < 200; i++) {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeVarUint(e, 0);
    const bytes = encoding.toUint8Array(e);
    expect(scanAccepts(bytes, small)).toBe('large');
    expect(scanAccepts(bytes)).toBe(true);
    // Still read to the end: a malformed one is refused here, not deferred.
    expect(scanAccepts(bytes.slice(0, -1), small)).toBe(false);
  });

  it('refuses Any values nested deeper than maxDepth, which the worker accepted', () => {
    const limit = SCAN_LIMITS.maxDepth;
    expect(scanAccepts(nestedAny(limit))).toBe(true);
    expect(workerAccepts(nestedAny(limit + 1))).toBe(true);
    expect(scanAccepts(nestedAny(limit + 1))).toBe(false);
  });

  it('refuses embedded JSON nested deeper than maxDepth, which the worker accepted', () => {
    const limit = SCAN_LIMITS.maxDepth;
    const deep = (d: number) => '['.repeat(d) + ']'.repeat(d);
    expect(scanAccepts(embed(deep(limit)))).toBe(true);
    expect(workerAccepts(embed(deep(limit + 1)))).toBe(true);
    expect(scanAccepts(embed(deep(limit + 1)))).toBe(false);
    // Brackets inside strings are text, not nesting.
    expect(scanAccepts(embed(JSON.stringify({ s: '['.repeat(limit + 5) + '"\\' })))).toBe(true);
    expect(scanAccepts(embed('{"a":'))).toBe(false);
  });

  it('refuses more client sections than maxClients, which the worker accepted', () => {
    const many = oneItem(4, (e) => encoding.writeVarString(e, 'x'), UPDATE_BOUNDS.maxClients + 1);
    expect(workerAccepts(many)).toBe(true);
    expect(scanAccepts(many)).toBe(false);
    const enough = oneItem(4, (e) => encoding.writeVarString(e, 'x'), 1000);
    expect(scanAccepts(enough)).toBe(true);
  });

  it('refuses subdocument options that are null or undefined, as Yjs does', () => {
    const doc = (type: number) =>
      oneItem(9, (e) => {
        encoding.writeVarString(e, 'guid');
        encoding.writeUint8(e, type);
      });
    for (const [type, accepted] of [
      [126, false],
      [127, false],
      [120, true],
    ] as const) {
      expect(workerAccepts(doc(type))).toBe(accepted);
      expect(scanAccepts(doc(type))).toBe(accepted);
    }
  });
});

describe('utf16Length', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const verdict = (bytes: Uint8Array): number | null => {
    try {
      return utf16Length(bytes, 0, bytes.length);
    } catch {
      return null;
    }
  };
  const expected = (bytes: Uint8Array): number | null => {
    try {
      return fatal.decode(bytes).length;
    } catch {
      return null;
    }
  };

  it('agrees with a fatal TextDecoder on every one- and two-byte input', () => {
    for (let a = 0; a < 256; a++) {
      expect(verdict(Uint8Array.of(a))).toBe(expected(Uint8Array.of(a)));
      for (let b = 0; b < 256; b++) {
        const bytes = Uint8Array.of(a, b);
        if (verdict(bytes) !== expected(bytes)) throw new Error(`differs on ${a} ${b}`);
      }
    }
  });

  it('agrees on three- and four-byte sequences around every boundary', () => {
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf];
    const leads = [0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    for (const a of leads)
      for (const b of edges)
        for (const c of edges) {
          for (const bytes of [Uint8Array.of(a, b, c), Uint8Array.of(a, b, c, 0x80)])
            if (verdict(bytes) !== expected(bytes))
              throw new Error(`differs on ${Array.from(bytes).join(' ')}`);
          for (const d of edges) {
            const bytes = Uint8Array.of(a, b, c, d);
            if (verdict(bytes) !== expected(bytes))
              throw new Error(`differs on ${Array.from(bytes).join(' ')}`);
          }
        }
  });

  it('counts astral characters as two units, as JavaScript strings do', () => {
    const text = 'aé日🌳';
    expect(utf16Length(new TextEncoder().encode(text), 0, 10)).toBe(text.length);
  });
});

describe('jsonDepth', () => {
  it('counts nesting outside strings', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('[{"a":[]}]')).toBe(3);
    expect(jsonDepth('["[[[", "\\"[["]')).toBe(1);
  });
});
