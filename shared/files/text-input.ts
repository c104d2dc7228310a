/**
 * The bytes of an outline file → its text, or a numbered refusal when they are not
 * text at all: a photo or an archive renamed `.md` must never become a tree of
 * gibberish. Checked in this order, whatever the file's name:
 *   1. a UTF-16 byte-order mark: decoded as UTF-16 (Windows Notepad writes it);
 *   2. a NUL byte: binary (CANOPY-301);
 *   3. strict UTF-8 decoding: any invalid sequence refuses the file (CANOPY-302);
 *   4. control characters other than tab, line breaks and form feed: more than 1 in
 *      100 characters (or any run of them) is binary data that happens to decode
 *      (CANOPY-303);
 *   5. outline structure: a text in which no line is short enough to be an item
 *      (every line over twice a title's limit: base64, minified code) is a blob, not
 *      an outline (CANOPY-304). JSON is exempt: it is one line when minified.
 * Pure: no DOM, no Node.
 */
import { LIMITS } from '../model';
import { IMPORT_ERRORS, TreeImportError } from './import-errors';

/** More than this share of control characters is not a text someone wrote. */
const MAX_CONTROL_SHARE = 0.01;

export function decodeOutlineText(bytes: Uint8Array, kind: 'outline' | 'json'): string {
  const text = decode(bytes);
  checkControls(text);
  if (kind === 'outline') checkStructure(text);
  return text;
}

/**
 * A CSV's bytes → its text. Excel saves "CSV (Comma delimited)" in the Windows code
 * page, not UTF-8: bytes that are not UTF-8 (and hold no NUL) are read as
 * Windows-1252 (Western European), and `legacy` says so for the notice. Every other
 * check applies as to any file.
 */
export function decodeCsvText(bytes: Uint8Array): { text: string; legacy: boolean } {
  try {
    return { text: decodeOutlineText(bytes, 'json'), legacy: false };
  } catch (e) {
    if (!(e instanceof TreeImportError) || e.code !== IMPORT_ERRORS.notUtf8.code) throw e;
  }
  // Some runtimes (Node) decode "windows-1252" as Latin-1: 0x80–0x9F are mapped here.
  // (Node's types list only utf-8; every runtime Canopy runs on has this decoder.)
  const text = new TextDecoder('windows-1252' as 'utf-8')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  checkControls(text);
  return { text, legacy: true };
}

/** Windows-1252's characters at 0x80–0x9F (the five it leaves undefined stay as they are). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decode(bytes: Uint8Array): string {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null;
  if (utf16) {
    try {
      // The decoder removes the byte-order mark. (Node's types list only utf-8; every
      // runtime Canopy runs on decodes UTF-16.)
      return new TextDecoder(utf16 as 'utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw TreeImportError.of('notUtf8', 'it starts as UTF-16 but does not decode');
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw TreeImportError.of('binary', `the first at byte ${nul.toLocaleString('en')}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw TreeImportError.of(
      'notUtf8',
      `near byte ${firstInvalidByte(bytes).toLocaleString('en')}`,
    );
  }
}

/** Where strict decoding first fails (for the message): grows a prefix until it does. */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest prefix that decodes, by bisection; a cut inside a character fails too,
  // so the answer is within 3 bytes of the bad one.
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid));
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

const isControl = (c: number) =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) ||
  c === 0x7f ||
  (c >= 0x80 && c <= 0x9f) ||
  c === 0xfffd;

function checkControls(text: string): void {
  let controls = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) {
      controls++;
      // Four in a row is never typing: binary data that decodes by chance.
      if (++run >= 4) throw TreeImportError.of('controlCharacters');
    } else run = 0;
  }
  if (controls > 1 && controls > text.length * MAX_CONTROL_SHARE)
    throw TreeImportError.of(
      'controlCharacters',
      `${controls.toLocaleString('en')} in ${text.length.toLocaleString('en')} characters`,
    );
}

function checkStructure(text: string): void {
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/).filter((l) => l.trim() !== '');
  const max = LIMITS.title * 2;
  if (lines.length > 0 && lines.every((l) => l.length > max))
    throw TreeImportError.of(
      'noOutline',
      `${lines.length === 1 ? 'its one line is' : `all ${lines.length.toLocaleString('en')} lines are`} longer than ${max.toLocaleString('en')} characters`,
    );
}
