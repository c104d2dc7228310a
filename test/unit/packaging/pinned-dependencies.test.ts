/**
 * Every direct dependency is pinned to one release, so `npm install` on another day
 * builds the same app. A caret on a 0.x package is how `@y/websocket-server@^0.1.1`
 * came to resolve to 0.1.5, which needs a Yjs 14 release candidate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const direct = { ...manifest.dependencies, ...manifest.devDependencies };
/** A plain release: no range, no pre-release tag, no build metadata. */
const EXACT_RELEASE = /^\d+\.\d+\.\d+$/;

describe('package.json', () => {
  it('pins every dependency to an exact release', () => {
    const loose = Object.entries(direct).filter(([, spec]) => !EXACT_RELEASE.test(spec));
    expect(loose, 'write exact versions: npm install --save-exact pkg@x.y.z').toEqual([]);
  });

  it('agrees with the lockfile, which installs exactly the pinned versions', () => {
    const root = lock.packages[''];
    expect(root?.dependencies).toEqual(manifest.dependencies);
    expect(root?.devDependencies).toEqual(manifest.devDependencies);
    for (const [name, version] of Object.entries(direct))
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  });

  it('installs no pre-release of Yjs or its family, however deep', () => {
    const yjsFamily = /(^|\/)(yjs|y-[\w-]+|@y\/[\w-]+|lib0)$/;
    const prereleases = Object.entries(lock.packages)
      .filter(([where, entry]) => yjsFamily.test(where) && entry.version?.includes('-'))
      .map(([where, entry]) => `${where}@${entry.version}`);
    expect(prereleases).toEqual([]);
  });
});
