/**
 * The core of a CanopyDoc: the Yjs roots, the validated caches kept up to date by
 * observers, the change events views subscribe to, the transaction every command
 * runs in (tagged with this replica's origin) and the undo manager that records
 * them. The commands themselves live in ./commands, one module per area; CanopyDoc
 * (document.ts) is the one door to both.
 */
import * as Y from 'yjs';
import { boardColumns, boardMoves, boardSettings, readBoard, type BoardState } from './board';
import { CanopyError } from './errors';
import { decisionsMap, evidenceMap, readLearning, type LearningState } from './learning';
import { schemaStatus, type SchemaStatus } from './migrations';
import { localOrigin, type TaggedOrigin } from './origins';
import { readMeta, readNode, type DocMeta, type ReadIssue } from './read';
import { RenameWatch } from './renames';
import { answerCardsMap, readRounds, roundsMap, type RoundsState } from './rounds';
import { NODE_KEYS, ROOT_KEYS, type NodeData } from './schema';
import { resolveTree, type ResolvedTree } from './tree';
import {
  agendaLog,
  readWorkshop,
  reflectionsMap,
  workshopMap,
  type WorkshopState,
} from './workshop';

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
  /** The agenda, the lock, the reflections or who the lock applies to changed. */
  workshop?: boolean;
  /** A round was revealed, or its answer cards changed (rounds.ts). */
  rounds?: boolean;
  origin: unknown;
}

export type DocListener = (change: DocChange) => void;

export interface DocOptions {
  actor?: string;
  origin?: TaggedOrigin;
  now?: () => number;
  /** Shown, never edited: a snapshot of the past (commands throw CANOPY-016). */
  viewOnly?: boolean;
}

/**
 * Whether a Y.Map has any entry. Y.Map's `size` walks every entry, and every command
 * asks (is the document writable?): on 5,000 nodes that was 0.4 ms of each edit.
 */
export function hasEntries<T>(map: Y.Map<T>): boolean {
  for (const _ of map.keys()) return true;
  return false;
}

const NO_NODES: ReadonlySet<string> = new Set();

/** Internal to shared/model: views reach it only through CanopyDoc. */
export class DocCore {
  readonly ydoc: Y.Doc;
  readonly origin: TaggedOrigin;
  readonly actor: string;
  readonly now: () => number;
  readonly nodesMap: Y.Map<Y.Map<unknown>>;
  readonly metaMap: Y.Map<unknown>;
  readonly columnsRoot: Y.Map<unknown>;
  readonly movesRoot: Y.Array<unknown>;
  readonly settingsRoot: Y.Map<unknown>;
  readonly evidenceRoot: Y.Map<unknown>;
  readonly decisionsRoot: Y.Map<unknown>;
  readonly workshopRoot: Y.Map<unknown>;
  readonly agendaLogRoot: Y.Array<unknown>;
  readonly reflectionsRoot: Y.Map<unknown>;
  readonly roundsRoot: Y.Map<unknown>;
  readonly answerCardsRoot: Y.Map<unknown>;
  /** Validated nodes by id, deleted ones included. */
  readonly cache = new Map<string, NodeData>();
  /** Undo and redo of this replica's own edits only (created up front: it records from the start). */
  readonly undoManager: Y.UndoManager;
  readonly renames: RenameWatch;
  /** The highest Lamport sequence seen in positions, deletions and moves. */
  maxSeq = 0;
  /** Nodes the command in progress touched: they get an edit time. */
  private touched: Set<string> | null = null;
  private readonly viewOnly: boolean;
  private readonly issuesByNode = new Map<string, ReadIssue[]>();
  private metaCache: DocMeta;
  private treeCache: ResolvedTree | null = null;
  private boardCache: BoardState | null = null;
  private learningCache: LearningState | null = null;
  private workshopCache: WorkshopState | null = null;
  private roundsCache: RoundsState | null = null;
  /** The room's lock does not apply to this replica (no room, or its facilitator). */
  private lockExempt = true;
  private readonly listeners = new Set<DocListener>();

