/**
 * npm run fuzz -- [--suite tree|board|relay|all] [--iterations N] [--seed S|random]
 *                 [--replicas R] [--steps K]
 *
 * The long tier of the convergence tests (the quick one is in `npm test`). With no
 * options it runs both suites over the seeds `npm test` used to run: tree commands
 * (5 replicas) on seeds 100000–101999 and tree plus board commands (4 replicas) on
 * seeds 200000–200499, about 50 s of CPU; and a host relaying between 3 peers
 * (test/fuzz/relay.ts) on seeds 300000–301999, about 30 s. `--seed S` starts every chosen
 * suite at S, `--seed random` at a seed it prints, `--iterations N` runs N seeds per
 * suite. Every failing seed is printed with the command that replays it; a seed that
 * failed belongs in PINNED_SEEDS in test/unit/model/convergence.test.ts once fixed.
 * Exits 1 when any seed diverged.
 */
import { RELAY_SUITE, runRelay } from './relay';
import { runSeeds, SUITES, type SuiteName } from './suites';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const numberOption = (name: string): number | undefined => {
  const text = option(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} takes a whole number, not "${text}"`);
    process.exit(2);
  }
  return value;
};

const suiteOption = option('suite') ?? 'all';
if (suiteOption !== 'all' && suiteOption !== 'relay' && !(suiteOption in SUITES)) {
  console.error(`--suite is tree, board, relay or all, not "${suiteOption}"`);
  process.exit(2);
}
const suites = (
  suiteOption === 'all' ? Object.keys(SUITES) : suiteOption === 'relay' ? [] : [suiteOption]
) as SuiteName[];
const seedOption = option('seed');
const seed =
  seedOption === 'random' ? Math.floor(Math.random() * 1_000_000_000) : numberOption('seed');
const iterations = numberOption('iterations');
const overrides = { replicas: numberOption('replicas'), steps: numberOption('steps') };

let diverged = 0;
for (const name of suites) {
  const suite = SUITES[name];
  const first = seed ?? suite.firstSeed;
  const count = iterations ?? suite.defaultIterations;
  const replicas = overrides.replicas ?? suite.replicas;
  const started = performance.now();
  const result = runSeeds(name, first, count, overrides);
  for (const failure of result.failures) console.error(failure);
  diverged += result.failures.length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${name}: ${count} seeds × ${replicas} replicas, seeds ${first}…${first + count - 1}: ` +
      `${result.commands} commands (${result.refused} refused as invalid), ` +
      `${result.deliveries} deliveries, ${result.failures.length} divergences, ${seconds} s`,
  );
}
if (suiteOption === 'all' || suiteOption === 'relay') {
  const first = seed ?? RELAY_SUITE.firstSeed;
  const count = iterations ?? RELAY_SUITE.defaultIterations;
  const peers = overrides.replicas ?? RELAY_SUITE.peers;
  const steps = overrides.steps ?? RELAY_SUITE.steps;
  const started = performance.now();
  let failed = 0;
  for (let s = first; s < first + count; s++) {
    const failures = await runRelay(s, { peers, steps });
    if (!failures.length) continue;
    failed++;
    console.error(
      `seed ${s} (relay) diverged: ${failures[0]}\n  replay: npm run fuzz -- --suite relay --seed ${s} --iterations 1`,
    );
  }
  diverged += failed;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `relay: ${count} seeds × ${peers} peers and a hub, seeds ${first}…${first + count - 1}: ` +
      `${failed} divergences, ${seconds} s`,
  );
}
process.exit(diverged ? 1 : 0);
