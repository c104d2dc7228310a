/**
 * CanopyDoc: the typed door to one shared document. Views read validated,
 * cached data from it; every change goes through one of its commands, each a single
 * Yjs transaction tagged with this replica's local origin.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import {
  BOARD_LIMITS,
  boardColumns,
  boardMoves,
  boardSettings,
  cardColumn,
  columnKey,
  isCardKind,
  readBoard,
  SETTING_DAYS,
  type BoardColumn,
  type BoardSettings,
  type BoardState,
  type ColumnField,
  type ColumnStage,
} from './board';
import { PRIVATE_KEY } from './drafts';
import { CanopyError } from './errors';
import {
  decisionsMap,
  evidenceMap,
  isoDay,
  LEARNING_LIMITS,
  openDecision,
  readLearning,
  STANCES,
  STRENGTHS,
  type Evidence,
  type LearningState,
  type Outcome,
} from './learning';
import { newId } from './ids';
import { isStopped, liveBelow, stopDecision } from './stopping';
import { RenameWatch, renameKey, type RenameConflict, type RenameTarget } from './renames';
import { migrate, schemaStatus, type SchemaStatus } from './migrations';
import { orderKeyAt, orderKeysAt } from './ordering';
import { localOrigin, TEMPLATE_ORIGIN, type TaggedOrigin } from './origins';
// IsoDate is the check read.ts applies: a date the reader would drop is refused here.
import { IsoDate, readMeta, readNode, type DocMeta, type ReadIssue } from './read';
import {
  CHILD_KIND,
  LIMITS,
  NODE_KEYS,
  ROOT_KEYS,
  SCHEMA_VERSION,
  type Assumption,
  type Hypothesis,
  type Measure,
  type NodeData,
  type NodeKind,
  type NodePosition,
} from './schema';
import { setText } from './text';
import { isAncestorOrSelf, resolveTree, subtreeOf, type ResolvedTree } from './tree';

export interface NodePatch {
  title?: string;
  description?: string;
  owner?: string;
  kind?: NodeKind;
  confidence?: number | null;
  investment?: string;
  hypothesis?: Partial<Hypothesis>;
}

export interface NewNode {
  kind?: NodeKind;
  title?: string;
  /** Position among the parent's children; appended when omitted. */
  index?: number;
}

/** A subtree to insert at once: templates, pasted outlines. */
export interface OutlineItem extends NodePatch {
  title: string;
  tags?: string[];
  /** Ids are kept only by `initialise({ keepIds })`: a lossless file's new document. */
  measures?: Array<Partial<Measure>>;
  assumptions?: Array<Partial<Assumption>>;
  children?: OutlineItem[];
  id?: string;
  /** Kept from a lossless file; a new item is made now, by this replica's actor. */
  createdAt?: number;
  createdBy?: string;
  editedAt?: number;
}

export interface DocChange {
  /** Node ids whose data changed (added, edited or removed). */
  nodes: ReadonlySet<string>;
  /** Positions, deletions or membership changed: the tree must be re-resolved. */
  structure: boolean;
  meta: boolean;
  /** Columns or card moves changed. */
  board: boolean;
  /** Evidence or decisions changed. */
  learning?: boolean;
  /** Rename notices came or went (see renames.ts). */
  renames?: boolean;
  origin: unknown;
}

type Listener = (change: DocChange) => void;

/**
 * Whether a Y.Map has any entry. Y.Map's `size` walks every entry, and every command
 * asks (is the document writable?): on 5,000 nodes that was 0.4 ms of each edit.
 */
function hasEntries<T>(map: Y.Map<T>): boolean {
  for (const _ of map.keys()) return true;
  return false;
}

const columnName = (name: string) => clampText(name.trim(), BOARD_LIMITS.columnName) || 'Untitled';

const clampText = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** A name as it is stored: a title clamped, the tree's trimmed, a column's never empty. */
function normalName(target: RenameTarget, name: string): string {
  if (target.kind === 'node') return clampText(name, LIMITS.title);
  if (target.kind === 'tree') return clampText(name.trim(), LIMITS.docTitle);
  return columnName(name);
}

export class CanopyDoc {
  readonly ydoc: Y.Doc;
  readonly origin: TaggedOrigin;
  readonly actor: string;
  private readonly nodesMap: Y.Map<Y.Map<unknown>>;
  private readonly metaMap: Y.Map<unknown>;
  private readonly cache = new Map<string, NodeData>();
  private readonly issuesByNode = new Map<string, ReadIssue[]>();
  private metaCache: DocMeta;
  private treeCache: ResolvedTree | null = null;
  private readonly columnsRoot: Y.Map<unknown>;
  private readonly movesRoot: Y.Array<unknown>;
  private boardCache: BoardState | null = null;
  private learningCache: LearningState | null = null;
  private readonly evidenceRoot: Y.Map<unknown>;
  private readonly decisionsRoot: Y.Map<unknown>;
  /** Nodes the command in progress touched: they get an edit time. */
  private touched: Set<string> | null = null;
  private readonly now: () => number;
  private readonly viewOnly: boolean;
  private maxSeq = 0;
  private readonly listeners = new Set<Listener>();
  /** Undo and redo of this replica's own edits only (created up front: it records from the start). */
  readonly undoManager: Y.UndoManager;
  private readonly renames: RenameWatch;

