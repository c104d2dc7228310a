/**
 * The value-tree canvas. Positions come from the deterministic tidy-tree layout, so
 * every peer sees the same picture; React Flow only renders and handles the
 * viewport. A drag moves a card locally and writes once, on drop, as a re-parent.
 */
import { FollowZoom } from '../../room/FollowZoom';
import {
  Background,
  Controls,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type NodeChange,
  type NodeMouseHandler,
  type OnNodeDrag,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { NodeData } from '../../../../shared/model';
import { attempt } from '../../document/attempt';
import { useDoc, useDocument, useView } from '../../document/document-context';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { itemIdAt, useCommandSurface } from '../../commands/useCommandSurface';
import { useEditBase } from '../edit-base';
import { finishRename } from '../title-edit';
import { addAndRename } from '../tree-keys';
import { overlap } from './card-cache';
import { LARGE_TREE, useCanvasCards, type Drag } from './canvas-cards';
import { useCanvasZoom } from './canvas-zoom';
import { CanvasToolbar } from './CanvasToolbar';
import { NodeCard, type CardNode } from './NodeCard';
import { PresenceLayer } from './PresenceLayer';
import { TitleEditor, type EditorExit } from './TitleEditor';
import { TreeOverview } from './TreeOverview';
import { usePublishedPointer } from './usePublishedPointer';
import './canvas.css';

const nodeTypes = { card: NodeCard };
const FAR_ZOOM = 0.4;
/** Below this, even a far card's title is under 4 px: blocks only, no text to paint. */
const TINY_ZOOM = 0.15;

export function TreeCanvas() {
  return (
    <ReactFlowProvider>
      <CanvasInner />
    </ReactFlowProvider>
  );
}

function CanvasInner() {
  const { model, store, view, awareness } = useDocument();
  const selected = useView((s) => s.selected);
  const editing = useView((s) => (s.editSurface === 'canvas' ? s.editing : null));
  const changesSince = useView((s) => s.changesSince);
  const readOnly = useDoc((s) => s.readOnly);
  const flow = useReactFlow<CardNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  // Zoomed far out, cards are drawn as plain titled blocks: no text can be read at that
  // size, and painting a thousand full cards on every pan frame is what made it slow.
  const far = useFlowStore((s) => s.transform[2] < FAR_ZOOM);
  const tiny = useFlowStore((s) => s.transform[2] < TINY_ZOOM);
  const [drag, setDrag] = useState<Drag | null>(null);

  const onToggle = useCallback(
    (id: string) => {
      const v = view.getState();
      v.setCollapsed(id, !v.collapsed.has(id));
    },
    [view],
  );
  const { visible, layout, nodes, edges, overview } = useCanvasCards(drag, onToggle);
  // Zooming reads the layout when it runs (a frame after a search reveals a card).
  const latestLayout = useRef(layout);
  useLayoutEffect(() => {
    latestLayout.current = layout;
  }, [layout]);
  const zoom = useCanvasZoom(latestLayout);

  const editSeed = useView((s) => s.editSeed);
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
      const doc = store.getState();
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
    [flow, store, model, view],
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
      if (!readOnly) view.getState().edit(node.id, undefined, 'canvas');
    },
    [view, readOnly],
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

  // Keys and context menus on the canvas are the tree's commands (tree-commands.ts),
  // about the selected card (keys) or the card clicked (menus); none while renaming.
  useCommandSurface(wrapper, (el) => {
    const v = view.getState();
    if (v.editing) return null;
    const current = v.selected && visible.includes(v.selected) ? v.selected : visible[0];
    const id = el === wrapper.current ? current : itemIdAt(el, '.react-flow__node');
    if (!id) return null;
    const cardEl = () =>
      wrapper.current?.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`) ?? null;
    return {
      id,
      surface: 'canvas',
      visible,
      focus(to) {
        view.getState().select(to);
        wrapper.current?.focus();
      },
      rect: () => cardEl()?.getBoundingClientRect() ?? null,
      zoom: {
        fit: () => zoom.fitAll(),
        toSelection() {
          const sel = view.getState().selected;
          if (sel) zoom.fitCard(sel, 1.2);
        },
      },
    };
  });

  const onKeyDown = (e: React.KeyboardEvent) => {
    const v = view.getState();
    if (e.target === wrapper.current && v.editing && v.editSurface === 'canvas')
      keepTypedKey(e, v.editing);
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

  const pointer = usePublishedPointer(awareness ?? undefined);
  const titleOf = useCallback((id: string) => model.node(id)?.title, [model]);

  const notice = useView((s) => s.notice);
  const editingNode = useDoc((s) => (editing ? s.nodes.get(editing) : undefined));
  const editingBox = editing ? layout.positions.get(editing) : undefined;
  const onlyRoot = useDoc((s) => s.order.length === 1 && !s.nodes.get(s.order[0]!)?.title);
  return (
    <div className="canvas-area">
      <CanvasToolbar zoom={zoom} />
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
      {onlyRoot && !readOnly && (
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
          <FollowZoom />
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

const label = (n: NodeData) => n.title || `untitled ${n.kind}`;
