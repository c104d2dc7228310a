/**
 * A Canopy team server: Hocuspocus with Canopy's extension (tokens, limits, envelope
 * checks, durable acknowledgements in PostgreSQL) and, to run several instances as one,
 * Hocuspocus's Redis extension. Strangers get little: a socket that has not
 * authenticated within 10 s, or that sends more than a few messages first, or whose
 * token was refused, is closed.
 */
import type { IncomingMessage } from 'node:http';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import type { Extension } from '@hocuspocus/server';
import { DEFAULT_MAX_UPDATE_BYTES } from '../../shared/team/envelope';
import { WorkerUpdateGuard } from '../peer/worker-update-guard';
import { CanopyExtension } from './canopy-extension';
import { TeamStore } from './store';

export interface TeamServerOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  /** redis://host:port; instances given the same Redis and database serve one team. */
  redisUrl?: string | null;
  maxUpdateBytes?: number;
  compactRows?: number;
  /** Accept plain Yjs documents too (the benchmark's baseline only). */
  plaintext?: boolean;
  name?: string;
  log?(line: string): void;
}

export interface TeamServer {
  port: number;
  store: TeamStore;
  close(): Promise<void>;
}

const AUTH_WINDOW_MS = 10_000;
const MESSAGES_BEFORE_AUTH = 16;

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const maxUpdateBytes = options.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
  const store = await TeamStore.open(options.databaseUrl, log);
  const guard = new WorkerUpdateGuard();
  const authenticated = new WeakSet<IncomingMessage>();
  const extensions: Extension[] = [
    new CanopyExtension({
      store,
      guard,
      maxUpdateBytes,
      compactRows: options.compactRows ?? 500,
      plaintext: options.plaintext,
      onAuthenticated: (request) => authenticated.add(request),
      onRefused: (request) => {
        // After Hocuspocus has written the refusal: end a stranger's socket, so it cannot
        // keep it to queue messages or try token after token.
        if (!authenticated.has(request)) setImmediate(() => request.socket.end());
      },
      log,
    }),
  ];
  if (options.redisUrl) {
    const url = new URL(options.redisUrl);
    extensions.push(
      new Redis({
        host: url.hostname,
        port: Number(url.port || 6379),
        prefix: 'canopy-team',
        options: { maxRetriesPerRequest: null },
      }),
    );
  }
  const server = new Server(
    {
      name: options.name ?? null,
      port: options.port ?? 4460,
      address: options.host ?? '127.0.0.1',
      quiet: true,
      stopOnSignals: false,
      extensions,
    },
    // A message a little larger than the largest update: its name and types.
    { maxPayload: maxUpdateBytes + 64 * 1024 },
  );
  server.webSocketServer.on('connection', (socket, request: IncomingMessage) => {
    let messages = 0;
    const timer = setTimeout(() => {
      if (!authenticated.has(request)) socket.terminate();
    }, AUTH_WINDOW_MS);
    socket.on('close', () => clearTimeout(timer));
    socket.on('message', () => {
      if (authenticated.has(request)) return;
      if (++messages > MESSAGES_BEFORE_AUTH) socket.terminate();
    });
  });
  await server.listen();
  return {
    port: server.address.port,
    store,
    async close() {
      await server.destroy();
      guard.close();
      await store.close();
    },
  };
}
