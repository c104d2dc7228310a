/**
 * The quick tier of the relay fuzz (test/fuzz/relay.ts): a hub relaying between
 * peers, early or from its update event, ends with every copy identical. A failing
 * seed is replayed with `npm run fuzz -- --suite relay --seed S --iterations 1`.
 */
import { describe, expect, it } from 'vitest';
import { RELAY_SUITE, runRelay } from '../../fuzz/relay';

const SEEDS = 40;
const first = RELAY_SUITE.firstSeed;

describe('a hub relaying between peers, random seeds', () => {
  it(`converges on every copy for seeds ${first}–${first + SEEDS - 1}`, async () => {
    const failures: string[] = [];
    for (let seed = first; seed < first + SEEDS; seed++)
      for (const f of await runRelay(seed)) failures.push(`seed ${seed}: ${f}`);
    expect(failures).toEqual([]);
  });
});
