import { useRef, useState } from 'react';
import { useDoc, useDocument, useView } from '../../document/document-context';
import { reveal } from '../tree-keys';
import { selectMatches } from '../../document/selectors';
import type { CanvasZoom } from './canvas-zoom';

/** Search, zoom and focus for the canvas. Search highlights matches; Enter jumps between them. */
export function CanvasToolbar({ zoom }: { zoom: CanvasZoom }) {
  const { store, view } = useDocument();
  const query = useView((s) => s.query);
  const selected = useView((s) => s.selected);
  const focusRoot = useView((s) => s.focusRoot);
  const rootId = useDoc((s) => s.rootId);
  const [cursor, setCursor] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const matches = useDoc((s) => selectMatches(s, query));

  const jump = (step: number) => {
    if (matches.length === 0) return;
    const next = (cursor + step + matches.length) % matches.length;
    setCursor(next);
    const id = matches[next]!;
    const v = view.getState();
    reveal(store.getState(), v, id);
    v.select(id);
    // Let the canvas lay out the revealed node before zooming to it.
    requestAnimationFrame(() => zoom.fitCard(id, 1.1));
  };

  return (
    <div
      className="canvas-toolbar"
      role="toolbar"
      aria-label="Canvas tools"
      data-pane="canvas tools"
    >
      <div className="search">
        <input
          ref={input}
          type="search"
          placeholder="Search titles, tags, owners"
          aria-label="Search titles, tags and owners"
          value={query}
          onChange={(e) => {
            view.getState().setQuery(e.target.value);
            setCursor(-1);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              jump(e.shiftKey ? -1 : 1);
            }
            if (e.key === 'Escape') view.getState().setQuery('');
          }}
        />
        {query && (
          <span className="search-count muted" role="status">
            {matches.length === 0
              ? 'No matches'
              : `${cursor >= 0 ? `${cursor + 1} of ` : ''}${matches.length} match${matches.length > 1 ? 'es' : ''}`}
          </span>
        )}
        <button
          type="button"
          className="ghost"
          aria-label="Previous match"
          disabled={!matches.length}
          onClick={() => jump(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="ghost"
          aria-label="Next match"
          disabled={!matches.length}
          onClick={() => jump(1)}
        >
          ↓
        </button>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          className="ghost"
          onClick={() => zoom.fitAll()}
          aria-label="Zoom to fit (Shift+1)"
        >
          Fit
        </button>
        <button
          type="button"
          className="ghost"
          disabled={!selected}
          onClick={() => selected && zoom.fitCard(selected, 1.2)}
          aria-label="Zoom to selection (Shift+2)"
        >
          Zoom to selection
        </button>
        {focusRoot ? (
          <button
            type="button"
            onClick={() => view.getState().setFocusRoot(null)}
            aria-label="Exit focus mode"
          >
            Exit focus
          </button>
        ) : (
          <button
            type="button"
            className="ghost"
            disabled={!selected || selected === rootId}
            onClick={() => {
              view.getState().setFocusRoot(selected);
              requestAnimationFrame(() => zoom.fitAll());
            }}
            aria-label="Focus on the selected subtree"
          >
            Focus
          </button>
        )}
      </div>
    </div>
  );
}
