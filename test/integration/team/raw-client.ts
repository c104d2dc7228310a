/**
 * A stock Hocuspocus provider on a room, with none of Canopy's layer: what a stranger,
 * or a member with a token but without the key, can send.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface RawClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** The first refusal or close reason the server gave. */
  refusal: Promise<string>;
  synced: Promise<void>;
  close(): void;
}

export function rawClient(port: number, name: string, token: string): RawClient {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}`,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  let refused!: (reason: string) => void;
  let synced!: () => void;
  const refusal = new Promise<string>((r) => (refused = r));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    awareness: null,
    onAuthenticationFailed: ({ reason }) => refused(reason),
    onClose: ({ event }) => refused(event.reason || `closed ${event.code}`),
    onSynced: () => synced(),
  });
  provider.attach();
  return {
    doc,
    provider,
    refusal,
    synced: new Promise<void>((r) => (synced = r)),
    close() {
      provider.destroy();
      socket.destroy();
    },
  };
}