  constructor(ydoc: Y.Doc, options: DocOptions = {}) {
    this.ydoc = ydoc;
    this.viewOnly = options.viewOnly ?? false;
    this.now = options.now ?? (() => Date.now());
    this.actor = options.actor ?? '';
    this.origin = options.origin ?? localOrigin();
    this.columnsRoot = boardColumns(ydoc);
    this.movesRoot = boardMoves(ydoc);
    this.settingsRoot = boardSettings(ydoc);
    this.evidenceRoot = evidenceMap(ydoc);
    this.decisionsRoot = decisionsMap(ydoc);
    this.workshopRoot = workshopMap(ydoc);
    this.agendaLogRoot = agendaLog(ydoc);
    this.reflectionsRoot = reflectionsMap(ydoc);
    this.roundsRoot = roundsMap(ydoc);
    this.answerCardsRoot = answerCardsMap(ydoc);
    this.nodesMap = ydoc.getMap(ROOT_KEYS.nodes);
    this.metaMap = ydoc.getMap(ROOT_KEYS.meta);
    this.metaCache = readMeta(ydoc);
    this.undoManager = new Y.UndoManager(
      [this.nodesMap, this.metaMap, this.evidenceRoot, this.decisionsRoot, this.answerCardsRoot],
      { trackedOrigins: new Set([this.origin]), captureTimeout: 400 },
    );
    this.nodesMap.forEach((_, id) => this.refresh(id));
    this.nodesMap.observeDeep(this.onNodesChanged);
    this.metaMap.observe(this.onMetaChanged);
    this.columnsRoot.observeDeep(this.onBoardChanged);
    this.movesRoot.observe(this.onBoardChanged);
    this.settingsRoot.observe(this.onBoardChanged);
    this.evidenceRoot.observeDeep(this.onLearningChanged);
    this.decisionsRoot.observeDeep(this.onLearningChanged);
    this.workshopRoot.observe(this.onWorkshopChanged);
    this.agendaLogRoot.observe(this.onWorkshopChanged);
    this.reflectionsRoot.observe(this.onWorkshopChanged);
    this.roundsRoot.observe(this.onRoundsChanged);
    this.answerCardsRoot.observe(this.onRoundsChanged);
    this.renames = new RenameWatch(ydoc, (origin) => this.emit({ renames: true, origin }));
  }

  destroy(): void {
    this.renames.destroy();
    this.nodesMap.unobserveDeep(this.onNodesChanged);
    this.metaMap.unobserve(this.onMetaChanged);
    this.columnsRoot.unobserveDeep(this.onBoardChanged);
    this.movesRoot.unobserve(this.onBoardChanged);
    this.settingsRoot.unobserve(this.onBoardChanged);
    this.evidenceRoot.unobserveDeep(this.onLearningChanged);
    this.decisionsRoot.unobserveDeep(this.onLearningChanged);
    this.workshopRoot.unobserve(this.onWorkshopChanged);
    this.agendaLogRoot.unobserve(this.onWorkshopChanged);
    this.reflectionsRoot.unobserve(this.onWorkshopChanged);
    this.roundsRoot.unobserve(this.onRoundsChanged);
    this.answerCardsRoot.unobserve(this.onRoundsChanged);
    this.undoManager.destroy();
    this.listeners.clear();
  }

  // ── Reading (cached until the document changes) ─────────────────────────

  get meta(): DocMeta {
    return this.metaCache;
  }

  get schema(): SchemaStatus {
    return schemaStatus(this.metaCache, hasEntries(this.nodesMap) ? 1 : 0);
  }

  get readOnly(): boolean {
    return this.viewOnly || this.schema === 'newer' || this.lockedForMe;
  }

  /** The facilitator locked the tree, and this replica is a participant's. */
  get lockedForMe(): boolean {
    return !this.lockExempt && this.workshop().lock.on;
  }

  /** Whether the room's lock applies here (the renderer says so from the room's roles). */
  setLockExempt(exempt: boolean): void {
    if (this.lockExempt === exempt) return;
    this.lockExempt = exempt;
    this.emit({ workshop: true, origin: null });
  }

