/**
 * The update check without the objects: reads a V1 update byte by byte exactly as
 * Yjs's decoder does (`Y.decodeUpdate`: lib0's readers, the struct layout, every
 * content type, the delete set) and refuses what the decoder would throw on, or
 * what breaks UPDATE_BOUNDS, but builds no structs. `Y.decodeUpdate` builds an Item
 * per struct (about 120 ms for a 5,000-node document, and a worker to do it in);
 * this reads the same 1.5 MB in a few milliseconds, on the receiving thread.
 *
 * Why it is safe on the receiving thread: every loop consumes input, so time is
 * linear in the input; the only values built are JSON texts (parsed as Yjs would,
 * and counted by their length); and it counts what applying the update would build
 * (structs, values, subdocuments, delete ranges). An update that would build more
 * than `maxUnits` of them is not judged here: it goes to the guard's worker, whose
 * full decode has a heap cap (serial-guard.ts). So a crafted update that decodes
 * into millions of objects still costs a worker, never the peer.
 *
 * Refuses exactly what the worker's check (update-check.ts) refuses, and also, on
 * purpose:
 * - values nested deeper than `maxDepth` (Any values, and the JSON of embeds,
 *   formats and legacy JSON content). lib0 and V8 read and write them recursively,
 *   so a few thousand levels overflow the stack of whichever thread encodes the
 *   document next: every later joiner would be refused. Canopy's are a few deep.
 * - more client sections than UPDATE_BOUNDS.maxClients: applying builds a record
 *   for each, even an empty one, and a state vector of more is refused anyway.
 * test/unit/sync/update-scan.test.ts compares both checks on mutated real updates.
 */
import { UPDATE_BOUNDS } from './update-guard';

export const SCAN_LIMITS = {
  /** Objects applying may build (structs, values, subdocuments, ranges) judged here. */
  maxUnits: 250_000,
  /** Nesting of Any and JSON values; the main thread overflows at 4,000–8,000. */
  maxDepth: 1_000,
};

/** A subdocument is a whole Y.Doc: count it as this many objects. */
const DOC_UNITS = 64;

/** 'ok': safe to apply; 'large': well-formed, but would build more than maxUnits objects. */
export type ScanVerdict = 'ok' | 'large';

export class UpdateScanError extends Error {}

const END = 'unexpected end of update';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Reader {
  pos = 0;
  units = 0;
  constructor(
    readonly arr: Uint8Array,
    readonly maxDepth: number,
    readonly maxUnits: number,
  ) {}

  byte(): number {
    if (this.pos >= this.arr.length) throw new UpdateScanError(END);
    return this.arr[this.pos++]!;
  }

  /** lib0's readVarUint, to the same numbers and the same refusals. */
  varUint(): number {
    const arr = this.arr;
    const len = arr.length;
    let num = 0;
    let mult = 1;
    while (this.pos < len) {
      const r = arr[this.pos++]!;
      num = num + (r & 0x7f) * mult;
      mult *= 128;
      if (r < 0x80) return num;
      if (num > Number.MAX_SAFE_INTEGER) throw new UpdateScanError('integer out of range');
    }
    throw new UpdateScanError(END);
  }

  /** lib0's readVarInt (its first byte past the end reads as 0: the decode fails later). */
  varInt(): void {
    const first = this.byte();
    if ((first & 0x80) === 0) return;
    const arr = this.arr;
    let num = first & 0x3f;
    let mult = 64;
    while (this.pos < arr.length) {
      const r = arr[this.pos++]!;
      num = num + (r & 0x7f) * mult;
      mult *= 128;
      if (r < 0x80) return;
      if (num > Number.MAX_SAFE_INTEGER) throw new UpdateScanError('integer out of range');
    }
    throw new UpdateScanError(END);
  }

  /** An item's id: client, clock. */
  id(): void {
    this.varUint();
    this.varUint();
  }

  skip(n: number): void {
    if (n > this.arr.length - this.pos) throw new UpdateScanError(END);
    this.pos += n;
  }

  /** A varUint length, then that many bytes; returns where they start. */
  bytes(): number {
    const n = this.varUint();
    const start = this.pos;
    this.skip(n);
    return start;
  }

  /** lib0's readVarString (fatal UTF-8); returns the string's length in UTF-16 units. */
  string(): number {
    const start = this.bytes();
    return utf16Length(this.arr, start, this.pos);
  }

  /**
   * Yjs's readJSON (and each text of legacy JSON content, but 'undefined'): nested
   * within maxDepth, and parsed while the update is within maxUnits; past that the
   * worker parses it, since JSON.parse builds what it reads.
   */
  json(allowUndefined = false): void {
    const start = this.bytes();
    utf16Length(this.arr, start, this.pos); // refuses what the fatal decoder would
    const text = utf8.decode(this.arr.subarray(start, this.pos));
    this.units += 1 + text.length;
    if (allowUndefined && text === 'undefined') return;
    if (jsonDepth(text) > this.maxDepth) throw new UpdateScanError('JSON nested too deeply');
    if (this.units > this.maxUnits) return;
    try {
      JSON.parse(text);
    } catch {
      throw new UpdateScanError('content that is not JSON');
    }
  }

  /** lib0's readAny, without recursion; returns its type byte. */
  any(): number {
    // Values still to read at each open array or object; objects read a key first.
    const left: number[] = [];
    const inObject: boolean[] = [];
    let firstType = -1;
    do {
      const top = left.length - 1;
      if (top >= 0) {
        if (left[top] === 0) {
          left.pop();
          inObject.pop();
          continue;
        }
        left[top]!--;
        if (inObject[top]) this.string();
      }
      this.units++;
      const type = this.byte();
      if (firstType < 0) firstType = type;
      switch (type) {
        case 127: // undefined
        case 126: // null
        case 121: // false
        case 120: // true
          break;
        case 125:
          this.varInt();
          break;
        case 124:
          this.skip(4);
          break;
        case 123: // float64
        case 122: // bigint64
          this.skip(8);
          break;
        case 119:
          this.string();
          break;
        case 118: // object
        case 117: // array
          if (left.length >= this.maxDepth) throw new UpdateScanError('value nested too deeply');
          left.push(this.varUint());
          inObject.push(type === 118);
          break;
        case 116:
          this.bytes();
          break;
        default:
          throw new UpdateScanError(`value type ${type}`);
      }
    } while (left.length);
    return firstType;
  }
}

