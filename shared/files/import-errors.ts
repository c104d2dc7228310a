/**
 * Why a file could not be imported, in words a facilitator can act on. Refusals that
 * are about the file as a whole carry a stable number (CANOPY-3xx) for support and
 * tests; every message ends with "Nothing was imported."
 */
import type { OutlineItem } from '../model';
import type { TreeRecords } from '../model/snapshot';

export const IMPORT_ERRORS = {
  binary: {
    code: 'CANOPY-301',
    message:
      'This file is not text: it holds binary data (NUL bytes), whatever its name says. Open a Markdown, text or JSON outline, or a .canopy file.',
  },
  notUtf8: {
    code: 'CANOPY-302',
    message:
      'This file is not UTF-8 text: some of its bytes are not characters. If it is an outline, save it again as UTF-8 text and open that.',
  },
  controlCharacters: {
    code: 'CANOPY-303',
    message:
      'This file is full of control characters, as binary files are, so it is not an outline. Open a Markdown, text or JSON outline.',
  },
  noOutline: {
    code: 'CANOPY-304',
    message:
      'This file has no outline structure: its text is one long run without lines an item could come from. Open a Markdown or text outline, one item a line.',
  },
} as const;

export type ImportErrorKey = keyof typeof IMPORT_ERRORS;

export class TreeImportError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(`${code ? `${code}: ` : ''}${message} Nothing was imported.`);
    this.name = 'TreeImportError';
    this.code = code;
  }

  static of(key: ImportErrorKey, detail?: string): TreeImportError {
    const e = IMPORT_ERRORS[key];
    return new TreeImportError(detail ? `${e.message} (${detail})` : e.message, e.code);
  }
}

/** A file read as a tree, ready for CanopyDoc.initialise. */
export interface ImportedTree {
  title: string;
  vision: OutlineItem;
  /** Limits applied and things left out, in words; empty when everything came in. */
  warnings?: string[];
  /**
   * A lossless file's records (evidence, decisions, board): written into the new
   * document with the tree, whose node ids the file keeps.
   */
  records?: TreeRecords;
  /** From a lossless file: when the tree was first made, and whether it is a draft. */
  createdAt?: number;
  private?: boolean;
}