  workshop(): WorkshopState {
    return (this.workshopCache ??= readWorkshop(this.ydoc));
  }

  rounds(): RoundsState {
    return (this.roundsCache ??= readRounds(this.ydoc));
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

  nodeIssues(): ReadIssue[] {
    return [...this.issuesByNode.values()].flat();
  }

  learning(): LearningState {
    return (this.learningCache ??= readLearning(this.ydoc));
  }

  board(): BoardState {
    return (this.boardCache ??= readBoard(this.ydoc));
  }

  subscribe(listener: DocListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── Writing ──────────────────────────────────────────────────────────────

  /** Runs a tree or learning command: one transaction, one undo step, edit times stamped. */
  write(fn: () => void): void {
    // A command made of other commands: theirs are part of its one transaction.
    if (this.touched) return fn();
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

  /**
   * Runs a board command. Board edits are not undone with the tree's undo: the history
   * is append-only, and moving a card back is a move of its own.
   */
  writeBoard(fn: () => void): void {
    this.assertWritable();
    this.ydoc.transact(fn, this.origin);
  }

  /** Marks a node as edited by the command in progress. */
  touch(id: string): void {
    this.touched?.add(id);
  }

  assertWritable(): void {
    this.assertWritableEvenLocked();
    if (this.lockedForMe) throw new CanopyError('locked', this.workshop().lock.reason || undefined);
  }

  /** Writable, the room's lock aside: reflections are answered while the tree is locked. */
  assertWritableEvenLocked(): void {
    if (this.viewOnly) throw new CanopyError('viewOnly');
    if (this.schema === 'newer') throw new CanopyError('readOnly');
    if (!this.metaCache.rootId) throw new CanopyError('notInitialised');
  }

  /** Runs a workshop command: not undone with the tree (the room moves on, it does not undo). */
  writeWorkshop(fn: () => void, evenLocked = false): void {
    if (evenLocked) this.assertWritableEvenLocked();
    else this.assertWritable();
    this.ydoc.transact(fn, this.origin);
  }

  /** A node's map to write to (touched: it gets an edit time). */
  requireMap(id: string): Y.Map<unknown> {
    const map = this.nodesMap.get(id);
    if (!(map instanceof Y.Map) || !this.cache.has(id)) throw new CanopyError('unknownNode', id);
    this.touch(id);
    return map;
  }

  /** A node in the tree now: readable, and the root or placed under it. */
  requireLive(id: string): NodeData {
    const node = this.cache.get(id);
    if (!node || (id !== this.metaCache.rootId && !this.tree().parentOf.has(id)))
      throw new CanopyError('unknownNode', id);
    return node;
  }

  // ── Keeping the caches ───────────────────────────────────────────────────

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
    this.emit({ nodes: changed, structure, origin: tr.origin });
  };

  private readonly onMetaChanged = (_event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    const before = this.metaCache;
    this.metaCache = readMeta(this.ydoc);
    const structure = before.rootId !== this.metaCache.rootId;
    if (structure) this.treeCache = null;
    this.emit({ structure, meta: true, origin: tr.origin });
  };

  private readonly onBoardChanged = (_events: unknown, tr: Y.Transaction) => {
    this.boardCache = null;
    this.emit({ board: true, origin: tr.origin });
  };

  private readonly onLearningChanged = (_events: unknown, tr: Y.Transaction) => {
    this.learningCache = null;
    this.emit({ learning: true, origin: tr.origin });
  };

  private readonly onWorkshopChanged = (_event: unknown, tr: Y.Transaction) => {
    this.workshopCache = null;
    this.emit({ workshop: true, origin: tr.origin });
  };

  private readonly onRoundsChanged = (_event: unknown, tr: Y.Transaction) => {
    this.roundsCache = null;
    this.emit({ rounds: true, origin: tr.origin });
  };

  /** Tells every listener; what is not given did not change. */
  private emit(change: Partial<DocChange> & { origin: unknown }): void {
    const full: DocChange = {
      nodes: NO_NODES,
      structure: false,
      meta: false,
      board: false,
      ...change,
    };
    for (const l of this.listeners) l(full);
  }
}
