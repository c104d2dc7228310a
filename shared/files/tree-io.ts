/**
 * A tree in and out of files other than `.canopy`: JSON (lossless, tree-json.ts), a
 * Markdown outline (tree-markdown.ts), OPML (tree-opml.ts) and a hierarchical CSV
 * (tree-csv.ts). Import returns an outline for
 * CanopyDoc.initialise, so a file becomes a new document through the same typed
 * command as a template; the bytes are checked to be text first (text-input.ts).
 */
import { decodeCsvText, decodeOutlineText } from './text-input';
import { importTreeJson } from './tree-json';
import { importTreeMarkdown } from './tree-markdown';
import { importTreeOpml } from './tree-opml';
import { importTreeCsv } from './tree-csv';
import type { CanopyDoc } from '../model';
import { writeRecords } from '../model/snapshot';
import { TreeImportError, type ImportedTree } from './import-errors';

export { IMPORT_ERRORS, TreeImportError, type ImportedTree } from './import-errors';
export { exportTreeJson, importTreeJson } from './tree-json';
export { exportTreeMarkdown, importTreeMarkdown } from './tree-markdown';
export { decodeOutlineText } from './text-input';
export { exportTreeOpml, importTreeOpml } from './tree-opml';
export { exportTreeCsv, importTreeCsv, type TreeCsvShape } from './tree-csv';
export { boardCsv } from './board-csv';
export { workbookOf } from './tree-xlsx';

/**
 * A file's bytes → a tree: `.json` as JSON, `.opml` and `.xml` as OPML, `.csv` as a
 * hierarchical CSV, anything else as a Markdown or plain-text outline. Throws TreeImportError (numbered when the file is not text at all).
 */
export function importOutlineFile(name: string, bytes: Uint8Array): ImportedTree {
  const lower = name.toLowerCase();
  if (/\.(xlsx|xlsm|xls|ods|numbers)$/.test(lower))
    throw new TreeImportError(
      'Canopy writes spreadsheets but does not open them. In your spreadsheet app, save the sheet as CSV (UTF-8) and open that.',
    );
  const json = lower.endsWith('.json');
  const xml = lower.endsWith('.opml') || lower.endsWith('.xml');
  const csv = lower.endsWith('.csv');
  const base = name.replace(/\.[^.]*$/, '').trim() || 'Imported tree';
  if (csv) {
    const { text, legacy } = decodeCsvText(bytes);
    const imported = importTreeCsv(text, base);
    if (legacy)
      imported.warnings = [
        'The file was not UTF-8, so it was read as Windows-1252 (Western European), as Excel saves CSV: check accented letters.',
        ...(imported.warnings ?? []),
      ];
    return imported;
  }
  // JSON and XML may be one long line; every file must be text.
  const text = decodeOutlineText(bytes, json || xml ? 'json' : 'outline');
  if (json) return importTreeJson(text);
  if (xml) return importTreeOpml(text, base);
  return importTreeMarkdown(text, base);
}

/**
 * Fills a new, empty document from an imported file: the tree (with its ids, for a
 * lossless file) and its records, as DocSession.create does in the app.
 */
export function initialiseImported(model: CanopyDoc, imported: ImportedTree, id?: string): string {
  const rootId = model.initialise({
    id,
    title: imported.title,
    vision: imported.vision,
    private: imported.private,
    createdAt: imported.createdAt,
    keepIds: imported.records !== undefined,
  });
  if (imported.records) writeRecords(model.ydoc, imported.records);
  return rootId;
}
