/** Save and export the open document: a small menu in the document's top bar. */
import { useRef } from 'react';
import { useModel } from '../document/document-context';
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
import { usePlatform } from '../app/PlatformContext';
import './files.css';

interface Props {
  onHistory(): void;
  onHandout(): void;
  onError(message: string): void;
}

export function FileMenu({ onHistory, onHandout, onError }: Props) {
  const model = useModel();
  const { files } = usePlatform();
  const menu = useRef<HTMLDetailsElement>(null);
  const failed = (what: string) => (e: unknown) =>
    onError(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
  const item = (label: string, hint: string, run: () => void) => (
    <button
      type="button"
      role="menuitem"
      onClick={() => {
        run();
        menu.current?.removeAttribute('open');
      }}
    >
      <span>{label}</span>
      <span className="muted">{hint}</span>
    </button>
  );
  return (
    <details
      ref={menu}
      className="file-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') menu.current?.removeAttribute('open');
      }}
    >
      <summary>File</summary>
      <div role="menu" aria-label="File" className="file-menu-items">
        {item('Save as a file', '.canopy: opens and merges on another machine', () =>
          saveCanopyFile(files, model).catch(failed('save the file')),
        )}
        {item('Export outline', 'Markdown, fields as Logseq and Obsidian properties', () =>
          exportMarkdown(files, model).catch(failed('export')),
        )}
        {item('Export OPML', 'the outline for XMind, FreeMind, Workflowy, Logseq', () =>
          exportOpml(files, model).catch(failed('export')),
        )}
        {item('Export everything', 'JSON', () => exportJson(files, model).catch(failed('export')))}
        {item('Export the tree', 'CSV, one row per item with its parent', () =>
          exportTreeCsvFile(files, model, 'canopy').catch(failed('export')),
        )}
        {item('Export for Jira', 'CSV: epics, stories, sub-tasks', () =>
          exportTreeCsvFile(files, model, 'jira').catch(failed('export')),
        )}
        {item('Export for Miro', 'CSV mind map, one column per level', () =>
          exportTreeCsvFile(files, model, 'miro').catch(failed('export')),
        )}
        {item('Export the board', 'CSV, one row per card', () =>
          exportBoardCsv(files, model).catch(failed('export')),
        )}
        {item('Export a spreadsheet', 'Excel .xlsx: the tree and the board', () =>
          exportXlsx(files, model).catch(failed('export')),
        )}
        {item('Export a picture', 'SVG, the whole tree', () =>
          exportSvg(files, model).catch(failed('make the picture')),
        )}
        {item('Export a picture', 'PNG, the whole tree', () =>
          exportPng(files, model).catch(failed('make the picture')),
        )}
        {item('Handout…', 'the tree with its details, to print or save as PDF', onHandout)}
        {item('History…', 'snapshots: take, compare, restore', onHistory)}
      </div>
    </details>
  );
}
