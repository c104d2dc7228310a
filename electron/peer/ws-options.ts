// ws 8.23 takes `closeTimeout` (how long to wait for the peer's close frame before
// destroying the socket, 30 s by default); @types/ws 8.18 does not list it yet.
import type {} from 'ws';

declare module 'ws' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merging into @types/ws's namespace
  namespace WebSocket {
    interface ServerOptions {
      closeTimeout?: number | undefined;
    }
    interface ClientOptions {
      closeTimeout?: number | undefined;
    }
  }
}

export {};
