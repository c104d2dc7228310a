/** A y-websocket client of the bench's relay (y-websocket-relay.mjs), as Yjs apps join one. */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

export function joinRelay(port: number, doc: Y.Doc): { doc: Y.Doc; stop(): void } {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'bench', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    stop: () => {
      // The provider's Awareness keeps a timer that holds the document until it goes.
      provider.destroy();
      doc.destroy();
    },
  };
}
