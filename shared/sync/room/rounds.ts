/**
 * Honest input, sealed until the reveal: dot votes, budget allocation, WSJF-style
 * scoring and anonymous answers. Ballots go from each participant to the host only
 * (room channel), never into the shared document and never to another participant
 * before the facilitator reveals: every participant holds a full copy of the
 * document, so a ballot written there would be readable by all at once.
 *
 * Pure rules, checked by the host whatever a participant's app claims: a ballot must
 * fit its round (the items of the round, the dots, the cap per item, the budget, the
 * Fibonacci scale), one ballot per identity (a new one replaces it until the reveal),
 * and the tallies at the reveal. Answers to a prompt are kept without their authors.
 */
import * as v from 'valibot';
import type { RoundRecordData } from '../../model/rounds';

export const FIBONACCI = [1, 2, 3, 5, 8, 13, 20] as const;
export const CRITERIA = ['value', 'time', 'risk', 'size'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const MAX_ITEMS = 100;
export const MAX_ANSWERS_EACH = 20;
export const MAX_ANSWER_CHARS = 1000;

const NodeId = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));
const Whole = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

/** How the facilitator sets a round up. */
export const RoundConfigSchema = v.variant('kind', [
  v.object({
    kind: v.literal('dots'),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    items: v.pipe(v.array(NodeId), v.minLength(1), v.maxLength(MAX_ITEMS)),
    /** Dots each person has. */
    dots: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
    /** Most dots one person may put on one item. */
    cap: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
    mustUseAll: v.boolean(),
    /** Open vote: who voted what is revealed too (chosen before the round opens). */
    open: v.boolean(),
  }),
  v.object({
    kind: v.literal('budget'),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    items: v.pipe(v.array(NodeId), v.minLength(1), v.maxLength(MAX_ITEMS)),
    /** Each person's equal share, in whole units. */
    budget: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1e9)),
    unit: v.pipe(v.string(), v.maxLength(12)),
  }),
  v.object({
    kind: v.literal('score'),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    items: v.pipe(v.array(NodeId), v.minLength(1), v.maxLength(MAX_ITEMS)),
  }),
  v.object({
    kind: v.literal('prompt'),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    prompt: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  }),
]);
export type RoundConfig = v.InferOutput<typeof RoundConfigSchema>;

const Score = v.picklist(FIBONACCI);

export const BallotSchema = v.union([
  v.object({ abstain: v.literal(true) }),
  v.object({ dots: v.record(NodeId, Whole(100)) }),
  v.object({ budget: v.record(NodeId, Whole(1e9)) }),
  v.object({
    scores: v.record(NodeId, v.object({ value: Score, time: Score, risk: Score, size: Score })),
  }),
]);
export type Ballot = v.InferOutput<typeof BallotSchema>;

/** Why a ballot does not fit its round (said to its sender only). */
export function ballotProblem(config: RoundConfig, ballot: Ballot): string | null {
  if ('abstain' in ballot) return config.kind === 'prompt' ? 'answer the prompt instead' : null;
  const items = 'items' in config ? new Set(config.items) : new Set<string>();
  const entries = Object.entries(
    'dots' in ballot ? ballot.dots : 'budget' in ballot ? ballot.budget : ballot.scores,
  );
  if (entries.length > MAX_ITEMS) return 'too many items';
  for (const [id] of entries) if (!items.has(id)) return 'an item that is not in this round';
  if (config.kind === 'dots') {
    if (!('dots' in ballot)) return 'this round takes dots';
    let sum = 0;
    for (const [, n] of entries as [string, number][]) {
      if (n > config.cap) return `at most ${config.cap} dots on one item`;
      sum += n;
    }
    if (sum > config.dots) return `at most ${config.dots} dots in all`;
    if (config.mustUseAll && sum !== config.dots) return `use all ${config.dots} dots (or abstain)`;
    return null;
  }
  if (config.kind === 'budget') {
    if (!('budget' in ballot)) return 'this round takes a budget';
    const sum = (entries as [string, number][]).reduce((a, [, n]) => a + n, 0);
    return sum > config.budget ? `at most ${config.budget} ${config.unit} in all`.trim() : null;
  }
  if (config.kind === 'score') return 'scores' in ballot ? null : 'this round takes scores';
  return 'this round takes answers';
}

export interface DotsResult {
  kind: 'dots';
  /** Dots per item, every item of the round listed. */
  totals: Record<string, number>;
  voters: number;
  abstained: number;
  /** Only in an open vote: who put how many dots on each item. */
  byVoter?: Record<string, Record<string, number>>;
}
export interface BudgetResult {
  kind: 'budget';
  funding: Record<string, number>;
  voters: number;
  abstained: number;
  unit: string;
}
export interface ScoreResult {
  kind: 'score';
  /** Per item: average of each criterion, WSJF ((value + time + risk) / size) and rank (1 = first). */
  items: Record<
    string,
    {
      value: number;
      time: number;
      risk: number;
      size: number;
      wsjf: number;
      rank: number;
      scorers: number;
    }
  >;
  voters: number;
  abstained: number;
}
export interface PromptResult {
  kind: 'prompt';
  prompt: string;
  /** Shuffled; nothing says who wrote which. */
  answers: string[];
}
export type RoundResult = DotsResult | BudgetResult | ScoreResult | PromptResult;

