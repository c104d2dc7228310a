/**
 * Revealed rounds: what a dot vote, a budget round, a scoring round or an anonymous
 * prompt came to, once the facilitator revealed it. Ballots never enter the document
 * (every participant holds a full copy of it); only the result does, written once by
 * the workshop's host at the moment of the reveal (shared/sync/room/room-host.ts).
 *
 *   rounds       Y.Map  roundId → RoundRecord (plain, written whole, once)
 *   answerCards  Y.Map  cardId → AnswerCard (plain; the room groups them and turns
 *                       them into evidence, assumptions or items)
 *
 * Only an open vote, chosen before it started, names who voted what (`byVoter`).
 * Answer cards carry no author: the host shuffled them before they were written.
 * Read through schemas like every peer-written record: a bad value is skipped.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import type { ReadIssue } from './read';
import { ROOT_KEYS } from './schema';

export const ROUND_KINDS = ['dots', 'budget', 'score', 'prompt'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROUND_KIND_LABEL: Record<RoundKind, string> = {
  dots: 'Dot vote',
  budget: 'Budget',
  score: 'Scores (WSJF)',
  prompt: 'Anonymous prompt',
};

export const ROUND_LIMITS = {
  title: 120,
  items: 100,
  voters: 500,
  prompt: 500,
  answer: 1000,
  answers: 2000,
  group: 60,
  name: 40,
} as const;

const id64 = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e12));
const finite = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e6));
const perItem = <T extends v.GenericSchema>(value: T) =>
  v.pipe(
    v.record(id64, value),
    v.check((r) => Object.keys(r).length <= ROUND_LIMITS.items, 'too many items'),
  );

export const ItemScoreSchema = v.object({
  value: finite,
  time: finite,
  risk: finite,
  size: finite,
  /** (value + time + risk) / size, from the averages. */
  wsjf: finite,
  /** 1 = first. */
  rank: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(ROUND_LIMITS.items)),
  scorers: count,
});
export type ItemScore = v.InferOutput<typeof ItemScoreSchema>;

export const RoundRecordSchema = v.object({
  kind: v.picklist(ROUND_KINDS),
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(ROUND_LIMITS.title)),
  /** When it was revealed (the host's clock, ms). */
  at: v.pipe(v.number(), v.finite(), v.minValue(0)),
  /** The items voted on, in the order the round listed them (none for a prompt). */
  items: v.optional(v.pipe(v.array(id64), v.maxLength(ROUND_LIMITS.items)), []),
  voters: count,
  abstained: v.optional(count, 0),
  /** Dots per item. */
  totals: v.optional(perItem(count)),
  /** An open dot vote only: who put how many dots where. */
  byVoter: v.optional(
    v.pipe(
      v.array(v.object({ name: text(ROUND_LIMITS.name), dots: perItem(count) })),
      v.maxLength(ROUND_LIMITS.voters),
    ),
  ),
  /** Budget per item. */
  funding: v.optional(perItem(count)),
  unit: v.optional(text(12), ''),
  scores: v.optional(perItem(ItemScoreSchema)),
  prompt: v.optional(text(ROUND_LIMITS.prompt), ''),
  /** How many answers a prompt received (the cards hold them). */
  answers: v.optional(count, 0),
});
export type RoundRecordData = v.InferOutput<typeof RoundRecordSchema>;

export interface RoundRecord extends RoundRecordData {
  id: string;
  /** The items best first: most dots or funding, or the best WSJF rank. */
  ranking: string[];
}

export const ANSWER_USES = ['evidence', 'assumption', 'item'] as const;
export type AnswerUse = (typeof ANSWER_USES)[number];

export const AnswerCardSchema = v.object({
  round: id64,
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(ROUND_LIMITS.answer)),
  /** Its place in the shuffled order. */
  order: count,
  group: v.optional(text(ROUND_LIMITS.group), ''),
  /** What the room turned it into, if anything: the record's or item's id. */
  used: v.optional(
    v.nullable(v.object({ as: v.picklist(ANSWER_USES), id: id64, nodeId: id64 })),
    null,
  ),
});
export type AnswerCardData = v.InferOutput<typeof AnswerCardSchema>;
export interface AnswerCard extends AnswerCardData {
  id: string;
}