  constructor(
    ydoc: Y.Doc,
    options: {
      actor?: string;
      origin?: TaggedOrigin;
      now?: () => number;
      /** Shown, never edited: a snapshot of the past (commands throw CANOPY-016). */
      viewOnly?: boolean;
    } = {},
  ) {
    this.ydoc = ydoc;
    this.viewOnly = options.viewOnly ?? false;
    this.now = options.now ?? (() => Date.now());
    this.columnsRoot = boardColumns(ydoc);
    this.evidenceRoot = evidenceMap(ydoc);
    this.decisionsRoot = decisionsMap(ydoc);
    this.movesRoot = boardMoves(ydoc);
    this.actor = options.actor ?? '';
    this.origin = options.origin ?? localOrigin();
    this.nodesMap = ydoc.getMap(ROOT_KEYS.nodes);
    this.metaMap = ydoc.getMap(ROOT_KEYS.meta);
    this.metaCache = readMeta(ydoc);
    this.undoManager = new Y.UndoManager(
      [this.nodesMap, this.metaMap, this.evidenceRoot, this.decisionsRoot],
      {
        trackedOrigins: new Set([this.origin]),
        captureTimeout: 400,
      },
    );
    this.nodesMap.forEach((_, id) => this.refresh(id));
    this.nodesMap.observeDeep(this.onNodesChanged);
    this.metaMap.observe(this.onMetaChanged);
    this.columnsRoot.observeDeep(this.onBoardChanged);
    this.movesRoot.observe(this.onBoardChanged);
    boardSettings(ydoc).observe(this.onBoardChanged);
    this.evidenceRoot.observeDeep(this.onLearningChanged);
    this.decisionsRoot.observeDeep(this.onLearningChanged);
    this.renames = new RenameWatch(ydoc, (origin) =>
      this.emit({
        nodes: new Set(),
        structure: false,
        meta: false,
        board: false,
        renames: true,
        origin,
      }),
    );
  }

  destroy(): void {
    this.renames.destroy();
    this.nodesMap.unobserveDeep(this.onNodesChanged);
    this.metaMap.unobserve(this.onMetaChanged);
    this.columnsRoot.unobserveDeep(this.onBoardChanged);
    this.movesRoot.unobserve(this.onBoardChanged);
    boardSettings(this.ydoc).unobserve(this.onBoardChanged);
    this.evidenceRoot.unobserveDeep(this.onLearningChanged);
    this.decisionsRoot.unobserveDeep(this.onLearningChanged);
    this.undoManager.destroy();
    this.listeners.clear();
  }

  // ── Reading ──────────────────────────────────────────────────────────────

  get meta(): DocMeta {
    return this.metaCache;
  }

  /** 'empty' until a template or a peer fills it; 'newer' means read-only. */
  get schema(): SchemaStatus {
    return schemaStatus(this.metaCache, hasEntries(this.nodesMap) ? 1 : 0);
  }

  get readOnly(): boolean {
    return this.viewOnly || this.schema === 'newer';
  }

  /** A private draft: never synced (see drafts.ts). */
  get isPrivate(): boolean {
    return this.metaCache.private;
  }

  node(id: string): NodeData | undefined {
    return this.cache.get(id);
  }

  /** Number of readable nodes, deleted ones included. */
  get size(): number {
    return this.cache.size;
  }

  tree(): ResolvedTree {
    if (!this.treeCache) {
      const inputs = [];
      for (const n of this.cache.values())
        inputs.push({ id: n.id, pos: n.pos, deleted: n.deleted !== null });
      this.treeCache = resolveTree(inputs, this.metaCache.rootId);
    }
    return this.treeCache;
  }

  /** Problems found while reading peer-written data (skipped nodes, bad fields). */
  issues(): ReadIssue[] {
    return [...this.issuesByNode.values()]
      .flat()
      .concat(this.board().issues, this.learning().issues);
  }

  /** The Portfolio Kanban: columns and every card's history (see board.ts). */
  /** Evidence and decisions, per node (see learning.ts). */
  learning(): LearningState {
    return (this.learningCache ??= readLearning(this.ydoc));
  }

