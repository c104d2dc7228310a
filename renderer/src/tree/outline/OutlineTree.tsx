/**
 * The tree as a WAI-ARIA tree: every node is a treeitem with its level, expanded and
 * selected state, walkable by keyboard and by screen readers. It shows the same
 * nodes as the canvas (same collapsed state and focus mode). Rendered flat, one row
 * per visible node in blocks of rows, memoized so an edit re-renders one row.
 */
import {
  memo,
  startTransition,
  type CSSProperties,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { NodeData } from '../../../../shared/model';
import { useDoc, useDocSlices, useDocument, useView } from '../../document/document-context';
import { selectStopped, selectVisible } from '../../document/selectors';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { itemIdAt, useCommandSurface } from '../../commands/useCommandSurface';
import { finishRename } from '../title-edit';
import { useEditBase } from '../edit-base';
import { addAndRename } from '../tree-keys';
import './outline.css';

/** Rows in the first frame: more than fit in the pane. */
const FIRST_ROWS = 80;
/**
 * Rows per block. A block out of view skips style, layout and paint
 * (content-visibility: auto). Per row, as it was, Chromium checked all 10,000 rows
 * for visibility on every frame of the canvas next to it: a zoom step of the canvas
 * then missed its frame (16 of 257 frames late, 2 with the rows hidden). Per block
 * of 64, it checks 157.
 */
const ROWS_PER_BLOCK = 64;

export function OutlineTree() {
  const { model, view } = useDocument();
  const doc = useDocSlices((s) => ({
    order: s.order,
    depthOf: s.depthOf,
    childrenOf: s.childrenOf,
    nodes: s.nodes,
    readOnly: s.readOnly,
  }));
  const title = useDoc((s) => s.meta.title);
  const selected = useView((s) => s.selected);
  const editing = useView((s) => (s.editSurface === 'outline' ? s.editing : null));
  const collapsed = useView((s) => s.collapsed);
  const focusRoot = useView((s) => s.focusRoot);
  const treeRef = useRef<HTMLDivElement>(null);

  const visible = selectVisible(doc, collapsed, focusRoot);
  const current = selected && visible.includes(selected) ? selected : (visible[0] ?? null);
  const stopped = useDoc(selectStopped);

  // Thousands of rows take longer to mount than the whole canvas: the first frame has
  // the rows that fit (and the canvas), the rest follow in a transition that yields.
  const [allRows, setAllRows] = useState(false);
  useEffect(() => startTransition(() => setAllRows(true)), []);
  const rows = allRows ? visible : visible.slice(0, FIRST_ROWS);

  // Keyboard focus follows the selection while the outline has focus, also when the
  // focused row itself went away (deleted by a key here).
  const keyed = useRef(false);
  useEffect(() => {
    const tree = treeRef.current;
    const lost = keyed.current && document.activeElement === document.body;
    keyed.current = false;
    if (!tree || editing || !current || !(tree.contains(document.activeElement) || lost)) return;
    tree.querySelector<HTMLElement>(`[data-id="${current}"]`)?.focus();
  }, [current, editing]);

  // One stable callback for every row, so an edit re-renders only the rows it changed.
  const commitRename = useEditBase(view, model);
  const onCommit = useCallback(
    (id: string, value: string | null, how: RowExit) => {
      const kept = finishRename(model, view.getState(), id, value, commitRename);
      // Focus went elsewhere on purpose (a click, F6): leave it there.
      if (how === 'blur') return;
      if (how === 'tab' && kept && addAndRename(model, view.getState(), { parent: id }, 'outline'))
        return;
      const at = view.getState().selected ?? id;
      treeRef.current?.querySelector<HTMLElement>(`[data-id="${at}"]`)?.focus();
    },
    [view, model, commitRename],
  );

  // Keys and context menus on a row are the tree's commands (tree-commands.ts); none
  // while renaming. Once a key acted, the keyboard follows the selection (see above).
  const rowOf = (id: string) =>
    treeRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`) ?? null;
  useCommandSurface(treeRef, (el) => {
    if (view.getState().editing) return null;
    const id = itemIdAt(el, '[role="treeitem"]') ?? current;
    if (!id) return null;
    return {
      id,
      surface: 'outline',
      visible,
      focus(to) {
        view.getState().select(to);
        // Once the items are back (the next frame), the keyboard is on the one restored.
        requestAnimationFrame(() => rowOf(to)?.focus());
      },
      rect: () => rowOf(id)?.getBoundingClientRect() ?? null,
      keyed: () => void (keyed.current = true),
    };
  });

  const row = (id: string) => {
    const node = doc.nodes.get(id);
    if (!node) return null;
    const kids = doc.childrenOf.get(id)?.length ?? 0;
    return (
      <OutlineRow
        key={id}
        node={node}
        level={(doc.depthOf.get(id) ?? 0) + 1}
        expanded={kids > 0 ? !collapsed.has(id) : undefined}
        selected={id === current}
        stopped={stopped.has(id)}
        editing={id === editing}
        readOnly={doc.readOnly}
        onCommit={onCommit}
      />
    );
  };
  const blocks: string[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_BLOCK)
    blocks.push(rows.slice(i, i + ROWS_PER_BLOCK));

  return (
    <div
      ref={treeRef}
      role="tree"
      aria-label={`Outline of ${title || 'the tree'}`}
      className="outline-tree"
    >
      {blocks.map((ids, i) => (
        // Presentational: to assistive tech the rows are the tree's own items.
        <div
          key={i}
          role="none"
          className="outline-block"
          style={{ '--rows': ids.length } as CSSProperties}
        >
          {ids.map(row)}
        </div>
      ))}
    </div>
  );
}

interface RowProps {
  node: NodeData;
  level: number;
  expanded: boolean | undefined;
  selected: boolean;
  /** Ended on purpose (see shared/model/stopping.ts). */
  stopped: boolean;
  editing: boolean;
  readOnly: boolean;
  onCommit(id: string, value: string | null, how: RowExit): void;
}

/** What ends a rename in a row: Enter and Escape stay on the row, Tab adds a child. */
type RowExit = 'enter' | 'escape' | 'tab' | 'shift-tab' | 'blur';

const OutlineRow = memo(function OutlineRow({
  node,
  level,
  expanded,
  selected,
  stopped,
  editing,
  readOnly,
  onCommit,
}: RowProps) {
  const { view } = useDocument();
  const label = node.title || `Untitled ${KIND_LABEL[node.kind].toLowerCase()}`;
  return (
    <div
      role="treeitem"
      aria-level={level}
      aria-expanded={expanded}
      aria-selected={selected}
      aria-label={`${KIND_LABEL[node.kind]}: ${label}${stopped ? ', stopped' : ''}`}
      data-id={node.id}
      tabIndex={selected ? 0 : -1}
      className={`outline-row kind-${node.kind}${stopped ? ' stopped' : ''}`}
      style={{ paddingInlineStart: `${(level - 1) * 16 + 8}px` }}
      onClick={() => view.getState().select(node.id)}
      onDoubleClick={() => !readOnly && view.getState().edit(node.id, undefined, 'outline')}
    >
      <span className="kind-dot" aria-hidden="true" />
      {editing ? (
        <input
          autoFocus
          className="title-input"
          aria-label={`Title of ${KIND_LABEL[node.kind].toLowerCase()}`}
          defaultValue={view.getState().editSeed ?? node.title}
          maxLength={500}
          onFocus={(e) => {
            // Typing started this rename: continue after the typed character.
            const end = e.currentTarget.value.length;
            e.currentTarget.setSelectionRange(end, end);
          }}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.nativeEvent.isComposing) return;
            const value = e.currentTarget.value;
            if (e.key === 'Enter') onCommit(node.id, value, 'enter');
            else if (e.key === 'Escape') onCommit(node.id, null, 'escape');
            else if (e.key === 'Tab') onCommit(node.id, value, e.shiftKey ? 'shift-tab' : 'tab');
            else return;
            e.preventDefault();
          }}
          onBlur={(e) => onCommit(node.id, e.currentTarget.value, 'blur')}
        />
      ) : (
        <span className={node.title ? 'title' : 'title muted'}>{label}</span>
      )}
      {stopped && !editing && (
        <>
          {' '}
          <span className="stopped-tag" aria-hidden="true">
            Stopped
          </span>
        </>
      )}
    </div>
  );
});
