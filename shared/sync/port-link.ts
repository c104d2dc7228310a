/**
 * Keeps two Y.Docs in step across a MessagePort: the window's document (stored in
 * IndexedDB) and the main process's copy (which the workshop peer syncs with the
 * network). Same y-protocols messages as between peers, without encryption: the
 * port never leaves the machine. Each side checks what it applies with its guard.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { DocChannel } from './doc-channel';
import { SyncError } from './errors';
import type { UpdateGuard } from './update-guard';
import { DEFAULT_LIMITS } from './wire';

export interface PortLike {
  postMessage(message: Uint8Array): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  start?(): void;
  close(): void;
}

export interface PortLinkOptions {
  doc: Y.Doc;
  awareness?: Awareness | null;
  guard: UpdateGuard;
  /** The other side sent something it should not have; the link is closed. */
  onError?(error: SyncError): void;
}

export interface PortLink {
  close(): void;
}

export function linkDocOverPort(port: PortLike, options: PortLinkOptions): PortLink {
  let open = true;
  let queue = Promise.resolve();
  const channel = new DocChannel({
    doc: options.doc,
    awareness: options.awareness ?? null,
    guard: options.guard,
    maxAwarenessBytes: DEFAULT_LIMITS.maxAwarenessBytes,
    isOpen: () => open,
    send: (kind, payload) => {
      if (!open) return;
      const message = new Uint8Array(payload.length + 1);
      message[0] = kind;
      message.set(payload, 1);
      port.postMessage(message);
    },
    onRefused: (e) => {
      options.onError?.(e);
      close();
    },
  });
  function close() {
    if (!open) return;
    open = false;
    channel.stop();
    port.onmessage = null;
    port.close();
  }
  port.onmessage = (event) => {
    const data = event.data as Uint8Array;
    // Checked by tag, not instanceof: a port may hand over bytes from another realm.
    if (Object.prototype.toString.call(data) !== '[object Uint8Array]') {
      options.onError?.(new SyncError('malformed', 'not bytes'));
      return close();
    }
    // One message at a time, in order: guard checks are asynchronous.
    queue = queue
      .then(() => (open ? channel.handle(data) : undefined))
      .catch((e: unknown) => {
        options.onError?.(e instanceof SyncError ? e : new SyncError('malformed', String(e)));
        close();
      });
  };
  port.start?.();
  channel.start();
  return { close };
}

/**
 * For the window's side of the port: what arrives from the main process has passed
 * the main process's guard already.
 */
export const alreadyCheckedGuard: UpdateGuard = {
  checkUpdate: (u) => (u.length ? Promise.resolve() : Promise.reject(new Error('empty update'))),
  checkStateVector: (v) =>
    v.length ? Promise.resolve() : Promise.reject(new Error('empty state vector')),
  close() {},
};