  board(): BoardState {
    return (this.boardCache ??= readBoard(this.ydoc));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── Commands ─────────────────────────────────────────────────────────────

  /** Brings an older document up to this version's schema (no-op when current). */
  migrate(): boolean {
    return migrate(this.ydoc);
  }

  /** Fills an empty document: meta and the vision at the root. */
  initialise(options: {
    id?: string;
    title: string;
    vision?: OutlineItem;
    origin?: unknown;
    /** A private draft, kept on this machine and refused by every sync channel. */
    private?: boolean;
    /** When the tree was first made (a lossless file's); now when omitted. */
    createdAt?: number;
    /** Use the outline's node, measure and assumption ids (a lossless file's, unique). */
    keepIds?: boolean;
  }): string {
    if (hasEntries(this.nodesMap) || this.metaCache.rootId) return this.metaCache.rootId ?? '';
    if (this.readOnly) throw new CanopyError('readOnly');
    const keepIds = options.keepIds ?? false;
    const rootId = (keepIds && options.vision?.id) || newId();
    this.ydoc.transact(() => {
      this.metaMap.set('schemaVersion', SCHEMA_VERSION);
      this.metaMap.set('id', options.id ?? newId());
      this.metaMap.set('title', clampText(options.title, LIMITS.docTitle));
      this.metaMap.set('createdAt', options.createdAt ?? this.now());
      this.metaMap.set('rootId', rootId);
      if (options.private) this.metaMap.set(PRIVATE_KEY, true);
      const vision = options.vision ?? { title: '' };
      this.writeNewNode(
        rootId,
        'vision',
        { ...vision, kind: 'vision' },
        { parent: null, order: 'a0', seq: 1, client: this.ydoc.clientID, prev: null },
        keepIds,
      );
      if (vision.children?.length)
        this.insertOutlineUnder(rootId, vision.children, null, 'goal', undefined, keepIds);
    }, options.origin ?? TEMPLATE_ORIGIN);
    return rootId;
  }

  renameDocument(title: string): void {
    this.write(() =>
      this.renames.write({ kind: 'tree' }, normalName({ kind: 'tree' }, title), this.actor),
    );
  }

  /**
   * Renames an item, the tree or a column. `base` is the name the person started from
   * (when their editor opened): if it has changed since, someone renamed it meanwhile,
   * and this rename is not written over theirs unseen. Nothing is written and the
   * notice is returned (and listed in renameConflicts()), so they can choose.
   */
  rename(
    target: RenameTarget,
    name: string,
    options: { base?: string } = {},
  ): RenameConflict | null {
    this.assertWritable();
    const now = this.renames.current(target);
    if (!now || (target.kind === 'column' && !this.board().columns.some((c) => c.id === target.id)))
      throw new CanopyError(
        target.kind === 'column' ? 'unknownColumn' : 'unknownNode',
        renameKey(target),
      );
    const value = normalName(target, name);
    if (options.base !== undefined && now.value !== options.base && now.value !== value)
      return this.renames.refuse(target, value);
    if (target.kind === 'node') this.updateNode(target.id, { title: value });
    else if (target.kind === 'tree') this.renameDocument(value);
    else this.updateColumn(target.id, { name: value });
    return null;
  }

  /** Names of ours that someone else's replaced (this replica's notices). */
  renameConflicts(): RenameConflict[] {
    return this.renames.list();
  }

  /** Answers a rename notice: take ours back (one undo step), or keep theirs. */
  resolveRename(key: string, keep: 'mine' | 'theirs'): void {
    const conflict = this.renames.list().find((c) => c.key === key);
    if (!conflict) return;
    if (keep === 'theirs') {
      this.renames.dismiss(key);
      return;
    }
    this.rename(conflict.target, conflict.mine);
    this.renames.dismiss(key);
  }

  addNode(parentId: string, options: NewNode = {}): string {
    this.assertWritable();
    const parent = this.requireLive(parentId);
    const id = newId();
    this.write(() => {
      const kind = options.kind ?? CHILD_KIND[parent.kind];
      const siblings = this.tree().childrenOf.get(parentId) ?? [];
      const index = options.index ?? siblings.length;
      this.writeNewNode(
        id,
        kind,
        { title: options.title ?? '' },
        this.position(parentId, siblings, index, null),
      );
    });
    return id;
  }

  /** Inserts a whole outline under `parentId` (one transaction, one undo step). */
  insertOutline(parentId: string, items: OutlineItem[], index?: number): string[] {
    this.assertWritable();
    const parent = this.requireLive(parentId);
    let ids: string[] = [];
    this.write(() => {
      const start = index ?? (this.tree().childrenOf.get(parentId) ?? []).length;
      ids = this.insertOutlineUnder(parentId, items, start, CHILD_KIND[parent.kind]);
    });
    return ids;
  }

  /**
   * An item with every field and its descendants, as an outline: for exports and for
   * copying between documents. `visit` sees each outline item with the node it is of.
   */
  outline(id: string, visit?: (item: OutlineItem, nodeId: string) => void): OutlineItem {
    const n = this.node(id);
    if (!n) throw new CanopyError('unknownNode', id);
    const item: OutlineItem = {
      title: n.title,
      kind: n.kind,
      description: n.description,
      owner: n.owner,
      confidence: n.confidence,
      investment: n.investment,
      hypothesis: { ...n.hypothesis },
      tags: [...n.tags],
      measures: n.measures.map(({ id: _id, updatedAt: _u, ...m }) => m),
      assumptions: n.assumptions.map(({ id: _id, ...a }) => a),
      children: (this.tree().childrenOf.get(id) ?? []).map((c) => this.outline(c, visit)),
    };
    visit?.(item, id);
    return item;
  }

  /**
   * Copies an item of another document (a private draft being proposed) under
   * `parentId`, with its descendants and their evidence, in one transaction and one
   * undo step. The copies get new ids: nothing ties this document to the source.
   * Proposing the source's root copies its children. Returns the new top-level ids.
   */
  insertCopyOf(source: CanopyDoc, nodeId: string, parentId: string): string[] {
    this.assertWritable();
    if (this.isPrivate) throw new CanopyError('proposeToDraft');
    const parent = this.requireLive(parentId);
    const topIds =
      nodeId === source.tree().rootId ? (source.tree().childrenOf.get(nodeId) ?? []) : [nodeId];
    const sourceOf = new Map<OutlineItem, string>();
    const items = topIds.map((id) => source.outline(id, (item, from) => sourceOf.set(item, from)));
    const evidence = source.learning().evidenceByNode;
    let ids: string[] = [];
    this.write(() => {
      const start = (this.tree().childrenOf.get(parentId) ?? []).length;
      ids = this.insertOutlineUnder(parentId, items, start, CHILD_KIND[parent.kind], (item, id) => {
        for (const { id: _id, nodeId: _n, ...fields } of evidence.get(sourceOf.get(item)!) ?? [])
          this.putRecord(this.evidenceRoot, newId(), id, fields);
      });
    });
    return ids;
  }

  updateNode(id: string, patch: NodePatch): void {
    this.assertWritable();
    // Validate before the transaction: Yjs keeps what a throwing transaction wrote.
    if (patch.kind !== undefined && id === this.metaCache.rootId && patch.kind !== 'vision')
      throw new CanopyError('rootImmovable');
    const c = patch.confidence;
    if (c !== undefined && c !== null && !(Number.isFinite(c) && c >= 0 && c <= 100))
      throw new CanopyError('invalidValue', 'confidence is 0–100');
    this.write(() => {
      const map = this.requireMap(id);
      if (patch.title !== undefined)
        this.renames.write(
          { kind: 'node', id },
          normalName({ kind: 'node', id }, patch.title),
          this.actor,
        );
      if (patch.description !== undefined)
        this.writeText(map, NODE_KEYS.description, patch.description, LIMITS.description);
      if (patch.owner !== undefined)
        map.set(NODE_KEYS.owner, clampText(patch.owner.trim(), LIMITS.owner));
      if (patch.kind !== undefined) map.set(NODE_KEYS.kind, patch.kind);
      if (c !== undefined) map.set(NODE_KEYS.confidence, c === null ? null : Math.round(c));
      if (patch.investment !== undefined)
        map.set(NODE_KEYS.investment, clampText(patch.investment, LIMITS.text));
      if (patch.hypothesis) {
        const h = this.childMap(map, NODE_KEYS.hypothesis);
        for (const key of ['believe', 'result', 'signal'] as const) {
          const value = patch.hypothesis[key];
          if (value !== undefined) h.set(key, clampText(value, LIMITS.text));
        }
      }
    });
  }

  addTag(id: string, tag: string): void {
    const clean = tag.trim().slice(0, LIMITS.tag);
    if (!clean) throw new CanopyError('invalidValue', 'empty tag');
    this.write(() => this.childMap(this.requireMap(id), NODE_KEYS.tags).set(clean, true));
  }

  removeTag(id: string, tag: string): void {
    this.write(() => this.childMap(this.requireMap(id), NODE_KEYS.tags).delete(tag));
  }

  /**
   * Moves a node under `parentId` at `index` among its new siblings (itself excluded).
   * Refuses the root and moves into the node's own subtree.
   */
  moveNode(id: string, parentId: string, index?: number): void {
    this.assertWritable();
    if (id === this.metaCache.rootId) throw new CanopyError('rootImmovable');
    const node = this.requireLive(id);
    this.requireLive(parentId);
    const tree = this.tree();
    if (isAncestorOrSelf(tree, id, parentId)) throw new CanopyError('cycle');
    const siblings = (tree.childrenOf.get(parentId) ?? []).filter((s) => s !== id);
    const currentParent = tree.parentOf.get(id) ?? null;
    this.write(() => {
      this.requireMap(id).set(
        NODE_KEYS.pos,
        this.position(
          parentId,
          siblings,
          index ?? siblings.length,
          currentParent ?? node.pos.parent,
        ),
      );
    });
  }

  /** Moves a node among its siblings. */
  reorderNode(id: string, index: number): void {
    this.assertWritable();
    const parent = this.tree().parentOf.get(id);
    if (parent === undefined)
      throw new CanopyError(id === this.metaCache.rootId ? 'rootImmovable' : 'unknownNode');
    this.moveNode(id, parent, index);
  }

  /** Deletes a node and its subtree (a tombstone: undo brings them back). */
  deleteSubtree(id: string): void {
    this.assertWritable();
    if (id === this.metaCache.rootId) throw new CanopyError('rootImmovable');
    this.requireLive(id);
    const ids = subtreeOf(this.tree(), id);
    const mark = { seq: this.maxSeq + 1, at: this.now(), batch: newId() };
    this.write(() => {
      for (const nodeId of ids) this.requireMap(nodeId).set(NODE_KEYS.deleted, mark);
    });
  }

  addMeasure(nodeId: string, init: Partial<Omit<Measure, 'id'>> = {}): string {
    const id = newId();
    const fields = this.newMeasureFields(init);
    this.write(() => {
      const list = this.childArray(this.requireMap(nodeId), NODE_KEYS.measures);
      if (list.length >= LIMITS.measures)
        throw new CanopyError('invalidValue', `at most ${LIMITS.measures} measures`);
      list.push([this.entryMap(id, fields)]);
    });
    return id;
  }

  updateMeasure(
    nodeId: string,
    measureId: string,
    patch: Partial<Omit<Measure, 'id' | 'updatedAt'>>,
  ): void {
    this.write(() => {
      const entry = this.requireEntry(nodeId, NODE_KEYS.measures, measureId);
      const fields = measureFields(patch);
      for (const [key, value] of Object.entries(fields)) {
        if (key !== 'updatedAt' && entry.get(key) !== value) entry.set(key, value);
      }
      if ('current' in patch) entry.set('updatedAt', this.now());
    });
  }

  removeMeasure(nodeId: string, measureId: string): void {
    this.write(() => this.removeEntry(nodeId, NODE_KEYS.measures, measureId));
  }

  addAssumption(nodeId: string, init: Partial<Omit<Assumption, 'id'>> = {}): string {
    const id = newId();
    this.write(() => {
      const list = this.childArray(this.requireMap(nodeId), NODE_KEYS.assumptions);
      if (list.length >= LIMITS.assumptions)
        throw new CanopyError('invalidValue', `at most ${LIMITS.assumptions} assumptions`);
      list.push([this.entryMap(id, assumptionFields(init))]);
    });
    return id;
  }

  updateAssumption(
    nodeId: string,
    assumptionId: string,
    patch: Partial<Omit<Assumption, 'id'>>,
  ): void {
    this.write(() => {
      const entry = this.requireEntry(nodeId, NODE_KEYS.assumptions, assumptionId);
      for (const [key, value] of Object.entries(assumptionFields(patch))) entry.set(key, value);
    });
  }

  removeAssumption(nodeId: string, assumptionId: string): void {
    this.write(() => this.removeEntry(nodeId, NODE_KEYS.assumptions, assumptionId));
  }

  // ── Evidence and decisions ───────────────────────────────────────────

  /** Records an observation about a node; returns its id. */
  addEvidence(
    nodeId: string,
    init: Pick<Evidence, 'summary' | 'stance'> &
      Partial<Pick<Evidence, 'strength' | 'source' | 'date'>>,
  ): string {
    this.requireLive(nodeId);
    const fields = evidenceFields(init);
    if (!fields.summary) throw new CanopyError('invalidValue', 'evidence needs a summary');
    return this.addRecord(this.evidenceRoot, nodeId, {
      strength: 'moderate',
      source: '',
      date: isoDay(this.now()),
      ...fields,
      recordedBy: this.actor,
      recordedAt: this.now(),
    });
  }

  updateEvidence(
    id: string,
    patch: Partial<Pick<Evidence, 'summary' | 'stance' | 'strength' | 'source' | 'date'>>,
  ): void {
    const fields = evidenceFields(patch);
    this.write(() => {
      const map = this.requireRecord(this.evidenceRoot, id);
      for (const [key, value] of Object.entries(fields)) map.set(key, value);
    });
  }

  removeEvidence(id: string): void {
    this.write(() => this.requireRecord(this.evidenceRoot, id).set('removed', true));
  }

  /** Asks for a decision on a bet or an initiative: who decides, and by when. */
  requestDecision(nodeId: string, request: { decider?: string; due?: string | null } = {}): string {
    const node = this.requireLive(nodeId);
    if (!isCardKind(node.kind)) throw new CanopyError('notACard', nodeId);
    if (openDecision(this.learning(), nodeId)) throw new CanopyError('decisionOpen');
    const due = request.due ?? null;
    if (due !== null && !v.is(IsoDate, due))
      throw new CanopyError('invalidValue', 'due is YYYY-MM-DD');
    return this.addRecord(this.decisionsRoot, nodeId, this.requestFields(request.decider, due));
  }

  /** A decision request as stored: asked by this actor now, nothing decided yet. */
  private requestFields(decider: string | undefined, due: string | null, at = this.now()) {
    return {
      requestedBy: this.actor,
      requestedAt: at,
      decider: clampText((decider ?? '').trim(), LEARNING_LIMITS.name),
      due,
      outcome: null,
      rationale: '',
      learning: '',
      evidence: [],
      decidedAt: null,
      decidedBy: '',
    };
  }

  /**
   * Records a decision: the open request of the node, or a new one made and decided at
   * once. A stop needs what was learned, and moves the card to the Stopped column;
   * with `stopLiveBelow`, the work still running under it is stopped with the same
   * learning in the same transaction (one undo step).
   */
  recordDecision(
    nodeId: string,
    decision: {
      outcome: Outcome;
      rationale?: string;
      learning?: string;
      evidence?: string[];
      stopLiveBelow?: boolean;
    },
  ): string {
    const node = this.requireLive(nodeId);
    if (!isCardKind(node.kind)) throw new CanopyError('notACard', nodeId);
    const learning = clampText((decision.learning ?? '').trim(), LEARNING_LIMITS.text);
    if (decision.outcome === 'stop' && !learning) throw new CanopyError('stopNeedsLearning');
    const known = new Set((this.learning().evidenceByNode.get(nodeId) ?? []).map((e) => e.id));
    const evidence = (decision.evidence ?? []).filter((e) => known.has(e));
    const below =
      decision.outcome === 'stop' && decision.stopLiveBelow
        ? liveBelow(this.stoppingView(), nodeId)
        : [];
    // One instant: a decision taken on the spot was requested when it was taken.
    const at = this.now();
    let id = '';
    this.write(() => {
      id = this.writeDecision(nodeId, at, {
        outcome: decision.outcome,
        rationale: clampText((decision.rationale ?? '').trim(), LEARNING_LIMITS.text),
        learning,
        evidence,
      });
      this.stopEach(below, node, learning, at);
    });
    return id;
  }

  /**
   * Stops the work still running under a stopped item, with what that item's stop
   * taught (or `learning`, when it was moved to Stopped by hand): one transaction, one
   * undo step. Returns the items stopped.
   */
  stopLiveBelow(nodeId: string, learning?: string): string[] {
    const node = this.requireLive(nodeId);
    const view = this.stoppingView();
    if (!isStopped(view, nodeId)) throw new CanopyError('notStopped', nodeId);
    const text = clampText(
      (learning ?? stopDecision(this.learning(), nodeId)?.learning ?? '').trim(),
      LEARNING_LIMITS.text,
    );
    if (!text) throw new CanopyError('stopNeedsLearning');
    const below = liveBelow(view, nodeId);
    if (below.length) this.write(() => this.stopEach(below, node, text, this.now()));
    return below;
  }

  /** What the stopping rules read (see stopping.ts). */
  private stoppingView() {
    return {
      nodes: this.cache,
      childrenOf: this.tree().childrenOf,
      board: this.board(),
      learning: this.learning(),
    };
  }

  /** Records a stop on each item, as stopped along with `above`; call inside write(). */
  private stopEach(ids: readonly string[], above: NodeData, learning: string, at: number): void {
    const rationale = `Stopped along with “${above.title || 'Untitled'}”.`;
    for (const id of ids)
      this.writeDecision(id, at, { outcome: 'stop', rationale, learning, evidence: [] });
  }

  /**
   * Writes a decision on the node's open request, or on a request made now; a stop
   * moves the card to the Stopped column. Call inside write(); returns the record id.
   */
  private writeDecision(
    nodeId: string,
    at: number,
    d: { outcome: Outcome; rationale: string; learning: string; evidence: string[] },
  ): string {
    const open = openDecision(this.learning(), nodeId);
    const id = open?.id ?? newId();
    // Decided without a request first: the request is made in the same transaction, so
    // the whole decision is one undo step.
    const map = open
      ? this.requireRecord(this.decisionsRoot, id)
      : this.putRecord(this.decisionsRoot, id, nodeId, this.requestFields('', null, at));
    map.set('outcome', d.outcome);
    map.set('rationale', d.rationale);
    map.set('learning', d.learning);
    map.set('evidence', d.evidence);
    map.set('decidedAt', at);
    map.set('decidedBy', this.actor);
    const stopped = this.board().columns.find((c) => c.stage === 'stopped');
    const from = cardColumn(this.board(), nodeId).id;
    if (d.outcome === 'stop' && stopped && from !== stopped.id)
      this.appendMove(nodeId, from, stopped.id);
    return id;
  }

  /** Withdraws an open request (nothing was decided). */
  withdrawDecision(id: string): void {
    this.write(() => this.requireRecord(this.decisionsRoot, id).set('removed', true));
  }

  /** A new evidence or decision record about a node (an edit of that node); its id. */
  private addRecord(root: Y.Map<unknown>, nodeId: string, fields: Record<string, unknown>): string {
    const id = newId();
    this.write(() => this.putRecord(root, id, nodeId, fields));
    return id;
  }

  /** Writes a new record; call inside write(). */
  private putRecord(
    root: Y.Map<unknown>,
    id: string,
    nodeId: string,
    fields: Record<string, unknown>,
  ): Y.Map<unknown> {
    this.touched?.add(nodeId);
    const map = new Y.Map<unknown>(Object.entries({ ...fields, nodeId }));
    root.set(id, map);
    return map;
  }

  private requireRecord(root: Y.Map<unknown>, id: string): Y.Map<unknown> {
    const map = root.get(id);
    if (!(map instanceof Y.Map) || map.get('removed') === true)
      throw new CanopyError('unknownRecord', id);
    const nodeId = map.get('nodeId');
    if (typeof nodeId === 'string') this.touched?.add(nodeId);
    return map;
  }

  // ── Board ─────────────────────────────────────────────────────────────

  /** The column a card (a bet or an initiative) is in now. */
  cardColumn(cardId: string): BoardColumn {
    return cardColumn(this.board(), cardId);
  }

  /**
   * Moves a card to a column and records the move (from, to, when, by whom) in the
   * append-only history. Returns false when it is already there.
   */
  moveCard(cardId: string, columnId: string): boolean {
    this.assertWritable();
    const node = this.requireLive(cardId);
    if (!isCardKind(node.kind)) throw new CanopyError('notACard', cardId);
    const board = this.board();
    if (!board.columns.some((c) => c.id === columnId))
      throw new CanopyError('unknownColumn', columnId);
    const from = cardColumn(board, cardId).id;
    if (from === columnId) return false;
    this.writeBoard(() => this.appendMove(cardId, from, columnId));
    return true;
  }

  /** Adds a column at `index` (the end by default); returns its id. */
  addColumn(name: string, options: { index?: number; stage?: ColumnStage } = {}): string {
    const columns = this.board().columns;
    if (columns.length >= BOARD_LIMITS.columns) throw new CanopyError('tooManyColumns');
    const id = newId();
    const order = orderKeyAt(
      columns.map((c) => c.order),
      options.index ?? columns.length,
    );
    this.writeBoard(() =>
      this.setColumnFields(id, {
        name: columnName(name),
        order,
        stage: options.stage ?? 'active',
        wipLimit: null,
        awaitingDecision: false,
      }),
    );
    return id;
  }

  updateColumn(
    id: string,
    patch: Partial<Pick<BoardColumn, 'name' | 'stage' | 'wipLimit' | 'awaitingDecision'>>,
  ): void {
    this.requireColumn(id);
    const limit = patch.wipLimit;
    if (
      limit !== undefined &&
      limit !== null &&
      !(Number.isInteger(limit) && limit >= 1 && limit <= BOARD_LIMITS.wipLimit)
    )
      throw new CanopyError('invalidValue', `a WIP limit is 1–${BOARD_LIMITS.wipLimit}`);
    this.writeBoard(() => {
      if (patch.name !== undefined)
        this.renames.write({ kind: 'column', id }, columnName(patch.name), this.actor);
      this.setColumnFields(id, {
        stage: patch.stage,
        wipLimit: limit,
        awaitingDecision: patch.awaitingDecision,
      });
    });
  }

  /** Moves a column to `index` among the columns. */
  moveColumn(id: string, index: number): void {
    this.requireColumn(id);
    const others = this.board().columns.filter((c) => c.id !== id);
    const order = orderKeyAt(
      others.map((c) => c.order),
      index,
    );
    this.writeBoard(() => this.setColumnFields(id, { order }));
  }

  /**
   * Removes a column. Its cards move to `moveCardsTo` (the first other column by
   * default), each move recorded, so no card is left without a column.
   */
  removeColumn(id: string, moveCardsTo?: string): void {
    this.requireColumn(id);
    const board = this.board();
    const rest = board.columns.filter((c) => c.id !== id);
    if (rest.length === 0) throw new CanopyError('lastColumn');
    const target = moveCardsTo ?? rest[0]!.id;
    if (!rest.some((c) => c.id === target)) throw new CanopyError('unknownColumn', target);
    const cards = this.tree().order.filter(
      (n) => isCardKind(this.cache.get(n)!.kind) && cardColumn(board, n).id === id,
    );
    this.writeBoard(() => {
      for (const card of cards) this.appendMove(card, id, target);
      this.setColumnFields(id, { removed: true });
    });
  }

  /** Sets the team's signal thresholds (whole days, 1–365). */
  updateBoardSettings(patch: Partial<BoardSettings>): void {
    for (const value of Object.values(patch))
      if (
        value !== undefined &&
        !(Number.isInteger(value) && value >= SETTING_DAYS.min && value <= SETTING_DAYS.max)
      )
        throw new CanopyError('invalidValue', 'a threshold is 1–365 days');
    this.writeBoard(() => {
      const map = boardSettings(this.ydoc);
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) map.set(key, value);
    });
  }

