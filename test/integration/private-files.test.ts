/**
 * The host's data folder is private: 0700, and host.json (the workshop code in plain
 * text), the log, its side files and the snapshots 0600, whether the host creates
 * them or finds them with looser modes (then it tightens them and says so). Real
 * files; POSIX modes only (Windows has none to check).
 */
import { once } from 'node:events';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeDataFolderPrivate } from '../../electron/host/private-files';
import { startHostProcess, type HostProcess } from './host-process';
import { CODE } from './peers';

const dir = mkdtempSync(path.join(tmpdir(), 'canopy-private-'));
const hosts: HostProcess[] = [];
afterEach(async () => {
  for (const { child } of hosts.splice(0))
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

function file(at: string, permissions: number, text = '{}'): string {
  writeFileSync(at, text);
  chmodSync(at, permissions);
  return at;
}

describe.skipIf(process.platform === 'win32')('the host’s private files', () => {
  it('creates a new data folder owner-only, parents included', () => {
    const data = path.join(dir, 'new', 'nested', 'data');
    expect(makeDataFolderPrivate(data)).toEqual([]);
    expect(mode(data)).toBe(0o700);
  });

  it('tightens what it finds looser, says what it changed, and leaves the rest', () => {
    const data = path.join(dir, 'loose');
    mkdirSync(path.join(data, 'snapshots'), { recursive: true });
    mkdirSync(path.join(data, 'web'));
    chmodSync(data, 0o755);
    chmodSync(path.join(data, 'snapshots'), 0o775);
    file(path.join(data, 'host.json'), 0o644);
    file(path.join(data, 'workshop.log'), 0o666);
    file(path.join(data, 'workshop.log.unreadable-2026-01-01T00-00-00Z.jsonl'), 0o640);
    file(path.join(data, 'snapshots', 'workshop-end-2026.canopy'), 0o644);
    const strict = file(path.join(data, 'snapshots', 'kept-read-only.canopy'), 0o400);
    const web = file(path.join(data, 'web', 'index.html'), 0o644);

    expect(makeDataFolderPrivate(data)).toEqual([
      `${data} (0755 → 0700)`,
      `${data}/host.json (0644 → 0600)`,
      `${data}/snapshots (0775 → 0700)`,
      `${data}/snapshots/workshop-end-2026.canopy (0644 → 0600)`,
      `${data}/workshop.log (0666 → 0600)`,
      `${data}/workshop.log.unreadable-2026-01-01T00-00-00Z.jsonl (0640 → 0600)`,
    ]);
    expect(mode(strict)).toBe(0o400);
    expect(mode(web)).toBe(0o644); // not the host's
    expect(makeDataFolderPrivate(data)).toEqual([]);
  });

  it('a host tightens an existing data folder at start, and creates its files owner-only', async () => {
    const data = path.join(dir, 'host');
    mkdirSync(data);
    chmodSync(data, 0o755);
    file(path.join(data, 'host.json'), 0o644, JSON.stringify({ code: CODE, docId: 'doc-1' }));

    const host = await startHostProcess(data, ['--code', CODE]);
    hosts.push(host);
    expect(host.output.join('\n')).toContain(
      `warning: made private (owner only): ${data} (0755 → 0700), ${data}/host.json (0644 → 0600).`,
    );
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, 'host.json'))).toBe(0o600);
    expect(mode(path.join(data, 'workshop.log'))).toBe(0o600);

    host.child.kill('SIGTERM');
    await once(host.child, 'exit');
    const snapshots = path.join(data, 'snapshots');
    expect(mode(snapshots)).toBe(0o700);
    const [snapshot] = readdirSync(snapshots);
    expect(snapshot).toMatch(/\.canopy$/);
    expect(mode(path.join(snapshots, snapshot!))).toBe(0o600);
  });

  it('creates host.json and the log owner-only', async () => {
    const data = path.join(dir, 'fresh');
    mkdirSync(data);
    chmodSync(data, 0o755); // as made by hand, or by host-process.ts for its web root
    const host = await startHostProcess(data, ['--code', CODE]);
    hosts.push(host);
    expect(host.output.join('\n')).toContain(
      `warning: made private (owner only): ${data} (0755 → 0700).`,
    );
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, 'host.json'))).toBe(0o600);
    expect(mode(path.join(data, 'workshop.log'))).toBe(0o600);
  });
});
