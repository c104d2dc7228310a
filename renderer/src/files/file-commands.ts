/**
 * Save and export the open document, the handout and the history: the File menu in
 * the page's top bar and in the desktop app's menu bar, and the command palette.
 */
import type { CanopyDoc } from '../../../shared/model';
import type { AppCommand, CommandContext } from '../commands/context';
import type { PlatformFiles } from '../platform/platform';
import {
  exportBoardCsv,
  exportJson,
  exportMarkdown,
  exportOpml,
  exportTreeCsvFile,
  exportXlsx,
  saveCanopyFile,
} from './file-actions';
import { exportPng, exportSvg } from './image-export';

type Write = (files: PlatformFiles, model: CanopyDoc) => Promise<boolean>;

const withDocument = (ctx: CommandContext) => ctx.doc !== null;

/** A file the document is written to; a failure becomes the document's notice. */
function writer(
  id: string,
  label: string,
  description: string,
  write: Write,
  what: string,
  qualifier?: string,
): AppCommand {
  return {
    id,
    label,
    description,
    ...(qualifier ? { qualifier } : {}),
    group: 'file',
    menu: true,
    pageMenu: true,
    when: withDocument,
    run(ctx) {
      const doc = ctx.doc!;
      write(ctx.platform.files, doc.model).catch((e: unknown) =>
        doc.actions.error(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
  };
}

export const fileCommands: AppCommand[] = [
  writer(
    'file.save',
    'Save as a file',
    '.canopy: opens and merges on another machine',
    saveCanopyFile,
    'save the file',
  ),
  writer(
    'file.export-markdown',
    'Export outline',
    'Markdown, fields as Logseq and Obsidian properties',
    exportMarkdown,
    'export',
  ),
  writer(
    'file.export-opml',
    'Export OPML',
    'the outline for XMind, FreeMind, Workflowy, Logseq',
    exportOpml,
    'export',
  ),
  writer('file.export-json', 'Export everything', 'JSON', exportJson, 'export'),
  writer(
    'file.export-tree-csv',
    'Export the tree',
    'CSV, one row per item with its parent',
    (files, model) => exportTreeCsvFile(files, model, 'canopy'),
    'export',
  ),
  writer(
    'file.export-jira',
    'Export for Jira',
    'CSV: epics, stories, sub-tasks',
    (files, model) => exportTreeCsvFile(files, model, 'jira'),
    'export',
  ),
  writer(
    'file.export-miro',
    'Export for Miro',
    'CSV mind map, one column per level',
    (files, model) => exportTreeCsvFile(files, model, 'miro'),
    'export',
  ),
  writer('file.export-csv', 'Export the board', 'CSV, one row per card', exportBoardCsv, 'export'),
  writer(
    'file.export-xlsx',
    'Export a spreadsheet',
    'Excel .xlsx: the tree and the board',
    exportXlsx,
    'export',
  ),
  writer(
    'file.export-svg',
    'Export a picture',
    'SVG, the whole tree',
    exportSvg,
    'make the picture',
    'SVG',
  ),
  writer(
    'file.export-png',
    'Export a picture',
    'PNG, the whole tree',
    exportPng,
    'make the picture',
    'PNG',
  ),
  {
    id: 'file.handout',
    label: 'Handout…',
    description: 'the tree with its details, to print or save as PDF',
    group: 'file',
    menu: true,
    pageMenu: true,
    when: withDocument,
    run: (ctx) => ctx.doc!.actions.handout(),
  },
  {
    id: 'file.history',
    label: 'History…',
    description: 'snapshots: take, compare, restore',
    group: 'file',
    menu: true,
    pageMenu: true,
    when: withDocument,
    run: (ctx) => ctx.doc!.actions.history(),
  },
];
