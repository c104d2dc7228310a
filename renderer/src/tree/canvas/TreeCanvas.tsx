/**
 * The value-tree canvas. Positions come from the deterministic tidy-tree layout, so
 * every peer sees the same picture; React Flow only renders and handles the
 * viewport. A drag moves a card locally and writes once, on drop, as a re-parent.
 */
import {
  Background,
  Controls,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type Edge,
  type NodeChange,
  type NodeHandle,
  type NodeMouseHandler,
  type OnNodeDrag,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { layoutTree } from '../../../../shared/layout/tree-layout';
import { columnNameOf, stoppedSet, type CanopyDoc, type NodeData } from '../../../../shared/model';
import type { createDocStore } from '../../document/doc-store';
import type { ViewStore } from '../../document/view-store';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { finishRename } from '../title-edit';
import { offerUndo } from '../delete-toast';
import { useEditBase } from '../edit-base';
import {
  addAndRename,
  attempt,
  handleTreeKey,
  searchMatches,
  visibleOrder,
  type Deletion,
} from '../tree-keys';
import { cardSize } from './card-size';
import { CanvasToolbar } from './CanvasToolbar';
import { rollUps } from '../../../../shared/flow/learning';
import { findSignals } from '../../../../shared/flow/signals';
import { useNow } from '../../widgets/useNow';
import { NodeCard, type CardData, type CardNode } from './NodeCard';
import { PresenceLayer } from './PresenceLayer';
import { TitleEditor, type EditorExit } from './TitleEditor';
import { TreeOverview, type OverviewBox } from './TreeOverview';
import type { Awareness } from 'y-protocols/awareness';

const nodeTypes = { card: NodeCard };
const GAP_X = 32;
const GAP_Y = 56;
const LARGE_TREE = 150;
const FAR_ZOOM = 0.4;
/** Below this, even a far card's title is under 4 px: blocks only, no text to paint. */
const TINY_ZOOM = 0.15;

interface Props {
  store: ReturnType<typeof createDocStore>;
  view: ViewStore;
  model: CanopyDoc;
  /** Presence: others' selections and pointers are drawn, ours is published. */
  awareness?: Awareness;
}

/** Pointer positions are published at most this often (ms): smooth enough to follow. */
const CURSOR_INTERVAL = 50;

export function TreeCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

function CanvasInner({ store, view, model, awareness }: Props) {
  const doc = useStore(store);
  const selected = useStore(view, (s) => s.selected);
  const editing = useStore(view, (s) => (s.editSurface === 'canvas' ? s.editing : null));
  const collapsed = useStore(view, (s) => s.collapsed);
  const focusRoot = useStore(view, (s) => s.focusRoot);
  const query = useStore(view, (s) => s.query);
  const changesSince = useStore(view, (s) => s.changesSince);
  const flow = useReactFlow<CardNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  // Zoomed far out, cards are drawn as plain titled blocks: no text can be read at that
  // size, and painting a thousand full cards on every pan frame is what made it slow.
  const far = useFlowStore((s) => s.transform[2] < FAR_ZOOM);
  const tiny = useFlowStore((s) => s.transform[2] < TINY_ZOOM);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);

  const visible = useMemo(
    () => visibleOrder(doc, { collapsed, focusRoot }),
    [doc, collapsed, focusRoot],
  );
  const matches = useMemo(() => new Set(searchMatches(doc, query)), [doc, query]);
  const layout = useMemo(() => {
    const rootId = focusRoot && doc.depthOf.has(focusRoot) ? focusRoot : doc.rootId;
    return layoutTree(
      { rootId, childrenOf: doc.childrenOf },
      (id) => cardSize(doc.nodes.get(id)!),
      {
        gapX: GAP_X,
        gapY: GAP_Y,
        collapsed,
      },
    );
  }, [doc.rootId, doc.childrenOf, doc.nodes, collapsed, focusRoot, doc.depthOf]);

  const onToggle = useCallback(
    (id: string) => {
      const v = view.getState();
      v.setCollapsed(id, !v.collapsed.has(id));
    },
    [view],
  );

  const editSeed = useStore(view, (s) => s.editSeed);
  const editor = useRef<HTMLInputElement>(null);
  const commitRename = useEditBase(view, model);
  const onEditorExit = useCallback(
    (id: string, value: string | null, how: EditorExit) => {
      const kept = finishRename(model, view.getState(), id, value, commitRename);
      // Focus went elsewhere on purpose (a click, F6): leave it there.
      if (how === 'blur') return;
      if (how === 'tab' && kept && addAndRename(model, view.getState(), { parent: id }, 'canvas'))
        return;
      // Enter, Escape, Shift+Tab: the keyboard is back on the canvas.
      wrapper.current?.focus();
    },
    [view, model, commitRename],
  );

  // Signals about each node, as badges (the Signals view lists them in full). Finding
  // them takes ~10 ms on 5,000 nodes: computed from a deferred copy of the document,
  // so a keystroke's own render never waits for it.
  const now = useNow();
  const signalDoc = useDeferredValue(doc);
  const signalsByNode = useMemo(() => {
    const out = new Map<string, string>();
    for (const signal of findSignals(signalDoc, { now }))
      if (signal.nodeId)
        out.set(
          signal.nodeId,
          out.has(signal.nodeId) ? `${out.get(signal.nodeId)}\n${signal.text}` : signal.text,
        );
    return out;
  }, [signalDoc, now]);

  // What each subtree has learned, in words, for the cards that have learned something.
  const learnedByNode = useMemo(() => {
    const out = new Map<string, { long: string; short: string }>();
    for (const [id, r] of rollUps(signalDoc, signalDoc.learning)) {
      if (!r.supports && !r.contradicts && !r.stopped.length) continue;
      const parts = [`${r.supports} for`, `${r.contradicts} against`];
      if (r.stopped.length) parts.push(`${r.stopped.length} stopped`);
      out.set(id, { long: parts.join(', '), short: `▲${r.supports} ▼${r.contradicts}` });
    }
    return out;
  }, [signalDoc]);

  const stopped = useMemo(() => stoppedSet(doc), [doc]);
  // Items whose rename of ours lost to someone else's: the card says who (details say more).
  const renamedBy = useMemo(() => {
    const out = new Map<string, string>();
    for (const c of doc.renames) if (c.target.kind === 'node') out.set(c.target.id, c.by);
    return out;
  }, [doc.renames]);

  // Card data and node objects are reused while nothing they show changed: React Flow
  // compares nodes and their data by reference, so an edit re-renders one card and
  // re-adopts one node instead of 2,000.
  const [cards] = useState(createCardCache);
  const nodes: CardNode[] = useMemo(() => {
    const out: CardNode[] = [];
    const pass = cards.begin();
    for (const id of visible) {
      const node = doc.nodes.get(id);
      const box = layout.positions.get(id);
      if (!node || !box) continue;
      const data = pass.data(id, {
        node,
        column: columnNameOf(doc.board, node),
        signals: signalsByNode.get(id) ?? null,
        learned: learnedByNode.get(id)?.long ?? null,
        learnedShort: learnedByNode.get(id)?.short ?? null,
        change: changesSince?.changes.get(id) ?? null,
        stopped: stopped.has(id),
        renamedBy: renamedBy.get(id) ?? null,
        childCount: doc.childrenOf.get(id)?.length ?? 0,
        collapsed: collapsed.has(id),
        selected: id === selected,
        match: matches.has(id),
        editing: id === editing,
        onToggle,
      });
      const dragged = drag?.id === id;
      out.push(
        pass.node({
          id,
          type: 'card',
          position: dragged ? { x: drag.x, y: drag.y } : { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          // Sizes and handles are known from the layout. Telling React Flow lets it skip
          // its measuring pass, which would otherwise mount every card once (2,000 of
          // them) before culling to the ones in view, and lets fitView run at once
          // instead of waiting for cards off screen that are never measured.
          measured: { width: box.width, height: box.height },
          handles: cardHandles(box.width, box.height),
          data,
          selected: id === selected,
          draggable: !doc.readOnly && id !== doc.rootId,
          ariaLabel: `${KIND_LABEL[node.kind]}: ${node.title || 'untitled'}${stopped.has(id) ? ', stopped' : ''}`,
        }),
      );
    }
    return out;
  }, [
    cards,
    visible,
    doc,
    layout,
    collapsed,
    selected,
    matches,
    editing,
    onToggle,
    drag,
    signalsByNode,
    learnedByNode,
    changesSince,
    stopped,
    renamedBy,
  ]);

  const overview = useMemo(() => {
    const out: OverviewBox[] = [];
    for (const id of visible) {
      const box = layout.positions.get(id);
      const node = doc.nodes.get(id);
      if (box && node) out.push({ ...box, kind: node.kind });
    }
    return out;
  }, [visible, layout, doc.nodes]);

  const edges: Edge[] = useMemo(() => {
    const shown = new Set(visible);
    const out: Edge[] = [];
    for (const id of visible) {
      const parent = doc.parentOf.get(id);
      if (parent && shown.has(parent))
        out.push({ id: `e-${id}`, source: parent, target: id, type: 'smoothstep' });
    }
    return out;
  }, [visible, doc.parentOf]);

  const onNodesChange = useCallback((changes: NodeChange<CardNode>[]) => {
    for (const c of changes) {
      if (c.type === 'position' && c.position && c.dragging)
        setDrag({ id: c.id, x: c.position.x, y: c.position.y });
    }
  }, []);

  const onNodeDragStop: OnNodeDrag<CardNode> = useCallback(
    (_event, node) => {
      setDrag(null);
      const target = flow
        .getIntersectingNodes(node)
        .filter((n) => n.id !== node.id)
        .sort((a, b) => overlap(node, b) - overlap(node, a))[0];
      if (!target) return;
      const moved = doc.nodes.get(node.id);
      const onto = doc.nodes.get(target.id);
      attempt(view.getState(), () => {
        if (doc.parentOf.get(node.id) === target.id) return;
        model.moveNode(node.id, target.id);
        view.getState().setCollapsed(target.id, false);
      });
      if (moved && onto && view.getState().notice) {
        view
          .getState()
          .setNotice(
            `Cannot move “${label(moved)}” into “${label(onto)}”: it is inside the item being moved.`,
          );
      }
    },
    [flow, doc, model, view],
  );

  const onNodeClick: NodeMouseHandler<CardNode> = useCallback(
    (_e, node) => {
      view.getState().select(node.id);
      wrapper.current?.focus();
    },
    [view],
  );
  const onNodeDoubleClick: NodeMouseHandler<CardNode> = useCallback(
    (_e, node) => {
      if (!doc.readOnly) view.getState().edit(node.id, undefined, 'canvas');
    },
    [view, doc.readOnly],
  );

  // After a rename the input is gone: give the keyboard back to the canvas.
  useEffect(() => {
    if (editing === null && document.activeElement === document.body) wrapper.current?.focus();
  }, [editing]);

  // Keep the selection in view when the keyboard moves it.
  useEffect(() => {
    if (!selected) return;
    const box = layout.positions.get(selected);
    if (!box || !wrapper.current) return;
    const { x, y, zoom } = flow.getViewport();
    const rect = wrapper.current.getBoundingClientRect();
    const left = box.x * zoom + x;
    const top = box.y * zoom + y;
    const outside =
      left < 0 ||
      top < 0 ||
      left + box.width * zoom > rect.width ||
      top + box.height * zoom > rect.height;
    if (outside)
      void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: 200 });
  }, [selected, layout, flow]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.target !== wrapper.current) return;
    const v = view.getState();
    if (v.editing) {
      if (v.editSurface === 'canvas') keepTypedKey(e, v.editing);
      return;
    }
    if (e.shiftKey && (e.code === 'Digit1' || e.code === 'Digit2')) {
      e.preventDefault();
      if (e.code === 'Digit1') void flow.fitView({ duration: 300, padding: 0.1 });
      else if (selected)
        void flow.fitView({ nodes: [{ id: selected }], duration: 300, maxZoom: 1.2 });
      return;
    }
    const onDeleted = (d: Deletion) => offerUndo(model, view, d, () => wrapper.current?.focus());
    if (
      handleTreeKey(e, { model, doc, view: view.getState(), visible, surface: 'canvas', onDeleted })
    )
      e.preventDefault();
  };

  // A key that reaches the canvas while a rename is open (its field has not taken the
  // focus yet) goes into the field, or into its starting text: none is dropped.
  const keepTypedKey = (e: React.KeyboardEvent, id: string) => {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    const input = editor.current;
    if (input) {
      input.focus();
      input.setRangeText(e.key, input.selectionStart ?? 0, input.selectionEnd ?? 0, 'end');
    } else {
      const v = view.getState();
      v.setEditSeed((v.editSeed ?? model.node(id)?.title ?? '') + e.key);
    }
  };

  const pointer = usePublishedPointer(awareness);
  const titleOf = useCallback((id: string) => model.node(id)?.title, [model]);

  const notice = useStore(view, (s) => s.notice);
  const editingNode = editing ? doc.nodes.get(editing) : undefined;
  const editingBox = editing ? layout.positions.get(editing) : undefined;
  const onlyRoot = doc.order.length === 1 && !doc.nodes.get(doc.order[0]!)?.title;
  return (
    <div className="canvas-area">
      <CanvasToolbar store={store} view={view} />
      {changesSince && (
        <p role="status" className="changes-banner">
          Changes since “{changesSince.name}”: {changesSince.changes.size}{' '}
          {changesSince.changes.size === 1 ? 'item' : 'items'} new or changed, marked on the cards.
          <button
            type="button"
            className="ghost"
            onClick={() => view.getState().setChangesSince(null)}
          >
            Stop showing
          </button>
        </p>
      )}
      {notice && (
        <p role="alert" className="notice">
          {notice}
          <button
            type="button"
            className="ghost"
            aria-label="Dismiss"
            onClick={() => view.getState().setNotice(null)}
          >
            ×
          </button>
        </p>
      )}
      {onlyRoot && !doc.readOnly && (
        <div className="empty-hint" role="note">
          <strong>Start with the vision.</strong> Select it and type to name it; Tab adds a goal
          under it, Enter adds a sibling. Paste an indented outline to add many at once.
        </div>
      )}
      <div
        ref={wrapper}
        className={`canvas${drag ? ' dragging' : ''}${far ? ' far' : ''}${tiny ? ' tiny' : ''}`}
        role="region"
        aria-label="Tree canvas"
        data-pane="canvas"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerMove={pointer.move}
        onPointerLeave={pointer.leave}
      >
        <ReactFlow<CardNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={onNodeClick}
          onNodeDoubleClick={onNodeDoubleClick}
          onPaneClick={() => wrapper.current?.focus()}
          nodesConnectable={false}
          elementsSelectable={false}
          disableKeyboardA11y
          onlyRenderVisibleElements
          onInit={(instance) => {
            // A small tree is shown whole. A big one opens on its root at reading
            // zoom: fitting 2,000 cards would render every one of them at once,
            // while onlyRenderVisibleElements renders just the cards in view.
            if (visible.length <= LARGE_TREE) void instance.fitView({ padding: 0.1, maxZoom: 1 });
            else void instance.setCenter(0, 320, { zoom: 0.9 });
          }}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
          <Panel position="bottom-right">
            <TreeOverview boxes={overview} />
          </Panel>
          {awareness && (
            <PresenceLayer awareness={awareness} positions={layout.positions} titleOf={titleOf} />
          )}
          {editingNode && editingBox && (
            <TitleEditor
              key={editingNode.id}
              box={editingBox}
              kind={editingNode.kind}
              far={far}
              label={`Title of ${KIND_LABEL[editingNode.kind].toLowerCase()}`}
              initial={editSeed ?? editingNode.title}
              inputRef={editor}
              onExit={(value, how) => onEditorExit(editingNode.id, value, how)}
            />
          )}
        </ReactFlow>
      </div>
    </div>
  );
}

