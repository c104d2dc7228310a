/** The team server (`npm run team-server`) in a process of its own, and members for it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../../electron/peer/worker-update-guard';
import {
  connectTeam,
  type TeamConnection,
  type TeamStatus,
} from '../../../shared/team/team-client';

export interface TeamServerProcess {
  child: ChildProcess;
  port: number;
  output: string[];
}

export async function startTeamServerProcess(
  database: string,
  extra: string[] = [],
): Promise<TeamServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/team-server/team-server-cli.ts',
      ...['--database', database, '--port', '0', '--bind', '127.0.0.1', ...extra],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`team server exited (${code}): ${output.join('\n')}`)),
    );
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.startsWith('{"event":"listening"'))
          resolve((JSON.parse(line) as { port: number }).port);
      });
  });
  return { child, port, output };
}

export interface Member {
  doc: Y.Doc;
  connection: TeamConnection;
  statuses: TeamStatus[];
  /** Resolves with the first status that passes `test`. */
  waitForStatus(test: (s: TeamStatus) => boolean, what: string): Promise<TeamStatus>;
  close(): void;
}

export function joinTeam(options: {
  port: number;
  token: string;
  key: Uint8Array;
  docId: string;
  doc?: Y.Doc;
  roomOverride?: string;
  compactAfter?: number;
}): Member {
  const doc = options.doc ?? new Y.Doc();
  const guard = new WorkerUpdateGuard();
  const statuses: TeamStatus[] = [];
  const waiters: Array<() => void> = [];
  const connection = connectTeam({
    access: {
      server: `ws://127.0.0.1:${options.port}`,
      token: options.token,
      key: options.key,
      docId: options.docId,
    },
    doc,
    guard,
    WebSocket,
    roomOverride: options.roomOverride,
    compactAfter: options.compactAfter,
    compactDelayMs: 50,
    onStatus: (s) => {
      statuses.push(s);
      for (const w of waiters.splice(0)) w();
    },
  });
  return {
    doc,
    connection,
    statuses,
    async waitForStatus(test, what) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = statuses.find(test);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}: ${JSON.stringify(statuses.at(-1))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close() {
      connection.close();
      guard.close();
    },
  };
}
