/** Statistics of benchmark samples, for every benchmark: one definition of each. */

/** The p-th percentile (nearest rank) of `values`, which need not be sorted. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export const median = (values: number[]): number => percentile(values, 50);

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
