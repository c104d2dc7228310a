/**
 * The host's command line: a mistyped option gets a sentence and the usage, never a
 * stack trace, and --help prints the usage.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

async function runHost(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/host-cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, out, err };
}

describe('npm run host, its arguments', () => {
  it('refuses an unknown option in words, with the usage and without a stack trace', async () => {
    const { code, err } = await runHost(['--prot', '4455', '--data', '/nonexistent']);
    expect(code).toBe(2);
    expect(err).toContain("canopy host: Unknown option '--prot'");
    expect(err).toContain('usage: npm run host');
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('refuses an option without its value', async () => {
    const { code, err } = await runHost(['--data']);
    expect(code).toBe(2);
    expect(err).toMatch(/canopy host: Option '--data <value>' argument missing/);
  });

  it('prints the usage for --help', async () => {
    const { code, out } = await runHost(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: npm run host -- --port 4455 --data DIR');
  });
});
