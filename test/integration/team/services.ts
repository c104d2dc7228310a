/**
 * Real PostgreSQL and Redis servers for the team-server tests, each on 127.0.0.1 on a
 * free port with its data in a temporary folder, started and stopped by the test.
 * PostgreSQL refuses to run as root: as root, its processes run as the `postgres`
 * user (Debian's package creates it). `.ci/run` installs both packages; locally, tests
 * that need them skip with the reason when the binaries are missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The folder with Debian's initdb and postgres (not on PATH there), or null. */
export function postgresBin(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

export function redisBin(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.stdout.trim() || null;
}

/** Why the team-server tests cannot run here, or null when they can. */
export function missingServices(): string | null {
  const missing = [];
  if (!postgresBin()) missing.push('PostgreSQL (apt-get install postgresql)');
  if (!redisBin()) missing.push('Redis (apt-get install redis-server)');
  return missing.length ? `skipped: ${missing.join(' and ')} not installed` : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

function ids(user: string): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error(`running as root, PostgreSQL needs the "${user}" user; install postgresql`);
  return { uid, gid };
}

/** Starts a process and resolves once a line of its output matches `ready`. */
function startUntil(
  command: string,
  args: string[],
  ready: RegExp,
  options: { uid?: number; gid?: number } = {},
): Promise<{ child: ChildProcess; output: string[] }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}):\n${output.join('\n')}`)),
    );
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (ready.test(line)) resolve({ child, output });
      });
  });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const root = process.getuid?.() === 0;
  // As root, the data folder must be reachable by the postgres user: /tmp is.
  const dir = mkdtempSync(path.join(root ? '/tmp' : tmpdir(), 'canopy-pg-'));
  const user: { uid?: number; gid?: number } = root ? ids('postgres') : {};
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'canopy', '--no-sync', '-E', 'UTF8'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  // fsync stays on (the default): acknowledged means on disk.
  const { child, output } = await startUntil(
    path.join(bin, 'postgres'),
    ['-D', data, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
    /ready to accept connections/,
    user,
  );
  return {
    url: `postgres://canopy@127.0.0.1:${port}/postgres`,
    port,
    child,
    output,
    async stop() {
      await stopChild(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startRedis(): Promise<Service> {
  const bin = redisBin();
  if (!bin) throw new Error('Redis is not installed');
  const port = await freePort();
  const { child, output } = await startUntil(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    output,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

/** Everything Redis is told, as `redis-cli MONITOR` prints it, until stopped. */
export async function monitorRedis(
  port: number,
): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const { child, output } = await startUntil('redis-cli', ['-p', String(port), 'monitor'], /^OK$/);
  return { lines: output, stop: () => stopChild(child, 'SIGTERM') };
}
