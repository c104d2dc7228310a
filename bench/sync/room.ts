/**
 * The sync suite's room of 100: one editor in the bench's process, the 99 others
 * spread over child processes (room-clients.ts), so the clients are not what is
 * measured. Edit-to-remote latency is timed on CLOCK_MONOTONIC, which every process
 * on the machine shares.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type * as Y from 'yjs';
import { CanopyDoc } from '../../shared/model';
import type { ClientsConfig } from './room-clients';

export const ROOM_PEERS = 100;
/** Child processes the 99 receivers are spread over. */
const PROCESSES = 4;

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One child process of clients, and the lines it prints, in order. */
class ClientProcess {
  private readonly lines: Array<Record<string, unknown>> = [];
  private wake: (() => void) | null = null;
  private exited = false;

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
      this.wake?.();
    });
    child.once('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  send(message: object): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  /** The next line with `key`, waiting for it. */
  async next(key: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.lines.findIndex((l) => key in l);
      if (i >= 0) return this.lines.splice(i, 1)[0]!;
      if (this.exited) throw new Error(`bench: a client process exited before "${key}"`);
      if (Date.now() > deadline) throw new Error(`bench: timed out waiting for "${key}"`);
      await Promise.race([new Promise<void>((r) => (this.wake = r)), delay(1000)]);
      this.wake = null;
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.send({ stop: true });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export interface RoomSetup {
  transport: 'host' | 'relay';
  port: number;
  code: string;
  node: string;
  stateVector: Map<number, number>;
}

/**
 * Joins ROOM_PEERS - 1 clients from child processes at once (a room arriving; timed
 * until every one holds the whole document), then times `edits` title edits by
 * `editor` until every one of them has each; `whileIn` runs while all are in.
 */
export async function roomLatencies(
  setup: RoomSetup,
  editor: Y.Doc,
  edits: number,
  whileIn: () => void,
  /** The server's CPU time so far, in ms. */
  serverCpuMs: () => number,
): Promise<{ samples: number[]; joinMs: number; joinCpuMs: number; editCpuMs: number }> {
  const receivers = ROOM_PEERS - 1;
  const processes: ClientProcess[] = [];
  try {
    const joinStart = monotonicMs();
    const cpuStart = serverCpuMs();
    let first = 1;
    for (let p = 0; p < PROCESSES; p++) {
      const count = Math.floor(receivers / PROCESSES) + (p < receivers % PROCESSES ? 1 : 0);
      const config: ClientsConfig = {
        transport: setup.transport,
        port: setup.port,
        code: setup.code,
        count,
        node: setup.node,
        stateVector: [...setup.stateVector],
        first,
      };
      first += count;
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/sync/room-clients.ts', JSON.stringify(config)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      processes.push(new ClientProcess(child));
    }
    for (const p of processes) await p.next('joined', 300_000);
    const joinMs = monotonicMs() - joinStart;
    const joinCpuMs = serverCpuMs() - cpuStart;

    const model = new CanopyDoc(editor);
    const samples: number[] = [];
    const editsStart = serverCpuMs();
    for (let e = 0; e < edits; e++) {
      const title = `Room edit ${e} ${Math.random().toString(36).slice(2, 6)}`;
      for (const p of processes) p.send({ expect: title, id: e });
      for (const p of processes) await p.next('ready');
      const start = monotonicMs();
      model.updateNode(setup.node, { title });
      for (const p of processes) {
        const { at } = (await p.next('arrived')) as { at: number[] };
        for (const t of at) samples.push(t - start);
      }
      await delay(5);
    }
    const editCpuMs = (serverCpuMs() - editsStart) / edits;
    model.destroy();
    whileIn();
    return { samples, joinMs, joinCpuMs, editCpuMs };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}
