/**
 * A participant's ballot while they make it: what +/− does to their dots, what is left
 * of their share, which scores are complete, and whether what they see is what the
 * host holds. The host checks every ballot again (rounds.ts ballotProblem); these
 * rules only keep the screen from offering what it would refuse.
 */
import {
  CRITERIA,
  type Ballot,
  type Criterion,
  type RoundConfig,
} from '../../../../shared/sync/room/rounds';

type Dots = Extract<RoundConfig, { kind: 'dots' }>;
type Budget = Extract<RoundConfig, { kind: 'budget' }>;
export type Counts = Record<string, number>;
export type Scores = Record<string, Partial<Record<Criterion, number>>>;
export type FullScores = Extract<Ballot, { scores: unknown }>['scores'];

const sum = (counts: Counts) => Object.values(counts).reduce((a, n) => a + n, 0);

export const dotsLeft = (config: Dots, dots: Counts) => config.dots - sum(dots);

/** Whether one more dot may go on `id`. */
export const canAddDot = (config: Dots, dots: Counts, id: string) =>
  dotsLeft(config, dots) > 0 && (dots[id] ?? 0) < config.cap;

/** `dots` with one more (+1) or one fewer (−1) on `id`; items at 0 are left out. */
export function changeDots(dots: Counts, id: string, by: 1 | -1): Counts {
  const next = { ...dots, [id]: Math.max(0, (dots[id] ?? 0) + by) };
  if (next[id] === 0) delete next[id];
  return next;
}

export const budgetLeft = (config: Budget, budget: Counts) => config.budget - sum(budget);

/** A typed amount: a whole number ≥ 0, or null when it is not one. */
export function parseAmount(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  return /^\d{1,10}$/.test(t) ? Number(t) : null;
}

/** The items scored on every criterion (what a score ballot may carry). */
export function completeScores(scores: Scores): FullScores {
  const out: FullScores = {};
  for (const [id, s] of Object.entries(scores))
    if (CRITERIA.every((c) => s[c] !== undefined)) out[id] = s as FullScores[string];
  return out;
}

/** The same ballot, whatever the order of its keys (what the host holds vs the screen). */
export function sameBallot(a: Ballot | null, b: Ballot | null): boolean {
  return canonical(a) === canonical(b);
}

function canonical(ballot: Ballot | null): string {
  if (!ballot) return 'null';
  const sortKeys = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, sortKeys(v)]),
        )
      : value;
  return JSON.stringify(sortKeys(ballot));
}
