/**
 * npm run fuzz -- [--iterations N] [--seed S] [--replicas R] [--steps K]
 * Runs convergence iterations from seed S upward and prints any failing seed, which
 * belongs in PINNED_SEEDS in test/unit/model/convergence.test.ts.
 */
import { runConvergence } from './convergence';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const iterations = flag('iterations', 10_000);
const first = flag('seed', Date.now() % 1_000_000);
const replicas = flag('replicas', 5);
const steps = flag('steps', 40);

let commands = 0;
let refused = 0;
let deliveries = 0;
let failed = 0;
const started = performance.now();
for (let i = 0; i < iterations; i++) {
  const seed = first + i;
  const result = runConvergence({ seed, replicas, steps });
  commands += result.commands;
  refused += result.refused;
  deliveries += result.deliveries;
  if (result.failures.length) {
    failed++;
    console.error(`seed ${seed} diverged:\n${result.failures.slice(0, 3).join('\n')}`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${iterations} iterations × ${replicas} replicas, seeds ${first}…${first + iterations - 1}: ` +
    `${commands} commands (${refused} refused as invalid), ${deliveries} deliveries, ${failed} divergences, ${seconds} s`,
);
process.exit(failed ? 1 : 0);