  private appendMove(card: string, from: string, to: string): void {
    const seq = Math.max(this.maxSeq, this.board().maxSeq) + 1;
    this.movesRoot.push([
      {
        id: newId(),
        card,
        from,
        to,
        at: this.now(),
        by: this.actor,
        seq,
        client: this.ydoc.clientID,
      },
    ]);
  }

  /**
   * Board edits are not undone with the tree's undo: the history is append-only, and
   * moving a card back is a move of its own.
   */
  private writeBoard(fn: () => void): void {
    this.assertWritable();
    this.ydoc.transact(fn, this.origin);
  }

  /** Writes the given fields of a column (undefined ones are left alone). */
  private setColumnFields(id: string, fields: Partial<Record<ColumnField, unknown>>): void {
    for (const [field, value] of Object.entries(fields))
      if (value !== undefined) this.columnsRoot.set(columnKey(id, field as ColumnField), value);
  }

  private requireColumn(id: string): BoardColumn {
    const column = this.board().columns.find((c) => c.id === id);
    if (!column) throw new CanopyError('unknownColumn', id);
    return column;
  }

  // ── Internals ────────────────────────────────────────────────────────────

  private write(fn: () => void): void {
    this.assertWritable();
    this.ydoc.transact((tr) => {
      this.touched = new Set();
      try {
        fn();
        // A command that wrote something is an edit of the nodes it worked on: the
        // stalled signal counts from the last one. A no-op writes nothing at all.
        const at = this.now();
        if (tr.changed.size > 0)
          for (const id of this.touched) this.nodesMap.get(id)?.set(NODE_KEYS.editedAt, at);
      } finally {
        this.touched = null;
      }
    }, this.origin);
  }

