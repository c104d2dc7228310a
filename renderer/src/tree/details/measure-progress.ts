/**
 * How far a measure has come, at a glance: a pure function of its numbers, so the
 * bar in the details panel (and later the board) agree on what "on track" means.
 */
import type { Measure } from '../../../../shared/model';

export interface MeasureProgress {
  /** 0–1: share of the way from baseline to target (for "maintain": closeness to target). */
  ratio: number;
  /** The target is met (or, for "maintain", held within 5%). */
  achieved: boolean;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Tolerance for a "maintain" measure: within 5% of the target counts as held. */
export const MAINTAIN_TOLERANCE = 0.05;

export function measureProgress(
  m: Pick<Measure, 'baseline' | 'target' | 'current' | 'direction'>,
): MeasureProgress | null {
  const { baseline, target, current } = m;
  if (target === null || current === null) return null;
  switch (m.direction) {
    case 'increase': {
      const start = baseline ?? 0;
      const achieved = current >= target;
      if (target <= start) return { ratio: achieved ? 1 : 0, achieved };
      return { ratio: clamp01((current - start) / (target - start)), achieved };
    }
    case 'decrease': {
      const achieved = current <= target;
      if (baseline === null || baseline <= target) {
        if (achieved) return { ratio: 1, achieved };
        // No usable baseline: how close the current value is to the target.
        return { ratio: target > 0 && current > 0 ? clamp01(target / current) : 0, achieved };
      }
      return { ratio: clamp01((baseline - current) / (baseline - target)), achieved };
    }
    case 'maintain': {
      const scale = Math.abs(target) || 1;
      const deviation = Math.abs(current - target) / scale;
      return { ratio: clamp01(1 - deviation), achieved: deviation <= MAINTAIN_TOLERANCE };
    }
  }
}

/** Parses a number typed by a person: '' is "not set" (null); anything else invalid is undefined. */
export function parseNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
