import { describe, expect, it } from 'vitest';
import { groupHeading, spreadOverlapping } from '../../../renderer/src/flow/spread-points';

const options = { near: 2, width: 0.6, maxStep: 0.15 };
const point = (x: number, y: number, title: string) => ({ x, y, title, column: `Column ${x}` });

describe('spreadOverlapping', () => {
  it('sets three cards at the same age side by side, centred on their column', () => {
    const out = spreadOverlapping(
      [point(3, 40, 'C'), point(3, 40, 'A'), point(3, 40, 'B')],
      options,
    );
    expect(out.map((p) => [p.title, p.x])).toEqual([
      ['A', 2.85],
      ['B', 3],
      ['C', 3.15],
    ]);
    expect(out.every((p) => p.group.length === 3)).toBe(true);
    expect(out.every((p) => p.y === 40)).toBe(true);
  });

  it('leaves a card alone where it is, and points far apart apart', () => {
    const out = spreadOverlapping([point(3, 40, 'A'), point(3, 10, 'B'), point(4, 40, 'C')], {
      ...options,
    });
    expect(out.map((p) => [p.title, p.x, p.group.length])).toEqual([
      ['B', 3, 1],
      ['A', 3, 1],
      ['C', 4, 1],
    ]);
  });

  it('groups points that are near each other, not only equal', () => {
    const out = spreadOverlapping(
      [point(1, 10, 'A'), point(1, 11.5, 'B'), point(1, 13, 'C')],
      options,
    );
    expect(out.map((p) => p.group.length)).toEqual([3, 3, 3]);
  });

  it('keeps a large group within its share of the column', () => {
    const many = Array.from({ length: 13 }, (_, i) => point(2, 5, `Item ${i}`));
    const xs = spreadOverlapping(many, options).map((p) => p.x);
    expect(Math.min(...xs)).toBeCloseTo(1.7);
    expect(Math.max(...xs)).toBeCloseTo(2.3);
    expect(new Set(xs).size).toBe(13);
  });
});

describe('groupHeading', () => {
  it('says how many items, at what age, and where', () => {
    expect(groupHeading([point(1, 40, 'A'), point(1, 40, 'B')], 'days in')).toBe(
      '2 items at 40 days in Column 1',
    );
    expect(groupHeading([point(1, 38.5, 'A'), point(1, 40, 'B')], 'days in')).toBe(
      '2 items at 38.5–40 days in Column 1',
    );
  });
});