  private assertWritable(): void {
    if (this.viewOnly) throw new CanopyError('viewOnly');
    if (this.readOnly) throw new CanopyError('readOnly');
    if (!this.metaCache.rootId) throw new CanopyError('notInitialised');
  }

  private requireMap(id: string): Y.Map<unknown> {
    const map = this.nodesMap.get(id);
    if (!(map instanceof Y.Map) || !this.cache.has(id)) throw new CanopyError('unknownNode', id);
    this.touched?.add(id);
    return map;
  }

  private requireLive(id: string): NodeData {
    const node = this.cache.get(id);
    if (!node || (id !== this.metaCache.rootId && !this.tree().parentOf.has(id)))
      throw new CanopyError('unknownNode', id);
    return node;
  }

  private position(
    parent: string,
    siblings: readonly string[],
    index: number,
    prev: string | null,
  ): NodePosition {
    const orders = siblings.map((s) => this.cache.get(s)!.pos.order);
    return {
      parent,
      order: orderKeyAt(orders, index),
      seq: this.maxSeq + 1,
      client: this.ydoc.clientID,
      prev,
    };
  }

  private writeNewNode(
    id: string,
    kind: NodeKind,
    item: Omit<OutlineItem, 'children'>,
    pos: NodePosition,
    keepIds = false,
  ): void {
    const entryId = (given: string | undefined) => (keepIds && given) || newId();
    const map = new Y.Map<unknown>();
    // Integrate first: Y types must be in the document before they are filled.
    this.nodesMap.set(id, map);
    map.set(NODE_KEYS.kind, item.kind ?? kind);
    map.set(NODE_KEYS.pos, pos);
    map.set(NODE_KEYS.createdAt, item.createdAt ?? this.now());
    map.set(NODE_KEYS.createdBy, item.createdBy ?? this.actor);
    if (item.editedAt) map.set(NODE_KEYS.editedAt, item.editedAt);
    map.set(NODE_KEYS.title, clampText(item.title, LIMITS.title));
    if (item.description)
      this.writeText(map, NODE_KEYS.description, item.description, LIMITS.description);
    if (item.owner) map.set(NODE_KEYS.owner, clampText(item.owner, LIMITS.owner));
    if (item.confidence !== undefined && item.confidence !== null)
      map.set(NODE_KEYS.confidence, item.confidence);
    if (item.investment) map.set(NODE_KEYS.investment, item.investment);
    if (item.hypothesis) {
      const h = this.childMap(map, NODE_KEYS.hypothesis);
      for (const [k, value] of Object.entries(item.hypothesis)) if (value) h.set(k, value);
    }
    if (item.tags?.length) {
      const tags = this.childMap(map, NODE_KEYS.tags);
      for (const t of item.tags) tags.set(t.slice(0, LIMITS.tag), true);
    }
    if (item.measures?.length) {
      this.childArray(map, NODE_KEYS.measures).push(
        item.measures.map((m) => this.entryMap(entryId(m.id), this.newMeasureFields(m))),
      );
    }
    if (item.assumptions?.length) {
      this.childArray(map, NODE_KEYS.assumptions).push(
        item.assumptions.map((a) => this.entryMap(entryId(a.id), assumptionFields(a))),
      );
    }
    this.maxSeq = Math.max(this.maxSeq, pos.seq);
  }

