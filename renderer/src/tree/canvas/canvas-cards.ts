/**
 * The canvas's cards, links and overview: the tidy-tree layout of what is shown, every
 * card's data (its signals, learning, column, latest vote, stop and rename marks), in the objects
 * React Flow takes. Card data and node objects are reused while nothing they show
 * changed: React Flow compares nodes and their data by reference, so an edit
 * re-renders one card and re-adopts one node instead of 2,000.
 */
import type { Edge } from '@xyflow/react';
import { useDeferredValue, useMemo, useState } from 'react';
import { layoutTree, type TreeLayout } from '../../../../shared/layout/tree-layout';
import { columnNameOf } from '../../../../shared/model';
import { useDocSlices, useView } from '../../document/document-context';
import {
  selectLatestResults,
  selectLearnedByNode,
  selectMatches,
  selectRenamedBy,
  selectSignalsByNode,
  selectStopped,
  selectVisible,
} from '../../document/selectors';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { useNow } from '../../widgets/useNow';
import { cardHandles, createCardCache } from './card-cache';
import { cardsIn, useCardWindow } from './card-window';
import { cardSize } from './card-size';
import type { CardNode } from './NodeCard';
import type { OverviewBox } from './TreeOverview';

const GAP_X = 32;
const GAP_Y = 56;
/** Up to this many cards, React Flow gets them all (and a small tree opens fitted). */
export const LARGE_TREE = 150;

/** A card being dragged, drawn where the pointer is until it is dropped. */
export interface Drag {
  id: string;
  x: number;
  y: number;
}

export interface CanvasCards {
  visible: readonly string[];
  layout: TreeLayout;
  nodes: CardNode[];
  edges: Edge[];
  overview: OverviewBox[];
}

export function useCanvasCards(drag: Drag | null, onToggle: (id: string) => void): CanvasCards {
  const doc = useDocSlices((s) => ({
    rootId: s.rootId,
    order: s.order,
    depthOf: s.depthOf,
    childrenOf: s.childrenOf,
    parentOf: s.parentOf,
    nodes: s.nodes,
    board: s.board,
    learning: s.learning,
    renames: s.renames,
    readOnly: s.readOnly,
    rounds: s.rounds,
  }));
  const selected = useView((s) => s.selected);
  const editing = useView((s) => (s.editSurface === 'canvas' ? s.editing : null));
  const collapsed = useView((s) => s.collapsed);
  const focusRoot = useView((s) => s.focusRoot);
  const query = useView((s) => s.query);
  const changesSince = useView((s) => s.changesSince);

  const visible = selectVisible(doc, collapsed, focusRoot);
  const matches = selectMatches(doc, query);
  const matched = useMemo(() => new Set(matches), [matches]);
  const layout = useMemo(() => {
    const rootId = focusRoot && doc.depthOf.has(focusRoot) ? focusRoot : doc.rootId;
    return layoutTree(
      { rootId, childrenOf: doc.childrenOf },
      (id) => cardSize(doc.nodes.get(id)!),
      { gapX: GAP_X, gapY: GAP_Y, collapsed },
    );
  }, [doc.rootId, doc.childrenOf, doc.nodes, collapsed, focusRoot, doc.depthOf]);

  // Signals and learning, as badges. Finding them takes ~10 ms on 5,000 nodes: read
  // from a deferred copy of the document, so a keystroke's own render never waits.
  const now = useNow();
  const deferred = useDeferredValue(doc);
  const signalsByNode = selectSignalsByNode(deferred, now);
  const learnedByNode = selectLearnedByNode(deferred);
  const stopped = selectStopped(doc);
  const renamedBy = selectRenamedBy(doc);
  const results = selectLatestResults(doc);

  // On a large tree, only the cards near the view (card-window.ts); the one being
  // dragged stays whatever the view does, or React Flow would drop the drag.
  const area = useCardWindow(visible.length > LARGE_TREE);
  const inWindow = useMemo(
    () => (area ? cardsIn(visible, layout.positions, doc.parentOf, area) : null),
    [area, visible, layout, doc.parentOf],
  );
  const handed = useMemo(
    () => (inWindow ? visible.filter((id) => inWindow.has(id) || id === drag?.id) : visible),
    [inWindow, visible, drag?.id],
  );

  const [cards] = useState(createCardCache);
  const nodes: CardNode[] = useMemo(() => {
    const out: CardNode[] = [];
    const pass = cards.begin();
    for (const id of handed) {
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
        result: results.get(id) ?? null,
        childCount: doc.childrenOf.get(id)?.length ?? 0,
        collapsed: collapsed.has(id),
        selected: id === selected,
        match: matched.has(id),
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
    handed,
    doc,
    layout,
    collapsed,
    selected,
    matched,
    editing,
    onToggle,
    drag,
    signalsByNode,
    learnedByNode,
    changesSince,
    stopped,
    renamedBy,
    results,
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
    const shown = new Set(handed);
    const out: Edge[] = [];
    for (const id of handed) {
      const parent = doc.parentOf.get(id);
      if (parent && shown.has(parent))
        out.push({ id: `e-${id}`, source: parent, target: id, type: 'smoothstep' });
    }
    return out;
  }, [handed, doc.parentOf]);

  return { visible, layout, nodes, edges, overview };
}
