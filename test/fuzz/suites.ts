/**
 * The two convergence suites, shared by the quick tier in `npm test`
 * (test/unit/model/convergence.test.ts) and the long run in `npm run fuzz`
 * (run-fuzz.ts): the same seeds give the same runs in both, and a failure names
 * the command that replays it.
 */
import { runConvergence } from './convergence';

export interface FuzzSuite {
  replicas: number;
  steps: number;
  /** Board commands too: card moves, column edits, evidence and decisions. */
  board: boolean;
  /** Where the fuzz starts by default, and the quick tier's seeds begin. */
  firstSeed: number;
  /** Seeds `npm run fuzz` runs by default: what `npm test` ran before the tiers. */
  defaultIterations: number;
}

export const SUITES = {
  tree: { replicas: 5, steps: 40, board: false, firstSeed: 100_000, defaultIterations: 2_000 },
  board: { replicas: 4, steps: 40, board: true, firstSeed: 200_000, defaultIterations: 500 },
} as const satisfies Record<string, FuzzSuite>;

export type SuiteName = keyof typeof SUITES;

export interface SeedsResult {
  commands: number;
  refused: number;
  deliveries: number;
  /** One line per failing seed: the seed, the first failure and the replay command. */
  failures: string[];
}

/** The command that runs one seed again, with any settings that differ from the suite's. */
export function replayCommand(
  name: SuiteName,
  seed: number,
  overrides: { replicas?: number; steps?: number } = {},
): string {
  const suite = SUITES[name];
  const extra = [
    overrides.replicas !== undefined && overrides.replicas !== suite.replicas
      ? ` --replicas ${overrides.replicas}`
      : '',
    overrides.steps !== undefined && overrides.steps !== suite.steps
      ? ` --steps ${overrides.steps}`
      : '',
  ].join('');
  return `npm run fuzz -- --suite ${name} --seed ${seed} --iterations 1${extra}`;
}

/** Runs `count` seeds of a suite from `first` upward. */
export function runSeeds(
  name: SuiteName,
  first: number,
  count: number,
  overrides: { replicas?: number; steps?: number } = {},
): SeedsResult {
  const suite = SUITES[name];
  const result: SeedsResult = { commands: 0, refused: 0, deliveries: 0, failures: [] };
  for (let seed = first; seed < first + count; seed++) {
    const run = runConvergence({
      seed,
      replicas: overrides.replicas ?? suite.replicas,
      steps: overrides.steps ?? suite.steps,
      board: suite.board,
    });
    result.commands += run.commands;
    result.refused += run.refused;
    result.deliveries += run.deliveries;
    if (run.failures.length)
      result.failures.push(
        `seed ${seed} (${name}) diverged: ${run.failures[0]}\n  replay: ${replayCommand(name, seed, overrides)}`,
      );
  }
  return result;
}