/**
 * Checks a V1 update as the guard's worker would, without building it. Throws
 * UpdateScanError when the worker's check would refuse it; 'large' when it is
 * well-formed so far but would build more than maxUnits objects (the worker decodes
 * it then, within its heap cap, and parses its JSON).
 */
export function scanUpdate(
  bytes: Uint8Array,
  bounds: typeof UPDATE_BOUNDS = UPDATE_BOUNDS,
  limits: typeof SCAN_LIMITS = SCAN_LIMITS,
): ScanVerdict {
  if (bytes.length === 0) throw new UpdateScanError('empty');
  const r = new Reader(bytes, limits.maxDepth, limits.maxUnits);
  const tooLong = (length: number) => !(length >= 0 && length <= bounds.maxStructLength);
  let structs = 0;
  const clients = r.varUint();
  // Applying builds a record per client even for none of its structs; a state vector
  // of more clients than this is refused anyway.
  if (clients > bounds.maxClients) throw new UpdateScanError('too many clients');
  for (let c = 0; c < clients; c++) {
    const count = r.varUint();
    r.varUint(); // client
    r.varUint(); // first clock
    r.units++;
    for (let s = 0; s < count; s++) {
      if (++structs > bounds.maxStructs) throw new UpdateScanError('too many structs');
      r.units++;
      const info = r.byte();
      let length: number;
      if (info === 10) {
        length = r.varUint(); // Skip
      } else if ((info & 0x1f) === 0) {
        length = r.varUint(); // GC
      } else {
        if (info & 0x80) r.id(); // origin
        if (info & 0x40) r.id(); // right origin
        if ((info & 0xc0) === 0) {
          // The parent: a root type's name, or an item's id.
          if (r.varUint() === 1) r.string();
          else r.id();
          if (info & 0x20) r.string(); // key in a map
        }
        length = content(r, info & 0x1f);
      }
      if (tooLong(length)) throw new UpdateScanError(`struct length ${length}`);
    }
  }
  let ranges = 0;
  const dsClients = r.varUint();
  for (let c = 0; c < dsClients; c++) {
    r.varUint(); // client
    const count = r.varUint();
    for (let i = 0; i < count; i++) {
      if (++ranges > bounds.maxDeleteRanges) throw new UpdateScanError('too many delete ranges');
      r.units++;
      r.varUint(); // clock
      if (tooLong(r.varUint())) throw new UpdateScanError('delete length');
    }
  }
  // Bytes after the delete set are ignored by Yjs too.
  return r.units > limits.maxUnits ? 'large' : 'ok';
}

/** Reads an item's content (Yjs's contentRefs); returns the item's length. */
function content(r: Reader, ref: number): number {
  switch (ref) {
    case 1: // deleted
      return r.varUint();
    case 2: {
      // legacy JSON: strings, 'undefined' or JSON
      const n = r.varUint();
      for (let i = 0; i < n; i++) r.json(true);
      return n;
    }
    case 3: // binary
      r.bytes();
      r.units++;
      return 1;
    case 4: // string
      return r.string();
    case 5: // embed
      r.json();
      return 1;
    case 6: // format: key, JSON value
      r.string();
      r.json();
      return 1;
    case 7: {
      // type: Array, Map, Text, XmlElement (name), XmlFragment, XmlHook (name), XmlText
      const typeRef = r.varUint();
      if (typeRef > 6) throw new UpdateScanError(`type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) r.string();
      return 1;
    }
    case 8: {
      // any
      const n = r.varUint();
      for (let i = 0; i < n; i++) r.any();
      return n;
    }
    case 9: {
      // a subdocument: its guid, then options, which must not be null or undefined
      r.string();
      const type = r.any();
      if (type === 126 || type === 127) throw new UpdateScanError('subdocument options');
      r.units += DOC_UNITS;
      return 1;
    }
    default:
      // 10 is Skip, never content; past 10 there is no content type.
      throw new UpdateScanError(`content type ${ref}`);
  }
}

/**
 * The length in UTF-16 units of bytes[start, end) read as UTF-8; throws where a fatal
 * TextDecoder would (overlong forms, surrogates, past U+10FFFF, cut sequences).
 */
export function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let units = 0;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      units++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      else if (b === 0xf4) upper = 0x8f;
    } else throw new UpdateScanError('invalid UTF-8');
    if (i + need >= end) throw new UpdateScanError('invalid UTF-8');
    const second = bytes[i + 1]!;
    if (second < lower || second > upper) throw new UpdateScanError('invalid UTF-8');
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) throw new UpdateScanError('invalid UTF-8');
    }
    i += need + 1;
    units += need === 3 ? 2 : 1;
  }
  return units;
}

/**
 * How deeply a JSON text nests arrays and objects, read from its brackets outside
 * strings, without parsing it (exact for valid JSON; invalid JSON is refused anyway).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