/**
 * Publishes the pointer in flow coordinates (so it lands on the same card at any
 * zoom), throttled, with the last position always sent.
 */
function usePublishedPointer(awareness: Awareness | undefined) {
  const flow = useReactFlow();
  const pending = useRef<{ x: number; y: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);
  const leave = useCallback(() => {
    pending.current = null;
    awareness?.setLocalStateField('cursor', null);
  }, [awareness]);
  const move = useCallback(
    (e: React.PointerEvent) => {
      if (!awareness) return;
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      pending.current = { x: Math.round(p.x), y: Math.round(p.y) };
      if (timer.current) return;
      const flush = () => {
        timer.current = null;
        if (!pending.current) return;
        awareness.setLocalStateField('cursor', pending.current);
        pending.current = null;
        timer.current = setTimeout(flush, CURSOR_INTERVAL);
      };
      flush();
    },
    [awareness, flow],
  );
  return { move, leave };
}

const HANDLE = 6;
/** Cards come in a few sizes, so their handle lists are made once per size and shared. */
const handlesBySize = new Map<string, NodeHandle[]>();
function cardHandles(width: number, height: number): NodeHandle[] {
  const key = `${width}x${height}`;
  let handles = handlesBySize.get(key);
  if (!handles) {
    const x = width / 2 - HANDLE / 2;
    const size = { width: HANDLE, height: HANDLE };
    handles = [
      { type: 'target', position: Position.Top, x, y: -HANDLE / 2, ...size },
      { type: 'source', position: Position.Bottom, x, y: height - HANDLE / 2, ...size },
    ];
    handlesBySize.set(key, handles);
  }
  return handles;
}

