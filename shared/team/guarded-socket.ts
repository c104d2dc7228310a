/**
 * A WebSocket class for the Hocuspocus provider whose incoming Yjs updates pass the
 * update guard before the provider sees them. The provider applies the envelope's
 * updates itself, with no check; an honest server only relays what it checked, but a
 * server that is broken into could send bytes that hang Yjs's decoder (yjs 479, 498,
 * 687). Messages are handed on in the order they came, each after its check; one that
 * fails closes the socket, and the app says why (the provider reconnects later).
 */
import * as decoding from 'lib0/decoding';
import type { UpdateGuard } from '../sync/update-guard';

/** The parts of a WebSocket (browser or `ws`) the provider uses. */
interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
}

type SocketClass = new (url: string) => SocketLike;
type Listener = (event: unknown) => void;

/** Hocuspocus's sync message type, and y-protocols' step 2 and update. */
const MESSAGE_SYNC = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
/** WebSocket close code for a refused update (as CANOPY-105 on the LAN). */
export const GUARD_CLOSE_CODE = 4105;

/** The Yjs update a provider message carries, or null when it carries none. */
export function updateInMessage(data: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(data);
  decoding.readVarString(d);
  if (decoding.readVarUint(d) !== MESSAGE_SYNC) return null;
  const type = decoding.readVarUint(d);
  if (type !== SYNC_STEP2 && type !== SYNC_UPDATE) return null;
  return decoding.readVarUint8Array(d);
}

export function guardedWebSocket(
  Base: SocketClass,
  guard: UpdateGuard,
  onRefused: (reason: string) => void,
): SocketClass {
  return class GuardedSocket implements SocketLike {
    private readonly inner: SocketLike;
    private readonly listeners = new Map<Listener, Listener>();
    private queue: Promise<void> = Promise.resolve();
    private refused = false;

    constructor(url: string) {
      this.inner = new Base(url);
      // Closed while still connecting, Node's `ws` emits an error ("closed before the
      // connection was established"), and with no listener that would throw in the
      // main process. The close event that follows says what happened.
      this.inner.addEventListener('error', () => {});
    }

    get binaryType() {
      return this.inner.binaryType;
    }
    set binaryType(value: string) {
      this.inner.binaryType = value;
    }
    get readyState() {
      return this.inner.readyState;
    }
    send(data: unknown) {
      this.inner.send(data);
    }
    close(code?: number, reason?: string) {
      this.inner.close(code, reason);
    }

    addEventListener(type: string, listener: Listener) {
      if (type !== 'message') return this.inner.addEventListener(type, listener);
      const checked: Listener = (event) => {
        const data = (event as { data?: unknown }).data;
        const bytes =
          data instanceof ArrayBuffer
            ? new Uint8Array(data)
            : data instanceof Uint8Array
              ? data
              : null;
        this.queue = this.queue.then(async () => {
          if (this.refused) return;
          try {
            const update = bytes ? updateInMessage(bytes) : null;
            if (update) await guard.checkUpdate(update);
          } catch (e) {
            this.refused = true;
            onRefused(String((e as Error)?.message ?? e));
            this.inner.close(GUARD_CLOSE_CODE, 'update refused');
            return;
          }
          listener(event);
        });
      };
      this.listeners.set(listener, checked);
      this.inner.addEventListener(type, checked);
    }

    removeEventListener(type: string, listener: Listener) {
      const checked = this.listeners.get(listener);
      this.inner.removeEventListener(type, checked ?? listener);
      this.listeners.delete(listener);
    }
  };
}
