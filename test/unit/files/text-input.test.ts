import { describe, expect, it } from 'vitest';
import {
  decodeOutlineText,
  importOutlineFile,
  TreeImportError,
} from '../../../shared/files/tree-io';

/** Deterministic pseudo-random bytes (xorshift), like a photo or an archive. */
function randomBytes(length: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function refusal(name: string, bytes: Uint8Array): TreeImportError {
  try {
    importOutlineFile(name, bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(TreeImportError);
    return e as TreeImportError;
  }
  throw new Error(`${name} was imported`);
}

describe('garbage is refused whatever its name', () => {
  it('5 KB of random bytes named .md, .txt or .json: refused, with a number and a reason', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = randomBytes(5 * 1024, seed * 7919);
      for (const name of ['notes.md', 'notes.txt', 'notes.markdown', 'tree.json']) {
        const e = refusal(name, bytes);
        expect(e.code).toMatch(/^CANOPY-30[123]$/);
        expect(e.message).toMatch(/not text|not UTF-8|control characters/);
        expect(e.message).toMatch(/Nothing was imported\.$/);
      }
    }
  });

  it('a NUL byte: binary (CANOPY-301), saying where', () => {
    const e = refusal('a.md', utf8('- Goal: A\n- Goal: B\u0000\n'));
    expect(e.code).toBe('CANOPY-301');
    expect(e.message).toMatch(/^CANOPY-301: This file is not text: .*\(the first at byte 19\)/);
  });

  it('bytes that are not UTF-8: CANOPY-302, saying where', () => {
    const bytes = new Uint8Array([...utf8('- Café\n- '), 0xc3, 0x28, ...utf8(' ok\n')]);
    const e = refusal('latin.md', bytes);
    expect(e.code).toBe('CANOPY-302');
    expect(e.message).toMatch(/save it again as UTF-8/);
    expect(e.message).toMatch(/near byte (9|1[0-2])\)/);
  });

  it('text that decodes but is full of control characters: CANOPY-303', () => {
    expect(refusal('c.md', utf8('- A\u0001\u0002\u0003\u0004 B')).code).toBe('CANOPY-303');
    const sprinkled = Array.from({ length: 50 }, (_, i) => `- item ${i}\u0007`).join('\n');
    expect(refusal('c.md', utf8(sprinkled)).code).toBe('CANOPY-303');
  });

  it('one long run without lines: CANOPY-304 (base64, minified code)', () => {
    const blob = btoa(String.fromCharCode(...randomBytes(3000)));
    const e = refusal('image.md', utf8(blob));
    expect(e.code).toBe('CANOPY-304');
    expect(e.message).toMatch(/one line is longer than 1,000 characters/);
    // Minified JSON is one line, and fine.
    expect(() => decodeOutlineText(utf8(`{"a":"${'x'.repeat(5000)}"}`), 'json')).not.toThrow();
  });

  it('real text passes: UTF-8 with or without a BOM, UTF-16 from Notepad, a stray control', () => {
    const text = '# Plan\n\n- Vision: Café für alle 🌳\n  - Goal: Reach\tmore\f';
    expect(decodeOutlineText(utf8(text), 'outline')).toBe(text);
    expect(decodeOutlineText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), 'outline')).toBe(
      text,
    );
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect(decodeOutlineText(utf16, 'outline')).toBe(text);
    // One control character in a long text is a typo, not a binary file.
    const long = `${Array.from({ length: 40 }, (_, i) => `- item ${i}`).join('\n')}\u0007`;
    expect(() => decodeOutlineText(utf8(long), 'outline')).not.toThrow();
    expect(importOutlineFile('plan.md', utf8(text)).vision.title).toBe('Café für alle 🌳');
  });
});
