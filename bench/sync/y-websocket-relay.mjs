/**
 * The sync benchmark's baseline: a y-websocket server (@y/websocket-server), the
 * relay most Yjs apps use, in its own process as our host is. No persistence, no
 * encryption. Prints {"port": N} once listening. Plain JavaScript, so that it runs on
 * plain Node as the host's bundle does (tsx's loader thread would add ~20 MB to its
 * memory figure).
 */
import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (socket, request) => setupWSConnection(socket, request, { gc: true }));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
