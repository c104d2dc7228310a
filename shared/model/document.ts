/**
 * CanopyDoc: the typed door to one shared document, and the one import the views
 * need. Views read validated, cached data from it; every change goes through one of
 * its commands, each a single Yjs transaction tagged with this replica's origin.
 * The work is done elsewhere: the core (core.ts) keeps the caches, change events,
 * transactions and undo; the commands live in ./commands, one module per area, over
 * pure field builders (fields.ts). This class only names them, so that the ~400 call
 * sites in the views, tests and tools keep one flat, stable API.
 */
import type * as Y from 'yjs';
import {
  cardColumn,
  type BoardColumn,
  type BoardSettings,
  type BoardState,
  type ColumnStage,
} from './board';
import * as boardCommands from './commands/board';
import * as documentCommands from './commands/document';
import * as entryCommands from './commands/entries';
import type { NewNode, NodePatch, OutlineItem } from './commands/items';
import * as learningCommands from './commands/learning';
import * as roundCommands from './commands/rounds';
import * as treeCommands from './commands/tree';
import * as workshopCommands from './commands/workshop';
import type { AgendaTemplateId } from './agenda-templates';
import { DocCore, type DocListener, type DocOptions } from './core';
import type { EvidencePatch } from './fields';
import type { LearningState, Stance } from './learning';
import { migrate, type SchemaStatus } from './migrations';
import type { TaggedOrigin } from './origins';
import type { DocMeta, ReadIssue } from './read';
import type { AnswerUse, RoundsState } from './rounds';
import type { RenameConflict, RenameTarget } from './renames';
import type { Assumption, Measure, NodeData } from './schema';
import type { ResolvedTree } from './tree';
import type { AgendaStep, WorkshopState } from './workshop';

export type { DocChange } from './core';
export type { NewNode, NodePatch, OutlineItem } from './commands/items';
export type { ColumnPatch } from './commands/board';
export type { DecisionInput, NewEvidence } from './commands/learning';
export type { InitialiseOptions } from './commands/document';

export class CanopyDoc {
  private readonly core: DocCore;

  constructor(ydoc: Y.Doc, options: DocOptions = {}) {
    this.core = new DocCore(ydoc, options);
  }

  destroy(): void {
    this.core.destroy();
  }

  get ydoc(): Y.Doc {
    return this.core.ydoc;
  }

  get origin(): TaggedOrigin {
    return this.core.origin;
  }

  get actor(): string {
    return this.core.actor;
  }

  /** Undo and redo of this replica's own edits only. */
  get undoManager(): Y.UndoManager {
    return this.core.undoManager;
  }

  // ── Reading ──────────────────────────────────────────────────────────────

  get meta(): DocMeta {
    return this.core.meta;
  }

  /** 'empty' until a template or a peer fills it; 'newer' means read-only. */
  get schema(): SchemaStatus {
    return this.core.schema;
  }

  /** Not editable here: a snapshot, a newer schema, or the room's lock (see lockedForMe). */
  get readOnly(): boolean {
    return this.core.readOnly;
  }

  /** The facilitator locked the tree and this replica is a participant's. */
  get lockedForMe(): boolean {
    return this.core.lockedForMe;
  }

  /** A private draft: never synced (see drafts.ts). */
  get isPrivate(): boolean {
    return this.core.meta.private;
  }

  node(id: string): NodeData | undefined {
    return this.core.cache.get(id);
  }

  /** Number of readable nodes, deleted ones included. */
  get size(): number {
    return this.core.cache.size;
  }

  tree(): ResolvedTree {
    return this.core.tree();
  }

  /** Problems found while reading peer-written data (skipped nodes, bad fields). */
  issues(): ReadIssue[] {
    return this.core.nodeIssues().concat(this.board().issues, this.learning().issues);
  }

  /** Evidence and decisions, per node (see learning.ts). */
  learning(): LearningState {
    return this.core.learning();
  }

  /** The Portfolio Kanban: columns and every card's history (see board.ts). */
  board(): BoardState {
    return this.core.board();
  }

  /** The column a card (a bet or an initiative) is in now. */
  cardColumn(cardId: string): BoardColumn {
    return cardColumn(this.core.board(), cardId);
  }

  /**
   * An item with every field and its descendants, as an outline: for exports and for
   * copying between documents. `visit` sees each outline item with the node it is of.
   */
  outline(id: string, visit?: (item: OutlineItem, nodeId: string) => void): OutlineItem {
    return treeCommands.outline(this.core, id, visit);
  }

  /** Names of ours that someone else's replaced (this replica's notices). */
  renameConflicts(): RenameConflict[] {
    return this.core.renames.list();
  }

  subscribe(listener: DocListener): () => void {
    return this.core.subscribe(listener);
  }