export interface RoundsState {
  /** Oldest reveal first. */
  rounds: RoundRecord[];
  /** Per round, in the revealed (shuffled) order. */
  cardsByRound: Map<string, AnswerCard[]>;
  issues: ReadIssue[];
}

export const roundsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.rounds);
export const answerCardsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.answerCards);

/** The items of a round best first (ties keep the round's own order). */
export function rankItems(r: RoundRecordData): string[] {
  const order = new Map(r.items.map((id, i) => [id, i]));
  const score = (id: string): number =>
    r.kind === 'dots'
      ? (r.totals?.[id] ?? 0)
      : r.kind === 'budget'
        ? (r.funding?.[id] ?? 0)
        : r.kind === 'score'
          ? -(r.scores?.[id]?.rank ?? Infinity)
          : 0;
  return [...r.items].sort((a, b) => score(b) - score(a) || order.get(a)! - order.get(b)!);
}

/** Reads the revealed rounds and their answer cards; never throws on peer-written content. */
export function readRounds(doc: Y.Doc): RoundsState {
  const issues: ReadIssue[] = [];
  const rounds: RoundRecord[] = [];
  for (const [id, raw] of roundsMap(doc).entries()) {
    const parsed = v.is(id64, id) ? v.safeParse(RoundRecordSchema, raw) : null;
    if (!parsed?.success) {
      issues.push({ nodeId: '', field: `rounds.${id.slice(0, 64)}`, problem: 'invalid; skipped' });
      continue;
    }
    rounds.push({ id, ...parsed.output, ranking: rankItems(parsed.output) });
  }
  rounds.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const cardsByRound = new Map<string, AnswerCard[]>();
  for (const [id, raw] of answerCardsMap(doc).entries()) {
    const parsed = v.is(id64, id) ? v.safeParse(AnswerCardSchema, raw) : null;
    if (!parsed?.success) {
      issues.push({ nodeId: '', field: `answerCards.${id.slice(0, 64)}`, problem: 'invalid' });
      continue;
    }
    const list = cardsByRound.get(parsed.output.round) ?? [];
    list.push({ id, ...parsed.output });
    cardsByRound.set(parsed.output.round, list);
  }
  for (const list of cardsByRound.values()) list.sort((a, b) => a.order - b.order);
  return { rounds, cardsByRound, issues };
}

/** What one item got in one round: for the details panel, badges and the board's sort. */
export interface ItemResult {
  round: RoundRecord;
  /** 1 = first of `of`. */
  place: number;
  of: number;
  /** Dots, funding or WSJF. */
  value: number;
}

/** Every revealed result for an item, newest first. */
export function resultsFor(state: RoundsState, nodeId: string): ItemResult[] {
  const out: ItemResult[] = [];
  for (const round of state.rounds) {
    const place = round.ranking.indexOf(nodeId) + 1;
    if (!place) continue;
    out.push({ round, place, of: round.ranking.length, value: itemValue(round, nodeId) });
  }
  return out.reverse();
}

export function itemValue(round: RoundRecordData, nodeId: string): number {
  if (round.kind === 'dots') return round.totals?.[nodeId] ?? 0;
  if (round.kind === 'budget') return round.funding?.[nodeId] ?? 0;
  if (round.kind === 'score') return round.scores?.[nodeId]?.wsjf ?? 0;
  return 0;
}

/** How an item's result reads in a sentence or a badge: "12 dots", "€4,000", "WSJF 3.5". */
export function formatItemValue(round: RoundRecordData, value: number): string {
  if (round.kind === 'dots') return `${value} ${value === 1 ? 'dot' : 'dots'}`;
  if (round.kind === 'budget')
    return `${value.toLocaleString('en')}${round.unit ? ` ${round.unit}` : ''}`;
  if (round.kind === 'score') return `WSJF ${value}`;
  return '';
}
