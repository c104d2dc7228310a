import { describe, expect, it } from 'vitest';
import { isValidOrderKey, orderKeyAt, orderKeysAt } from '../../../shared/model';

/** Asserts lower < key < upper (null means unbounded), by the string order the tree sorts by. */
function expectBetween(key: string, lower: string | null, upper: string | null) {
  expect(isValidOrderKey(key)).toBe(true);
  if (lower !== null) expect(key > lower, `${key} > ${lower}`).toBe(true);
  if (upper !== null) expect(key < upper, `${key} < ${upper}`).toBe(true);
}

describe('isValidOrderKey', () => {
  it.each(['a0', 'a1', 'a0V', 'b00', 'Zz', 'a0V1'])('accepts %j', (key) => {
    expect(isValidOrderKey(key)).toBe(true);
  });

  it.each(['', 'a', 'b', 'A', 'zzz', 'a00', 'a0V0', ' a0', 'a0 ', 'a0~', 'a0!', 'a0é'])(
    'rejects %j',
    (key) => {
      expect(isValidOrderKey(key)).toBe(false);
    },
  );
});

describe('orderKeyAt', () => {
  it('makes a first key for an empty sibling list', () => {
    expectBetween(orderKeyAt([], 0), null, null);
  });

  it('places a key before, between and after valid neighbours', () => {
    const siblings = ['a0', 'a1', 'a2'];
    expectBetween(orderKeyAt(siblings, 0), null, 'a0');
    expectBetween(orderKeyAt(siblings, 1), 'a0', 'a1');
    expectBetween(orderKeyAt(siblings, 2), 'a1', 'a2');
    expectBetween(orderKeyAt(siblings, 3), 'a2', null);
  });

  it('clamps an index outside the list', () => {
    const siblings = ['a0', 'a1'];
    expectBetween(orderKeyAt(siblings, 99), 'a1', null);
    expectBetween(orderKeyAt(siblings, -5), null, 'a0');
  });

  it('skips an equal upper neighbour (left by concurrent inserts) to the next greater key', () => {
    // Two concurrent inserts made the same key: between them no key exists.
    expectBetween(orderKeyAt(['a0', 'a0', 'a1'], 1), 'a0', 'a1');
    expectBetween(orderKeyAt(['a0', 'a0', 'a0', 'a1'], 2), 'a0', 'a1');
  });

  it('appends after a run of equal keys that reaches the end', () => {
    expectBetween(orderKeyAt(['a0', 'a0'], 1), 'a0', null);
  });

  it('inserts before a run of equal keys', () => {
    expectBetween(orderKeyAt(['a3', 'a3'], 0), null, 'a3');
  });

  it('skips invalid neighbour keys on either side', () => {
    // 'zzz' is not a fractional-indexing key; it must not make generation throw.
    expectBetween(orderKeyAt(['a0', 'zzz', 'a2'], 1), 'a0', 'a2');
    expectBetween(orderKeyAt(['a0', 'zzz', 'a2'], 2), 'a0', 'a2');
    expectBetween(orderKeyAt(['', 'a5'], 1), null, 'a5');
    expectBetween(orderKeyAt(['a5', 'a00'], 2), 'a5', null);
    expectBetween(orderKeyAt(['a00', 'zzz'], 1), null, null);
  });

  it('skips keys with characters outside base 62 (they would sort on the wrong side)', () => {
    // Taken as the lower bound, 'a0~' produced 'a0V', which sorts before the valid 'a0W'.
    expectBetween(orderKeyAt(['a0W', 'a0~', 'a1'], 2), 'a0W', 'a1');
    expectBetween(orderKeyAt(['a0', 'a0 ', 'a0V'], 1), 'a0', 'a0V');
    expectBetween(orderKeyAt(['a0', 'a0!'], 2), 'a0', null);
  });

  it('handles invalid and equal keys together', () => {
    expectBetween(orderKeyAt(['a1', 'a1', 'a10', 'a4'], 2), 'a1', 'a4');
  });
});

describe('orderKeysAt', () => {
  it('returns `count` distinct ascending keys strictly between the neighbours', () => {
    const keys = orderKeysAt(['a0', 'a1'], 1, 5);
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    expect([...keys].sort()).toEqual(keys);
    for (const k of keys) expectBetween(k, 'a0', 'a1');
  });

  it('works with equal and invalid neighbours', () => {
    const keys = orderKeysAt(['a0', 'a0', '???', 'a0', 'a2'], 1, 3);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(3);
    for (const k of keys) expectBetween(k, 'a0', 'a2');
  });

  it('prepends and appends runs of keys', () => {
    const before = orderKeysAt(['a5'], 0, 3);
    const after = orderKeysAt(['a5'], 1, 3);
    for (const k of before) expectBetween(k, null, 'a5');
    for (const k of after) expectBetween(k, 'a5', null);
    expect([...before].sort()).toEqual(before);
    expect([...after].sort()).toEqual(after);
  });
});