  // ── The document ─────────────────────────────────────────────────────────

  /** Brings an older document up to this version's schema (no-op when current). */
  migrate(): boolean {
    return migrate(this.core.ydoc);
  }

  /** Fills an empty document: meta and the vision at the root. */
  initialise(options: documentCommands.InitialiseOptions): string {
    return documentCommands.initialise(this.core, options);
  }

  renameDocument(title: string): void {
    documentCommands.renameDocument(this.core, title);
  }

  /**
   * Renames an item, the tree or a column. `base` is the name the person started from
   * (when their editor opened): if it has changed since, someone renamed it meanwhile,
   * and this rename is not written over theirs unseen. Nothing is written and the
   * notice is returned (and listed in renameConflicts()), so they can choose.
   */
  rename(target: RenameTarget, name: string, options?: { base?: string }): RenameConflict | null {
    return documentCommands.rename(this.core, target, name, options);
  }

  /** Answers a rename notice: take ours back (one undo step), or keep theirs. */
  resolveRename(key: string, keep: 'mine' | 'theirs'): void {
    documentCommands.resolveRename(this.core, key, keep);
  }

  // ── The tree ─────────────────────────────────────────────────────────────

  addNode(parentId: string, options?: NewNode): string {
    return treeCommands.addNode(this.core, parentId, options);
  }

  /** Inserts a whole outline under `parentId` (one transaction, one undo step). */
  insertOutline(parentId: string, items: OutlineItem[], index?: number): string[] {
    return treeCommands.insertOutline(this.core, parentId, items, index);
  }

  /**
   * Copies an item of another document (a private draft being proposed) under
   * `parentId`, with its descendants and their evidence, in one transaction and one
   * undo step. The copies get new ids: nothing ties this document to the source.
   * Proposing the source's root copies its children. Returns the new top-level ids.
   */
  insertCopyOf(source: CanopyDoc, nodeId: string, parentId: string): string[] {
    return treeCommands.insertCopyOf(this.core, source, nodeId, parentId);
  }

  updateNode(id: string, patch: NodePatch): void {
    treeCommands.updateNode(this.core, id, patch);
  }

  addTag(id: string, tag: string): void {
    treeCommands.addTag(this.core, id, tag);
  }

  removeTag(id: string, tag: string): void {
    treeCommands.removeTag(this.core, id, tag);
  }

  /** Moves a node under `parentId` at `index` among its siblings; not the root, nor in itself. */
  moveNode(id: string, parentId: string, index?: number): void {
    treeCommands.moveNode(this.core, id, parentId, index);
  }

  /** Moves a node among its siblings. */
  reorderNode(id: string, index: number): void {
    treeCommands.reorderNode(this.core, id, index);
  }

  /** Deletes a node and its subtree (a tombstone: undo brings them back). */
  deleteSubtree(id: string): void {
    treeCommands.deleteSubtree(this.core, id);
  }

  // ── Measures and assumptions ─────────────────────────────────────────────

  addMeasure(nodeId: string, init?: Partial<Omit<Measure, 'id'>>): string {
    return entryCommands.addMeasure(this.core, nodeId, init);
  }

  updateMeasure(
    nodeId: string,
    measureId: string,
    patch: Partial<Omit<Measure, 'id' | 'updatedAt'>>,
  ): void {
    entryCommands.updateMeasure(this.core, nodeId, measureId, patch);
  }

  removeMeasure(nodeId: string, measureId: string): void {
    entryCommands.removeMeasure(this.core, nodeId, measureId);
  }

  addAssumption(nodeId: string, init?: Partial<Omit<Assumption, 'id'>>): string {
    return entryCommands.addAssumption(this.core, nodeId, init);
  }

  updateAssumption(nodeId: string, assumptionId: string, patch: Partial<Omit<Assumption, 'id'>>) {
    entryCommands.updateAssumption(this.core, nodeId, assumptionId, patch);
  }

  removeAssumption(nodeId: string, assumptionId: string): void {
    entryCommands.removeAssumption(this.core, nodeId, assumptionId);
  }

  // ── Evidence and decisions ───────────────────────────────────────────────

  /** Records an observation about a node; returns its id. */
  addEvidence(nodeId: string, init: learningCommands.NewEvidence): string {
    return learningCommands.addEvidence(this.core, nodeId, init);
  }

  updateEvidence(id: string, patch: EvidencePatch): void {
    learningCommands.updateEvidence(this.core, id, patch);
  }

  removeEvidence(id: string): void {
    learningCommands.removeEvidence(this.core, id);
  }

  /** Asks for a decision on a bet or an initiative: who decides, and by when. */
  requestDecision(nodeId: string, request?: { decider?: string; due?: string | null }): string {
    return learningCommands.requestDecision(this.core, nodeId, request);
  }