/** Tallies a round's ballots (keyed by voter) or answers. */
export function tally(
  config: RoundConfig,
  ballots: ReadonlyMap<string, Ballot>,
  answers: readonly string[],
  shuffle: <T>(items: T[]) => T[],
): RoundResult {
  const cast = [...ballots.values()];
  const abstained = cast.filter((b) => 'abstain' in b).length;
  const voters = cast.length - abstained;
  if (config.kind === 'prompt')
    return { kind: 'prompt', prompt: config.prompt, answers: shuffle([...answers]) };
  const zero = () => Object.fromEntries(config.items.map((id) => [id, 0]));
  if (config.kind === 'dots') {
    const totals = zero();
    for (const b of cast)
      if ('dots' in b) for (const [id, n] of Object.entries(b.dots)) totals[id]! += n;
    const result: DotsResult = { kind: 'dots', totals, voters, abstained };
    if (config.open) {
      result.byVoter = {};
      for (const [key, b] of ballots) if ('dots' in b) result.byVoter[key] = b.dots;
    }
    return result;
  }
  if (config.kind === 'budget') {
    const funding = zero();
    for (const b of cast)
      if ('budget' in b) for (const [id, n] of Object.entries(b.budget)) funding[id]! += n;
    return { kind: 'budget', funding, voters, abstained, unit: config.unit };
  }
  const sums = new Map<
    string,
    { value: number; time: number; risk: number; size: number; n: number }
  >();
  for (const b of cast)
    if ('scores' in b)
      for (const [id, s] of Object.entries(b.scores)) {
        const t = sums.get(id) ?? { value: 0, time: 0, risk: 0, size: 0, n: 0 };
        for (const c of CRITERIA) t[c] += s[c];
        t.n++;
        sums.set(id, t);
      }
  const rows = config.items.map((id) => {
    const t = sums.get(id);
    const avg = (c: Criterion) => (t ? round2(t[c] / t.n) : 0);
    const [value, time, risk, size] = CRITERIA.map(avg) as [number, number, number, number];
    const wsjf = t && size ? round2((value + time + risk) / size) : 0;
    return { id, value, time, risk, size, wsjf, scorers: t?.n ?? 0 };
  });
  const ranked = [...rows].sort((a, b) => b.wsjf - a.wsjf || a.id.localeCompare(b.id));
  const items: ScoreResult['items'] = {};
  for (const r of rows) {
    const { id, ...rest } = r;
    items[id] = { ...rest, rank: ranked.indexOf(r) + 1 };
  }
  return { kind: 'score', items, voters, abstained };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * What the document keeps of a revealed round (shared/model/rounds.ts): the tallies,
 * and for an open vote who voted what by name. The answers of a prompt go in as cards.
 */
export function roundRecord(
  config: RoundConfig,
  result: RoundResult,
  at: number,
  nameOf: (key: string) => string,
): RoundRecordData {
  const base = { kind: config.kind, title: config.title, at, items: [] as string[] };
  if (result.kind === 'prompt')
    return { ...base, prompt: result.prompt, voters: 0, abstained: 0, answers: 0, unit: '' };
  const items = 'items' in config ? config.items : [];
  const common = { ...base, items, voters: result.voters, abstained: result.abstained };
  if (result.kind === 'dots')
    return {
      ...common,
      totals: result.totals,
      ...(result.byVoter && {
        byVoter: Object.entries(result.byVoter)
          .map(([key, dots]) => ({ name: nameOf(key).slice(0, 40), dots }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }),
      unit: '',
      prompt: '',
      answers: 0,
    };
  if (result.kind === 'budget')
    return { ...common, funding: result.funding, unit: result.unit, prompt: '', answers: 0 };
  return { ...common, scores: result.items, unit: '', prompt: '', answers: 0 };
}

/**
 * What the reveal tells each screen: the tallies (at most 100 items), not the texts
 * of the answers nor who voted what, which the document holds from this moment
 * (reveal.ts). 100 people's answers (20 each, up to 1,000 characters) would not fit
 * a room message, and a message too large ends the session of whoever receives it.
 */
export function announced(result: RoundResult): Record<string, unknown> {
  if (result.kind === 'prompt')
    return { kind: 'prompt', prompt: result.prompt, answers: result.answers.length };
  const { byVoter: _inDocument, ...rest } = result as RoundResult & { byVoter?: unknown };
  return rest;
}
