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
  notXml: {
    code: 'CANOPY-305',
    message:
      'This file is not well-formed XML, so it is not an OPML outline. Export the outline again from the app that made it, as OPML.',
  },
  notOpml: {
    code: 'CANOPY-306',
    message:
      'This XML is not an OPML outline: it has no <opml> element with a <body> of <outline> items. Export the outline as OPML and open that.',
  },
  declaresEntities: {
    code: 'CANOPY-307',
    message:
      'This OPML file declares its own entities or a DOCTYPE, which OPML never needs and which can make a small file expand without end. Export it again without a DOCTYPE.',
  },
  tooDeep: {
    code: 'CANOPY-308',
    message:
      'This outline is nested deeper than a tree can be (200 levels): no strategy tree is, crafted files are.',
  },
  notTable: {
    code: 'CANOPY-309',
    message:
      'This CSV has no column Canopy can take a title from. Give the first row headers, one of them "Title" (or Summary, Name, Content, Text), and open it again.',
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