  /** Writes `items` as consecutive children of `parentId` starting at `index`, recursively. */
  private insertOutlineUnder(
    parentId: string,
    items: OutlineItem[],
    index: number | null,
    kind: NodeKind,
    onNode?: (item: OutlineItem, id: string) => void,
    keepIds = false,
  ): string[] {
    // Siblings come from the resolved tree, which is only refreshed when the
    // transaction ends: all keys for this level are made at once, between neighbours.
    const siblings = index === null ? [] : (this.tree().childrenOf.get(parentId) ?? []);
    const orders = siblings.map((s) => this.cache.get(s)!.pos.order);
    const keys = orderKeysAt(orders, index ?? 0, items.length);
    return items.map((item, i) => {
      const id = (keepIds && item.id) || newId();
      // One vision per tree, at the root: a `Vision:` item below it takes the ladder's kind.
      const itemKind = item.kind && item.kind !== 'vision' ? item.kind : kind;
      this.writeNewNode(
        id,
        itemKind,
        { ...item, kind: itemKind },
        {
          parent: parentId,
          order: keys[i]!,
          seq: this.maxSeq + 1,
          client: this.ydoc.clientID,
          prev: null,
        },
        keepIds,
      );
      onNode?.(item, id);
      if (item.children?.length)
        this.insertOutlineUnder(id, item.children, null, CHILD_KIND[itemKind], onNode, keepIds);
      return id;
    });
  }

