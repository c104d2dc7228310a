/**
 * A zustand store derived from one CanopyDoc. Yjs change events say which nodes
 * changed; only those node objects are replaced, so memoized views of the others do
 * not re-render. The tree shape is re-resolved only when positions changed.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  BoardState,
  CanopyDoc,
  DocMeta,
  LearningState,
  NodeData,
  ReadIssue,
  RenameConflict,
  RoundsState,
  SchemaStatus,
  WorkshopState,
} from '../../../shared/model';

export interface DocView {
  meta: DocMeta;
  schema: SchemaStatus;
  readOnly: boolean;
  rootId: string | null;
  /** Live nodes in display order (depth first). */
  order: readonly string[];
  depthOf: ReadonlyMap<string, number>;
  childrenOf: ReadonlyMap<string, readonly string[]>;
  parentOf: ReadonlyMap<string, string>;
  nodes: ReadonlyMap<string, NodeData>;
  /** The Portfolio Kanban: columns and card histories. */
  board: BoardState;
  /** Evidence and decisions per node. */
  learning: LearningState;
  issues: readonly ReadIssue[];
  /** Names of ours that someone else's replaced: this replica's notices. */
  renames: readonly RenameConflict[];
  /** The facilitated workshop: agenda, where the room is, the lock, reflections. */
  workshop: WorkshopState;
  /** The facilitator locked the tree and this is a participant's screen. */
  locked: boolean;
  /** Revealed votes, budgets, scores and prompts (shared/model/rounds.ts). */
  rounds: RoundsState;
}

function snapshot(model: CanopyDoc, nodes: ReadonlyMap<string, NodeData>): DocView {
  const tree = model.tree();
  return {
    meta: model.meta,
    schema: model.schema,
    readOnly: model.readOnly,
    rootId: tree.rootId,
    order: tree.order,
    depthOf: tree.depthOf,
    childrenOf: tree.childrenOf,
    parentOf: tree.parentOf,
    nodes,
    board: model.board(),
    learning: model.learning(),
    issues: model.issues(),
    renames: model.renameConflicts(),
    workshop: model.workshop(),
    locked: model.lockedForMe,
    rounds: model.rounds(),
  };
}

export function createDocStore(model: CanopyDoc): StoreApi<DocView> & { destroy(): void } {
  const initial = new Map<string, NodeData>();
  for (const id of model.tree().order) initial.set(id, model.node(id)!);
  const store = createStore<DocView>(() => snapshot(model, initial));
  const unsubscribe = model.subscribe((change) => {
    const prev = store.getState();
    let nodes = prev.nodes;
    if (change.nodes.size > 0 || change.structure) {
      const next = new Map(prev.nodes);
      for (const id of change.nodes) {
        const n = model.node(id);
        if (n) next.set(id, n);
        else next.delete(id);
      }
      nodes = next;
    }
    if (change.structure || change.meta || change.nodes.size > 0) {
      store.setState(
        change.structure || change.meta
          ? snapshot(model, nodes)
          : { nodes, issues: model.issues() },
      );
    }
    if (change.board) store.setState({ board: model.board(), issues: model.issues() });
    if (change.learning) store.setState({ learning: model.learning(), issues: model.issues() });
    if (change.rounds) store.setState({ rounds: model.rounds() });
    if (change.renames) store.setState({ renames: model.renameConflicts() });
    if (change.workshop)
      store.setState({
        workshop: model.workshop(),
        readOnly: model.readOnly,
        locked: model.lockedForMe,
      });
  });
  return Object.assign(store, { destroy: unsubscribe });
}

export type DocStore = ReturnType<typeof createDocStore>;