  /**
   * Records a decision: the open request of the node, or a new one made and decided at
   * once. A stop needs what was learned, and moves the card to the Stopped column;
   * with `stopLiveBelow`, the work still running under it is stopped with the same
   * learning in the same transaction (one undo step).
   */
  recordDecision(nodeId: string, decision: learningCommands.DecisionInput): string {
    return learningCommands.recordDecision(this.core, nodeId, decision);
  }

  /**
   * Stops the work still running under a stopped item, with what that item's stop
   * taught (or `learning`, when it was moved to Stopped by hand): one transaction, one
   * undo step. Returns the items stopped.
   */
  stopLiveBelow(nodeId: string, learning?: string): string[] {
    return learningCommands.stopLiveBelow(this.core, nodeId, learning);
  }

  /** Withdraws an open request (nothing was decided). */
  withdrawDecision(id: string): void {
    learningCommands.withdrawDecision(this.core, id);
  }

  // ── The board (not undone with the tree: its history is append-only) ────

  /** Moves a card and records it (from, to, when, who); false: it was there already. */
  moveCard(cardId: string, columnId: string): boolean {
    return boardCommands.moveCard(this.core, cardId, columnId);
  }

  /** Several moves, checked first, in one transaction; returns the ids moved. */
  moveCards(moves: readonly { cardId: string; columnId: string }[]): string[] {
    return boardCommands.moveCards(this.core, moves);
  }

  /** Adds a column at `index` (the end by default); returns its id. */
  addColumn(name: string, options?: { index?: number; stage?: ColumnStage }): string {
    return boardCommands.addColumn(this.core, name, options);
  }

  updateColumn(id: string, patch: boardCommands.ColumnPatch): void {
    boardCommands.updateColumn(this.core, id, patch);
  }

  /** Moves a column to `index` among the columns. */
  moveColumn(id: string, index: number): void {
    boardCommands.moveColumn(this.core, id, index);
  }

  /**
   * Removes a column. Its cards move to `moveCardsTo` (the first other column by
   * default), each move recorded, so no card is left without a column.
   */
  removeColumn(id: string, moveCardsTo?: string): void {
    boardCommands.removeColumn(this.core, id, moveCardsTo);
  }

  /** Sets the team's signal thresholds (whole days, 1–365). */
  updateBoardSettings(patch: Partial<BoardSettings>): void {
    boardCommands.updateBoardSettings(this.core, patch);
  }

  // ── The workshop (agenda, lock, reflections; not undone with the tree) ──

  /** The agenda, where the room is, the lock and the reflection answers. */
  workshop(): WorkshopState {
    return this.core.workshop();
  }

  /**
   * Whether the room's lock applies to this replica: false for its facilitator and
   * when no room runs (the lock is the room's, not the document's).
   */
  setLockExempt(exempt: boolean): void {
    this.core.setLockExempt(exempt);
  }

  setAgenda(steps: AgendaStep[], templateId?: string | null): void {
    workshopCommands.setAgenda(this.core, steps, templateId);
  }

  applyAgendaTemplate(id: AgendaTemplateId): void {
    workshopCommands.applyAgendaTemplate(this.core, id);
  }

  /** Takes the room to a step (0 starts); the number of steps ends the agenda. */
  goToStep(index: number): void {
    workshopCommands.goToStep(this.core, index);
  }

  /** Makes the tree read-only for participants, with a reason everyone sees. */
  setLock(on: boolean, reason?: string, by?: string): void {
    workshopCommands.setLock(this.core, on, reason, by);
  }

  /** A named answer to a reflection question (allowed while the tree is locked). */
  addReflection(question: string, text: string, author: string): string {
    return workshopCommands.addReflection(this.core, question, text, author);
  }

  removeReflection(id: string): void {
    workshopCommands.removeReflection(this.core, id);
  }

  /** Revealed rounds (the host writes them at the reveal; rounds.ts) and answer cards. */
  rounds(): RoundsState {
    return this.core.rounds();
  }

  groupAnswer(cardId: string, group: string): void {
    roundCommands.groupAnswer(this.core, cardId, group);
  }
  /** Turns an answer card into evidence or an assumption on `nodeId`, or an item under it. */
  useAnswer(cardId: string, as: AnswerUse, nodeId: string, stance?: Stance): string {
    return roundCommands.useAnswer(this.core, cardId, as, nodeId, stance);
  }
  /** Moves a round's top `count` cards (not yet there) to a column, one recorded move each. */
  moveTopTo(roundId: string, count: number, columnId: string): string[] {
    return roundCommands.moveTopTo(this.core, roundId, count, columnId);
  }
}