  private writeText(map: Y.Map<unknown>, key: string, value: string, max: number): void {
    const existing = map.get(key);
    const text = existing instanceof Y.Text ? existing : new Y.Text();
    if (text !== existing) map.set(key, text);
    setText(text, clampText(value, max));
  }

  private childMap(map: Y.Map<unknown>, key: string): Y.Map<unknown> {
    const existing = map.get(key);
    if (existing instanceof Y.Map) return existing;
    const created = new Y.Map<unknown>();
    map.set(key, created);
    return created;
  }

  private childArray(map: Y.Map<unknown>, key: string): Y.Array<Y.Map<unknown>> {
    const existing = map.get(key);
    if (existing instanceof Y.Array) return existing as Y.Array<Y.Map<unknown>>;
    const created = new Y.Array<Y.Map<unknown>>();
    map.set(key, created);
    return created;
  }

  /** A new measure made with a current value was updated when it was made. */
  private newMeasureFields(m: Partial<Omit<Measure, 'id'>>): Record<string, unknown> {
    const fields = measureFields(m);
    if (typeof fields.current === 'number' && fields.updatedAt === undefined)
      fields.updatedAt = this.now();
    return fields;
  }

  private entryMap(id: string, fields: Record<string, unknown>): Y.Map<unknown> {
    return new Y.Map<unknown>(Object.entries({ ...fields, id }));
  }

