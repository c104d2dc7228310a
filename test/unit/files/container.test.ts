import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CanopyFileError,
  readCanopyFile,
  writeCanopyFile,
  type FileProblem,
} from '../../../shared/files/container';
import { CanopyDoc, SCHEMA_VERSION } from '../../../shared/model';
import { example } from './example-file';

/** The file with its checksum recomputed: damage that only a careful forger makes. */
function resealed(bytes: Uint8Array, edit: (body: Uint8Array) => Uint8Array): Uint8Array {
  const body = edit(bytes.slice(0, bytes.length - 32));
  const out = new Uint8Array(body.length + 32);
  out.set(body);
  out.set(sha256(body), body.length);
  return out;
}

function problem(bytes: Uint8Array, options?: { maxBytes?: number }): FileProblem | 'none' {
  try {
    readCanopyFile(bytes, options);
    return 'none';
  } catch (e) {
    expect(e).toBeInstanceOf(CanopyFileError);
    expect((e as Error).message).toMatch(/nothing was (changed|opened)/i);
    return (e as CanopyFileError).problem;
  }
}

const headerAt = 14;

describe('.canopy container', () => {
  it('round trip: the same header, and a document with the same tree', () => {
    const { bytes, header, model } = example();
    const read = readCanopyFile(bytes);
    expect(read.header).toEqual(header);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, read.update);
    const copyModel = new CanopyDoc(copy);
    expect(copyModel.tree().order.map((id) => copyModel.node(id)!.title)).toEqual(
      model.tree().order.map((id) => model.node(id)!.title),
    );
  });

  it('refuses what is not a Canopy file', () => {
    expect(problem(new Uint8Array(0))).toBe('notCanopy');
    expect(problem(new TextEncoder().encode('# A Markdown outline\n- Goal'))).toBe('notCanopy');
    expect(problem(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe(
      'notCanopy',
    );
    // Opened and saved as text on Windows: the magic's \r\n became \n.
    const { bytes } = example();
    const mangled = new Uint8Array([...bytes.subarray(0, 6), 0x0a, ...bytes.subarray(8)]);
    expect(problem(mangled)).toBe('notCanopy');
  });

  it('says a file cut short at any point is truncated or damaged, never opens it', () => {
    const { bytes } = example();
    for (const at of [8, 10, 13, headerAt + 5, Math.floor(bytes.length / 2), bytes.length - 1])
      expect(['truncated', 'corrupted']).toContain(problem(bytes.slice(0, at)));
    expect(problem(bytes.slice(0, 12))).toBe('truncated');
  });

  it('finds a changed byte anywhere by its checksum', () => {
    const { bytes } = example();
    for (const at of [
      headerAt + 3,
      Math.floor(bytes.length / 2),
      bytes.length - 40,
      bytes.length - 3,
    ]) {
      const damaged = bytes.slice();
      damaged[at]! ^= 0x20;
      expect(problem(damaged)).toBe('corrupted');
    }
  });

  it('refuses a newer container format and a newer document schema, in words', () => {
    const { bytes, header, doc } = example();
    const newer = resealed(bytes, (body) => {
      new DataView(body.buffer).setUint16(8, 2);
      return body;
    });
    expect(problem(newer)).toBe('newerFormat');
    const future = writeCanopyFile(
      { ...header, schemaVersion: SCHEMA_VERSION + 1 },
      Y.encodeStateAsUpdate(doc),
    );
    expect(problem(future)).toBe('newerSchema');
  });

  it('refuses a forged file whose header or document is garbage, even with a good checksum', () => {
    const { bytes } = example();
    const badHeader = resealed(bytes, (body) => {
      body[headerAt] = 0x7b; // "{" then garbage stays invalid JSON
      body[headerAt + 1] = 0xff;
      return body;
    });
    expect(problem(badHeader)).toBe('corrupted');
    const hugeHeader = resealed(bytes, (body) => {
      new DataView(body.buffer).setUint32(10, 0xffffffff);
      return body;
    });
    expect(problem(hugeHeader)).toBe('corrupted');
    const { header } = example();
    const garbageDoc = writeCanopyFile(header, new Uint8Array(20).fill(0xff));
    expect(problem(garbageDoc)).toBe('corrupted');
  });

  it('refuses a file above the size limit before reading it', () => {
    const { bytes } = example();
    expect(problem(bytes, { maxBytes: bytes.length - 1 })).toBe('tooLarge');
    expect(problem(bytes, { maxBytes: bytes.length })).toBe('none');
  });
});
