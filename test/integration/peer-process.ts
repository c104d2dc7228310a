/** A workshop peer in its own process (electron/peer/peer-cli.ts), driven over stdio. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { canonicalJson } from '../fuzz/convergence';

export interface PeerProcess {
  child: ChildProcess;
  port: number;
  peerId: string;
  loaded: { records: number; tornBytes: number };
  request(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  snapshot(): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnPeer(args: string[]): Promise<PeerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/peer/peer-cli.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  let nextId = 1;
  let onListening: (m: Record<string, unknown>) => void = () => {};
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    onListening = resolve;
    child.once('exit', (code) => reject(new Error(`peer exited early (${code})`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.event === 'listening') onListening(message);
    const id = message.id as number | undefined;
    if (id !== undefined) {
      waiting.get(id)?.(message);
      waiting.delete(id);
    }
  });
  const ready = await listening;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = (command: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  return {
    child,
    port: ready.port as number,
    peerId: ready.peerId as string,
    loaded: ready.loaded as PeerProcess['loaded'],
    request,
    async snapshot() {
      return canonicalJson((await request({ op: 'snapshot' })).snapshot);
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
