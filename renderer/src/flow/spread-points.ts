/**
 * A scatter draws a dot per item; items at the same place (three cards 40 days in
 * Implementing) would be one dot, and the chart would say one. Dots close enough to
 * cover each other are spread side by side within their column, and each knows the
 * others of its group, so the tooltip can name them all.
 */
export interface ScatterPoint {
  /** The column's index (a category axis: one unit per column). */
  x: number;
  /** Days. */
  y: number;
  title: string;
  column?: string;
}

export interface SpreadPoint extends ScatterPoint {
  /** The items drawn together here, this one included, by age then title. */
  group: readonly ScatterPoint[];
}

export interface SpreadOptions {
  /** Points of one column closer than this on the y axis cover each other. */
  near: number;
  /** How much of a column (in x units) a group may spread over. */
  width: number;
  /** The most two neighbours are set apart (x units), for small groups. */
  maxStep: number;
}

/** Spreads overlapping points of each column side by side; others stay where they are. */
export function spreadOverlapping(
  points: readonly ScatterPoint[],
  { near, width, maxStep }: SpreadOptions,
): SpreadPoint[] {
  const byColumn = new Map<number, ScatterPoint[]>();
  for (const p of points) byColumn.set(p.x, [...(byColumn.get(p.x) ?? []), p]);
  const out: SpreadPoint[] = [];
  for (const column of byColumn.values()) {
    const sorted = [...column].sort((a, b) => a.y - b.y || a.title.localeCompare(b.title));
    // Runs of points each within `near` of the one before cover each other.
    let group: ScatterPoint[] = [];
    const flush = () => {
      const step = group.length > 1 ? Math.min(maxStep, width / (group.length - 1)) : 0;
      group.forEach((p, i) =>
        out.push({ ...p, x: p.x + (i - (group.length - 1) / 2) * step, group }),
      );
      group = [];
    };
    for (const p of sorted) {
      if (group.length && p.y - group[group.length - 1]!.y >= near) flush();
      group.push(p);
    }
    flush();
  }
  return out;
}

/** What a group's tooltip says first: "3 items at 40 days in Implementing". */
export function groupHeading(group: readonly ScatterPoint[], unit: string): string {
  const ys = group.map((p) => p.y);
  const low = Math.min(...ys);
  const high = Math.max(...ys);
  const at = low === high ? `${low}` : `${low}–${high}`;
  const column = group[0]?.column ? ` ${group[0].column}` : '';
  return `${group.length} items at ${at} ${unit}${column}`;
}
