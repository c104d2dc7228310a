/**
 * Evidence and decisions: what the team learned about a node, and what it decided.
 *
 *   evidence   Y.Map  evidenceId → Y.Map { nodeId, summary, stance, strength, source,
 *                      date, recordedBy, recordedAt, removed }
 *   decisions  Y.Map  decisionId → Y.Map { nodeId, requestedBy, requestedAt, decider,
 *                      due, outcome, rationale, learning, evidence, votes, decidedAt,
 *                      decidedBy, removed }
 *
 * Top-level maps keyed by random ids: two peers never create the same key, so nested
 * maps are safe here (unlike board columns). Records point at nodes by id; a record
 * whose node is deleted stays, and shows again if the node is restored.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { IsoDate, type ReadIssue } from './read';
import { ROOT_KEYS } from './schema';

export const STANCES = ['supports', 'contradicts', 'inconclusive'] as const;
export type Stance = (typeof STANCES)[number];
export const STRENGTHS = ['weak', 'moderate', 'strong'] as const;
export type Strength = (typeof STRENGTHS)[number];
export const OUTCOMES = ['persevere', 'pivot', 'stop', 'scale'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LEARNING_LIMITS = { summary: 1000, source: 1000, text: 4000, name: 200 } as const;

export interface Evidence {
  id: string;
  nodeId: string;
  summary: string;
  stance: Stance;
  strength: Strength;
  /** Where it comes from: a note or a link. */
  source: string;
  /** When it was observed (YYYY-MM-DD). */
  date: string;
  recordedBy: string;
  recordedAt: number;
}

export interface Decision {
  id: string;
  nodeId: string;
  requestedBy: string;
  requestedAt: number;
  /** Who decides. */
  decider: string;
  /** Decide by (YYYY-MM-DD), or null. */
  due: string | null;
  /** null while the decision is open. */
  outcome: Outcome | null;
  rationale: string;
  /** What was learned (asked for every stop: learning, never blame). */
  learning: string;
  /** Ids of the evidence it rests on. */
  evidence: string[];
  /** Ids of revealed rounds (votes, budgets, scores) it cites (rounds.ts). */
  votes: string[];
  decidedAt: number | null;
  decidedBy: string;
}

export interface LearningState {
  /** Per node, oldest first (by date, then when recorded). */
  evidenceByNode: Map<string, Evidence[]>;
  /** Per node, oldest request first. */
  decisionsByNode: Map<string, Decision[]>;
  issues: ReadIssue[];
}

export const evidenceMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.evidence);
export const decisionsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.decisions);

const finite = v.pipe(v.number(), v.finite());
const id64 = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const EvidenceSchema = v.object({
  nodeId: id64,
  summary: text(LEARNING_LIMITS.summary),
  stance: v.picklist(STANCES),
  strength: v.picklist(STRENGTHS),
  source: v.optional(text(LEARNING_LIMITS.source), ''),
  date: IsoDate,
  recordedBy: v.optional(text(LEARNING_LIMITS.name), ''),
  recordedAt: v.optional(finite, 0),
  removed: v.optional(v.boolean(), false),
});

export const DecisionSchema = v.object({
  nodeId: id64,
  requestedBy: v.optional(text(LEARNING_LIMITS.name), ''),
  requestedAt: finite,
  decider: v.optional(text(LEARNING_LIMITS.name), ''),
  due: v.optional(v.nullable(IsoDate), null),
  outcome: v.optional(v.nullable(v.picklist(OUTCOMES)), null),
  rationale: v.optional(text(LEARNING_LIMITS.text), ''),
  learning: v.optional(text(LEARNING_LIMITS.text), ''),
  evidence: v.optional(v.pipe(v.array(id64), v.maxLength(200)), []),
  votes: v.optional(v.pipe(v.array(id64), v.maxLength(50)), []),
  decidedAt: v.optional(v.nullable(finite), null),
  decidedBy: v.optional(text(LEARNING_LIMITS.name), ''),
  removed: v.optional(v.boolean(), false),
});

function readRecords<T>(
  map: Y.Map<unknown>,
  schema: v.GenericSchema<unknown, T & { removed: boolean }>,
  field: string,
  issues: ReadIssue[],
): Array<T & { id: string }> {
  const out: Array<T & { id: string }> = [];
  for (const [id, raw] of map.entries()) {
    const parsed =
      raw instanceof Y.Map && v.is(id64, id)
        ? v.safeParse(schema, Object.fromEntries(raw.entries()))
        : null;
    if (!parsed?.success) {
      issues.push({
        nodeId: '',
        field: `${field}.${String(id).slice(0, 64)}`,
        problem: parsed ? (parsed.issues[0]?.message ?? 'invalid') : 'not a record; skipped',
      });
      continue;
    }
    const { removed, ...record } = parsed.output;
    if (!removed) out.push({ id, ...(record as T) });
  }
  return out;
}

function group<T extends { nodeId: string }>(records: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of records) {
    let list = out.get(r.nodeId);
    if (!list) out.set(r.nodeId, (list = []));
    list.push(r);
  }
  return out;
}

/** Reads evidence and decisions; never throws on peer-written content. */
export function readLearning(doc: Y.Doc): LearningState {
  const issues: ReadIssue[] = [];
  const evidence = readRecords<Omit<Evidence, 'id'>>(
    evidenceMap(doc),
    EvidenceSchema,
    'evidence',
    issues,
  ).sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      a.recordedAt - b.recordedAt ||
      (a.id < b.id ? -1 : 1),
  );
  const decisions = readRecords<Omit<Decision, 'id'>>(
    decisionsMap(doc),
    DecisionSchema,
    'decisions',
    issues,
  ).sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : 1));
  return { evidenceByNode: group(evidence), decisionsByNode: group(decisions), issues };
}

/** The open decision request of a node, if any (the latest). */
export function openDecision(state: LearningState, nodeId: string): Decision | undefined {
  return state.decisionsByNode
    .get(nodeId)
    ?.filter((d) => d.outcome === null)
    .at(-1);
}

/** Today as YYYY-MM-DD in UTC, for evidence dates and due dates. */
export const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
