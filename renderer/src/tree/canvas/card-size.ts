import type { NodeData } from '../../../../shared/model';

/**
 * Card sizes are computed from the data, not measured in the DOM: fonts differ from
 * machine to machine, and every peer must lay out the same picture.
 */
export const CARD_WIDTH = { vision: 320, goal: 260, bet: 250, initiative: 240 } as const;
const BASE_HEIGHT = 100;
const MEASURE_ROW = 20;
export const MAX_MEASURE_ROWS = 2;

export function cardSize(node: NodeData): { width: number; height: number } {
  const rows = Math.min(node.measures.length, MAX_MEASURE_ROWS);
  return { width: CARD_WIDTH[node.kind], height: BASE_HEIGHT + rows * MEASURE_ROW };
}