  private findEntry(
    nodeId: string,
    key: string,
    entryId: string,
  ): { list: Y.Array<Y.Map<unknown>>; index: number } {
    const existing = this.requireMap(nodeId).get(key);
    if (!(existing instanceof Y.Array)) throw new CanopyError('unknownEntry', entryId);
    const list = existing as Y.Array<Y.Map<unknown>>;
    const index = list.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === entryId);
    if (index < 0) throw new CanopyError('unknownEntry', entryId);
    return { list, index };
  }

  private requireEntry(nodeId: string, key: string, entryId: string): Y.Map<unknown> {
    const { list, index } = this.findEntry(nodeId, key, entryId);
    return list.get(index);
  }

  private removeEntry(nodeId: string, key: string, entryId: string): void {
    const { list, index } = this.findEntry(nodeId, key, entryId);
    list.delete(index, 1);
  }

  private refresh(id: string): void {
    const raw = this.nodesMap.get(id);
    this.issuesByNode.delete(id);
    this.cache.delete(id);
    if (raw === undefined) return;
    const issues: ReadIssue[] = [];
    const node = readNode(id, raw, issues);
    if (issues.length) this.issuesByNode.set(id, issues);
    if (!node) return;
    this.cache.set(id, node);
    this.maxSeq = Math.max(this.maxSeq, node.pos.seq, node.deleted?.seq ?? 0);
  }

  private readonly onNodesChanged = (
    events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
    tr: Y.Transaction,
  ) => {
    const changed = new Set<string>();
    let structure = false;
    for (const event of events) {
      if (event.target === this.nodesMap) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) changed.add(key);
        structure = true;
      } else {
        const id = event.path[0];
        if (typeof id === 'string') changed.add(id);
        if (event.path.length === 1 && event instanceof Y.YMapEvent) {
          if (
            event.keysChanged.has(NODE_KEYS.pos) ||
            event.keysChanged.has(NODE_KEYS.deleted) ||
            event.keysChanged.has(NODE_KEYS.kind)
          )
            structure = true;
        }
      }
    }
    for (const id of changed) this.refresh(id);
    if (structure) this.treeCache = null;
    this.emit({ nodes: changed, structure, meta: false, board: false, origin: tr.origin });
  };

  private readonly onMetaChanged = (_event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    const before = this.metaCache;
    this.metaCache = readMeta(this.ydoc);
    const structure = before.rootId !== this.metaCache.rootId;
    if (structure) this.treeCache = null;
    this.emit({ nodes: new Set(), structure, meta: true, board: false, origin: tr.origin });
  };

  private readonly onBoardChanged = (_events: unknown, tr: Y.Transaction) => {
    this.boardCache = null;
    this.emit({ nodes: new Set(), structure: false, meta: false, board: true, origin: tr.origin });
  };

  private readonly onLearningChanged = (_events: unknown, tr: Y.Transaction) => {
    this.learningCache = null;
    this.emit({
      nodes: new Set(),
      structure: false,
      meta: false,
      board: false,
      learning: true,
      origin: tr.origin,
    });
  };

  private emit(change: DocChange): void {
    for (const l of this.listeners) l(change);
  }
}

function evidenceFields(
  e: Partial<Pick<Evidence, 'summary' | 'stance' | 'strength' | 'source' | 'date'>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.summary !== undefined) out.summary = clampText(e.summary.trim(), LEARNING_LIMITS.summary);
  if (e.source !== undefined) out.source = clampText(e.source.trim(), LEARNING_LIMITS.source);
  if (e.stance !== undefined) {
    if (!STANCES.includes(e.stance)) throw new CanopyError('invalidValue', 'stance');
    out.stance = e.stance;
  }
  if (e.strength !== undefined) {
    if (!STRENGTHS.includes(e.strength)) throw new CanopyError('invalidValue', 'strength');
    out.strength = e.strength;
  }
  if (e.date !== undefined) {
    if (!v.is(IsoDate, e.date)) throw new CanopyError('invalidValue', 'date is YYYY-MM-DD');
    out.date = e.date;
  }
  return out;
}

function measureFields(m: Partial<Omit<Measure, 'id'>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  if (m.name !== undefined) out.name = clampText(m.name, LIMITS.text);
  if (m.baseline !== undefined) out.baseline = num(m.baseline);
  if (m.target !== undefined) out.target = num(m.target);
  if (m.current !== undefined) out.current = num(m.current);
  if (m.unit !== undefined) out.unit = clampText(m.unit, 40);
  if (m.direction !== undefined) out.direction = m.direction;
  if (m.due !== undefined) {
    if (m.due !== null && !v.is(IsoDate, m.due))
      throw new CanopyError('invalidValue', 'due is YYYY-MM-DD');
    out.due = m.due;
  }
  if (m.updatedAt !== undefined) out.updatedAt = m.updatedAt;
  return out;
}

function assumptionFields(a: Partial<Omit<Assumption, 'id'>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (a.text !== undefined) out.text = clampText(a.text, LIMITS.text);
  if (a.risk !== undefined) out.risk = a.risk;
  if (a.state !== undefined) out.state = a.state;
  return out;
}