const label = (n: NodeData) => n.title || `untitled ${n.kind}`;

function overlap(a: CardNode, b: CardNode): number {
  const aw = a.measured?.width ?? a.width ?? 0;
  const ah = a.measured?.height ?? a.height ?? 0;
  const bw = b.measured?.width ?? b.width ?? 0;
  const bh = b.measured?.height ?? b.height ?? 0;
  const w = Math.min(a.position.x + aw, b.position.x + bw) - Math.max(a.position.x, b.position.x);
  const h = Math.min(a.position.y + ah, b.position.y + bh) - Math.max(a.position.y, b.position.y);
  return Math.max(0, w) * Math.max(0, h);
}

/**
 * Reuses a card's data object, and its node object, while every field is unchanged.
 * Entries for cards that are no longer shown are dropped on the next pass.
 */
function createCardCache() {
  let data = new Map<string, CardData>();
  let nodes = new Map<string, CardNode>();
  return {
    begin() {
      const previousData = data;
      const previousNodes = nodes;
      data = new Map();
      nodes = new Map();
      return {
        data(id: string, fields: CardData): CardData {
          const prev = previousData.get(id);
          const same =
            prev !== undefined &&
            (Object.keys(fields) as Array<keyof CardData>).every((k) => prev[k] === fields[k]);
          const result = same ? prev : fields;
          data.set(id, result);
          return result;
        },
        node(next: CardNode): CardNode {
          const prev = previousNodes.get(next.id);
          const same =
            prev !== undefined &&
            prev.data === next.data &&
            prev.position.x === next.position.x &&
            prev.position.y === next.position.y &&
            prev.width === next.width &&
            prev.height === next.height &&
            prev.selected === next.selected &&
            prev.draggable === next.draggable &&
            prev.ariaLabel === next.ariaLabel;
          const result = same ? prev : next;
          nodes.set(next.id, result);
          return result;
        },
      };
    },
  };
}
