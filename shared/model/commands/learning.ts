/** Evidence and decisions: what was observed about an item, and what was decided. */
import { cardColumn, isCardKind } from '../board';
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import { clampText, evidenceFields, isIsoDay, requestFields, type EvidencePatch } from '../fields';
import { newId } from '../ids';
import { isoDay, LEARNING_LIMITS, openDecision, type Evidence, type Outcome } from '../learning';
import type { NodeData } from '../schema';
import { isStopped, liveBelow, stopDecision } from '../stopping';
import { appendMove } from './board';
import { addRecord, putRecord, requireRecord } from './records';

export type NewEvidence = Pick<Evidence, 'summary' | 'stance'> &
  Partial<Pick<Evidence, 'strength' | 'source' | 'date'>>;

export interface DecisionInput {
  outcome: Outcome;
  rationale?: string;
  learning?: string;
  evidence?: string[];
  /** Revealed rounds that this item was in, cited as grounds. */
  votes?: string[];
  stopLiveBelow?: boolean;
}

export function addEvidence(core: DocCore, nodeId: string, init: NewEvidence): string {
  core.requireLive(nodeId);
  const fields = evidenceFields(init);
  if (!fields.summary) throw new CanopyError('invalidValue', 'evidence needs a summary');
  return addRecord(core, core.evidenceRoot, nodeId, {
    strength: 'moderate',
    source: '',
    date: isoDay(core.now()),
    ...fields,
    recordedBy: core.actor,
    recordedAt: core.now(),
  });
}

export function updateEvidence(core: DocCore, id: string, patch: EvidencePatch): void {
  const fields = evidenceFields(patch);
  core.write(() => {
    const map = requireRecord(core, core.evidenceRoot, id);
    for (const [key, value] of Object.entries(fields)) map.set(key, value);
  });
}

export function removeEvidence(core: DocCore, id: string): void {
  core.write(() => requireRecord(core, core.evidenceRoot, id).set('removed', true));
}

export function requestDecision(
  core: DocCore,
  nodeId: string,
  request: { decider?: string; due?: string | null } = {},
): string {
  const node = core.requireLive(nodeId);
  if (!isCardKind(node.kind)) throw new CanopyError('notACard', nodeId);
  if (openDecision(core.learning(), nodeId)) throw new CanopyError('decisionOpen');
  const due = request.due ?? null;
  if (due !== null && !isIsoDay(due)) throw new CanopyError('invalidValue', 'due is YYYY-MM-DD');
  return addRecord(
    core,
    core.decisionsRoot,
    nodeId,
    requestFields(core.actor, request.decider, due, core.now()),
  );
}

export function recordDecision(core: DocCore, nodeId: string, decision: DecisionInput): string {
  const node = core.requireLive(nodeId);
  if (!isCardKind(node.kind)) throw new CanopyError('notACard', nodeId);
  const learning = clampText((decision.learning ?? '').trim(), LEARNING_LIMITS.text);
  if (decision.outcome === 'stop' && !learning) throw new CanopyError('stopNeedsLearning');
  const known = new Set((core.learning().evidenceByNode.get(nodeId) ?? []).map((e) => e.id));
  const evidence = (decision.evidence ?? []).filter((e) => known.has(e));
  const rounds = new Set(
    core
      .rounds()
      .rounds.filter((r) => r.items.includes(nodeId))
      .map((r) => r.id),
  );
  const votes = [...new Set(decision.votes ?? [])].filter((r) => rounds.has(r));
  const below =
    decision.outcome === 'stop' && decision.stopLiveBelow
      ? liveBelow(stoppingView(core), nodeId)
      : [];
  // One instant: a decision taken on the spot was requested when it was taken.
  const at = core.now();
  let id = '';
  core.write(() => {
    id = writeDecision(core, nodeId, at, {
      outcome: decision.outcome,
      rationale: clampText((decision.rationale ?? '').trim(), LEARNING_LIMITS.text),
      learning,
      evidence,
      votes,
    });
    stopEach(core, below, node, learning, at);
  });
  return id;
}

export function stopLiveBelow(core: DocCore, nodeId: string, learning?: string): string[] {
  const node = core.requireLive(nodeId);
  const view = stoppingView(core);
  if (!isStopped(view, nodeId)) throw new CanopyError('notStopped', nodeId);
  const text = clampText(
    (learning ?? stopDecision(core.learning(), nodeId)?.learning ?? '').trim(),
    LEARNING_LIMITS.text,
  );
  if (!text) throw new CanopyError('stopNeedsLearning');
  const below = liveBelow(view, nodeId);
  if (below.length) core.write(() => stopEach(core, below, node, text, core.now()));
  return below;
}

export function withdrawDecision(core: DocCore, id: string): void {
  core.write(() => requireRecord(core, core.decisionsRoot, id).set('removed', true));
}

/** What the stopping rules read (see stopping.ts). */
function stoppingView(core: DocCore) {
  return {
    nodes: core.cache,
    childrenOf: core.tree().childrenOf,
    board: core.board(),
    learning: core.learning(),
  };
}

/** Records a stop on each item, as stopped along with `above`; call inside write(). */
function stopEach(
  core: DocCore,
  ids: readonly string[],
  above: NodeData,
  learning: string,
  at: number,
): void {
  const rationale = `Stopped along with “${above.title || 'Untitled'}”.`;
  for (const id of ids)
    writeDecision(core, id, at, { outcome: 'stop', rationale, learning, evidence: [], votes: [] });
}

/**
 * Writes a decision on the node's open request, or on a request made now; a stop
 * moves the card to the Stopped column. Call inside write(); returns the record id.
 */
function writeDecision(
  core: DocCore,
  nodeId: string,
  at: number,
  d: {
    outcome: Outcome;
    rationale: string;
    learning: string;
    evidence: string[];
    votes: string[];
  },
): string {
  const open = openDecision(core.learning(), nodeId);
  const id = open?.id ?? newId();
  // Decided without a request first: the request is made in the same transaction, so
  // the whole decision is one undo step.
  const map = open
    ? requireRecord(core, core.decisionsRoot, id)
    : putRecord(core, core.decisionsRoot, id, nodeId, requestFields(core.actor, '', null, at));
  map.set('outcome', d.outcome);
  map.set('rationale', d.rationale);
  map.set('learning', d.learning);
  map.set('evidence', d.evidence);
  if (d.votes.length || map.has('votes')) map.set('votes', d.votes);
  map.set('decidedAt', at);
  map.set('decidedBy', core.actor);
  const stopped = core.board().columns.find((c) => c.stage === 'stopped');
  const from = cardColumn(core.board(), nodeId).id;
  if (d.outcome === 'stop' && stopped && from !== stopped.id)
    appendMove(core, nodeId, from, stopped.id);
  return id;
}
