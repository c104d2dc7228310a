/** How stances and outcomes are named wherever they are shown. */
import type { Outcome, Stance } from '../../../shared/model';

export const STANCE_LABEL: Record<Stance, string> = {
  supports: 'Supports',
  contradicts: 'Contradicts',
  inconclusive: 'Inconclusive',
};
export const OUTCOME_LABEL: Record<Outcome, string> = {
  persevere: 'Persevere',
  pivot: 'Pivot',
  stop: 'Stop',
  scale: 'Scale',
};
