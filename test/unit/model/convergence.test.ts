import { describe, expect, it } from 'vitest';
import { runConvergence } from '../../fuzz/convergence';

/**
 * Seeds that once diverged. Each failed before its fix and stays here as a
 * regression test (found with `npm run fuzz`).
 *  94, 168, 206, 347, 516, 679: an undo racing a peer's move left a node without a
 *  `pos` value; the node vanished from the tree on every replica.
 *  100358: Yjs left structs pending after out-of-order delivery; healing now ends with
 *  a state-vector exchange, as every reconnect does.
 */
const PINNED_SEEDS = [94, 168, 206, 347, 516, 679, 100358];

describe('concurrent edits converge to one valid tree', () => {
  it.each(PINNED_SEEDS)('pinned seed %i', (seed) => {
    expect(runConvergence({ seed, replicas: 5, steps: 40 }).failures).toEqual([]);
  });

  // A few thousand iterations, split so the forks pool can spread them over cores.
  const BLOCKS = 4;
  const PER_BLOCK = 500;
  it.each(Array.from({ length: BLOCKS }, (_, b) => b))(
    'random block %i (500 iterations, 5 replicas)',
    (block) => {
      let commands = 0;
      const failures: string[] = [];
      for (let i = 0; i < PER_BLOCK; i++) {
        const seed = 100_000 + block * PER_BLOCK + i;
        const result = runConvergence({ seed, replicas: 5, steps: 40 });
        commands += result.commands;
        if (result.failures.length) failures.push(`seed ${seed}: ${result.failures[0]}`);
      }
      expect(failures).toEqual([]);
      expect(commands).toBeGreaterThan(PER_BLOCK * 15);
    },
  );

  it('with the board: concurrent card moves, column edits, evidence and decisions converge too (500 iterations)', () => {
    let commands = 0;
    const failures: string[] = [];
    for (let i = 0; i < 500; i++) {
      const seed = 200_000 + i;
      const result = runConvergence({ seed, replicas: 4, steps: 40, board: true });
      commands += result.commands;
      if (result.failures.length) failures.push(`seed ${seed}: ${result.failures[0]}`);
    }
    expect(failures).toEqual([]);
    expect(commands).toBeGreaterThan(500 * 20);
  });
});
