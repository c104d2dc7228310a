/**
 * The headless host (electron/host/host-cli.ts) in a process of its own, as a test or
 * a benchmark needs it: on 127.0.0.1, a free port, no discovery, and a one-page web
 * app (in DATA/web), since the host will not start without one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface HostProcess {
  child: ChildProcess;
  port: number;
  /** Everything it printed, stdout and stderr, line by line. */
  output: string[];
}

/** The host as `npm run host` builds it (`npm run build:host`). */
export const HOST_BUNDLE = 'dist/host/host-cli.mjs';

export async function startHostProcess(
  dataDir: string,
  extra: string[] = [],
  /** Node options before the script, e.g. another --import. */
  nodeOptions: string[] = [],
  /** Run this built bundle (HOST_BUNDLE) rather than the source through tsx. */
  bundle?: string,
): Promise<HostProcess> {
  const webRoot = path.join(dataDir, 'web');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Canopy</title>');
  const child = spawn(
    process.execPath,
    [
      // As `npm run host` runs it: a small young generation keeps the host's resident
      // memory down (BENCHMARKS.md, memory).
      '--max-semi-space-size=2',
      ...nodeOptions,
      ...(bundle ? [bundle] : ['--import', 'tsx', 'electron/host/host-cli.ts']),
      ...['--port', '0', '--data', dataDir, '--bind', '127.0.0.1', '--no-discover'],
      ...['--web-root', webRoot, ...extra],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`host exited (${code}): ${output.join('\n')}`)));
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.startsWith('{"event":"listening"'))
          resolve((JSON.parse(line) as { port: number }).port);
      });
  });
  return { child, port, output };
}

/**
 * Signals a child and resolves once it has exited: only then may a test delete its
 * data folder (a host stopped with SIGTERM still writes its end-of-workshop snapshot).
 */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
