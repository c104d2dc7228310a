/**
 * The tree as a WAI-ARIA tree: every node is a treeitem with its level, expanded and
 * selected state, walkable by keyboard and by screen readers. Rendered flat (one
 * list in display order) with memoized rows, so an edit re-renders one row.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CanopyError, type CanopyDoc, type NodeData } from '../../../shared/model';
import type { createDocStore } from '../state/doc-store';

const KIND_LABEL = {
  vision: 'Vision',
  goal: 'Goal',
  bet: 'Bet',
  initiative: 'Initiative',
} as const;

interface Props {
  store: ReturnType<typeof createDocStore>;
  model: CanopyDoc;
}

export function OutlineTree({ store, model }: Props) {
  const order = useStore(store, (s) => s.order);
  const depthOf = useStore(store, (s) => s.depthOf);
  const childrenOf = useStore(store, (s) => s.childrenOf);
  const parentOf = useStore(store, (s) => s.parentOf);
  const nodes = useStore(store, (s) => s.nodes);
  const readOnly = useStore(store, (s) => s.readOnly);
  const title = useStore(store, (s) => s.meta.title);
  // Selection and collapsed subtrees are this user's view: never in the shared document.
  const [selected, setSelected] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);

  const visible = useMemo(() => {
    const out: string[] = [];
    let skipBelow = -1;
    for (const id of order) {
      const depth = depthOf.get(id) ?? 0;
      if (skipBelow >= 0 && depth > skipBelow) continue;
      skipBelow = collapsed.has(id) ? depth : -1;
      out.push(id);
    }
    return out;
  }, [order, depthOf, collapsed]);

  const current = selected && visible.includes(selected) ? selected : (visible[0] ?? null);

  useEffect(() => {
    if (!editing && current)
      treeRef.current
        ?.querySelector<HTMLElement>(`[data-id="${current}"]`)
        ?.focus({ preventScroll: false });
  }, [current, editing]);

  const attempt = (fn: () => void) => {
    try {
      fn();
      setNotice(null);
    } catch (e) {
      if (e instanceof CanopyError) setNotice(e.message);
      else throw e;
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!current || editing) return;
    const index = visible.indexOf(current);
    const hasKids = (childrenOf.get(current)?.length ?? 0) > 0;
    const toggle = (id: string, open: boolean) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (open) next.delete(id);
        else next.add(id);
        return next;
      });
    switch (e.key) {
      case 'ArrowDown':
        setSelected(visible[Math.min(index + 1, visible.length - 1)] ?? current);
        break;
      case 'ArrowUp':
        setSelected(visible[Math.max(index - 1, 0)] ?? current);
        break;
      case 'Home':
        setSelected(visible[0] ?? current);
        break;
      case 'End':
        setSelected(visible[visible.length - 1] ?? current);
        break;
      case 'ArrowRight':
        if (hasKids && collapsed.has(current)) toggle(current, true);
        else if (hasKids) setSelected(childrenOf.get(current)![0]!);
        break;
      case 'ArrowLeft':
        if (hasKids && !collapsed.has(current)) toggle(current, false);
        else if (parentOf.has(current)) setSelected(parentOf.get(current)!);
        break;
      case 'F2':
        if (!readOnly) setEditing(current);
        break;
      case 'Tab':
        if (readOnly || e.shiftKey) return;
        attempt(() => {
          const id = model.addNode(current);
          toggle(current, true);
          setSelected(id);
          setEditing(id);
        });
        break;
      case 'Enter': {
        if (readOnly) return;
        const parent = parentOf.get(current);
        if (!parent) {
          setEditing(current);
          break;
        }
        attempt(() => {
          const siblings = childrenOf.get(parent) ?? [];
          const id = model.addNode(parent, { index: siblings.indexOf(current) + 1 });
          setSelected(id);
          setEditing(id);
        });
        break;
      }
      case 'Delete':
      case 'Backspace':
        if (readOnly) return;
        attempt(() => {
          const next =
            visible[index + 1] && parentOf.get(visible[index + 1]!) !== current
              ? visible[index + 1]
              : visible[index - 1];
          model.deleteSubtree(current);
          setSelected(next ?? null);
        });
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <section className="outline" aria-label="Outline">
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      <ul
        ref={treeRef}
        role="tree"
        aria-label={`Outline of ${title || 'the tree'}`}
        className="outline-tree"
        onKeyDown={onKeyDown}
      >
        {visible.map((id) => {
          const node = nodes.get(id);
          if (!node) return null;
          const kids = childrenOf.get(id)?.length ?? 0;
          return (
            <OutlineRow
              key={id}
              node={node}
              level={(depthOf.get(id) ?? 0) + 1}
              expanded={kids > 0 ? !collapsed.has(id) : undefined}
              selected={id === current}
              editing={id === editing}
              onSelect={setSelected}
              onStartEdit={readOnly ? undefined : setEditing}
              onCommit={(value) => {
                setEditing(null);
                if (value !== null && value !== node.title)
                  attempt(() => model.updateNode(id, { title: value }));
              }}
            />
          );
        })}
      </ul>
      {!readOnly && (
        <p className="hint muted">
          Tab adds a child, Enter a sibling, F2 edits, Delete removes, arrows move. Ctrl+Z undoes.
        </p>
      )}
    </section>
  );
}

interface RowProps {
  node: NodeData;
  level: number;
  expanded: boolean | undefined;
  selected: boolean;
  editing: boolean;
  onSelect(id: string): void;
  onStartEdit: ((id: string) => void) | undefined;
  onCommit(value: string | null): void;
}

const OutlineRow = memo(function OutlineRow({
  node,
  level,
  expanded,
  selected,
  editing,
  onSelect,
  onStartEdit,
  onCommit,
}: RowProps) {
  const label = node.title || `Untitled ${KIND_LABEL[node.kind].toLowerCase()}`;
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expanded}
      aria-selected={selected}
      aria-label={`${KIND_LABEL[node.kind]}: ${label}`}
      data-id={node.id}
      tabIndex={selected ? 0 : -1}
      className={`outline-row kind-${node.kind}`}
      style={{ paddingInlineStart: `${(level - 1) * 24 + 8}px` }}
      onClick={() => onSelect(node.id)}
      onDoubleClick={() => onStartEdit?.(node.id)}
    >
      <span className="kind-badge">{KIND_LABEL[node.kind]}</span>
      {editing ? (
        <input
          autoFocus
          className="title-input"
          aria-label={`Title of ${KIND_LABEL[node.kind].toLowerCase()}`}
          defaultValue={node.title}
          maxLength={500}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') onCommit(e.currentTarget.value);
            if (e.key === 'Escape') onCommit(null);
          }}
          onBlur={(e) => onCommit(e.currentTarget.value)}
        />
      ) : (
        <span className={node.title ? 'title' : 'title muted'}>{label}</span>
      )}
      {node.owner && <span className="owner muted">{node.owner}</span>}
    </li>
  );
});
