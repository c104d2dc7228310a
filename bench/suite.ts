/** What a benchmark suite gives the runner (bench/run.ts). */

export type Unit = 'ms' | 'MB' | 'kB' | '×' | '%' | 'entries';

/** One figure from one run of a suite. */
export interface Measurement {
  metric: string;
  unit: Unit;
  value: number;
}

export interface Target {
  /** The figure must be at most this (lower is better for every unit here). */
  max: number;
  /** What the target is, in words, for the table. */
  label?: string;
}

export interface Suite {
  name: string;
  /** What it measures, one line. */
  description: string;
  /** Pairs compared in the same run: `metric` against its `baseline` (ratio = metric / baseline). */
  comparisons?: Array<{ metric: string; baseline: string; maxRatio?: number }>;
  targets?: Record<string, Target>;
  /** Runs this many times unless --runs says otherwise (browser suites are slow). */
  defaultRuns?: number;
  setup?(): Promise<void>;
  /** One run: every figure once. */
  run(): Promise<Measurement[]>;
  teardown?(): Promise<void>;
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

export const mb = (bytes: number) => bytes / (1024 * 1024);
