/**
 * `npm run dist [-- --mac] [--win] [--linux] [--dir]`: installers with
 * electron-builder.yml, after `npm run build`. With CANOPY_UPDATE_URL set, the apps
 * update themselves from that folder; signing and notarisation follow CSC_LINK,
 * APPLE_* and WIN_CSC_LINK (README, Packaging). Prints what it will do, then builds.
 */
import { parseArgs } from 'node:util';
import { build } from 'electron-builder';
import { distPlan, type DistPlan } from './dist-plan';

const USAGE = 'usage: npm run dist [-- --mac] [--win] [--linux] [--dir]';

let plan: DistPlan;
try {
  const { values } = parseArgs({
    options: {
      mac: { type: 'boolean' },
      win: { type: 'boolean' },
      linux: { type: 'boolean' },
      dir: { type: 'boolean' },
    },
  });
  plan = distPlan(values, process.env);
} catch (error) {
  console.error(`dist: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
for (const line of plan.summary) console.log(`dist: ${line}`);
const artifacts = await build(plan.builderOptions);
console.log(`dist: ${artifacts.length} files in release/`);
