/**
 * A hostile peer that knows the code, seen from the browser: it sends Yjs updates that
 * fail to decode or are crafted (yjs issues 479, 498). The page checks them in its
 * Web Worker guard, refuses them with CANOPY-105, keeps its document as it was, and
 * stays responsive.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type WebSocket } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { createHostHttpServer } from '../../electron/host/http-server';
import { CHANNEL, PeerSession, type UpdateGuard } from '../../shared/sync';
import { exampleDoc } from '../integration/peers';
import { EXAMPLE_NODE_COUNT } from './helpers';

const CODE = 'K7QM3XPA9RT2';
const DOC_ID = 'hostile-e2e-doc';

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A struct of absurd length: what an update crafted to exhaust memory looks like. */
function absurdStruct(): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, 424242, 0]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, 2 ** 50);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

const HOSTILE: Array<[string, Uint8Array]> = [
  ["'garbagedoc' (yjs #479)", new Uint8Array(Buffer.from('garbagedoc', 'base64'))],
  ['truncated varints', new Uint8Array(20).fill(0xff)],
  ['a struct of length 2^50', absurdStruct()],
];

// The attacker trusts itself: its guard lets everything through.
const noGuard: UpdateGuard = {
  checkUpdate: async () => {},
  checkStateVector: async () => {},
  close() {},
};

test('hostile updates from a peer with the code are refused by the browser; its tree is unharmed', async ({
  page,
}) => {
  const doc = exampleDoc(DOC_ID);
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  // The attacker serves the web app too: a browser joins a host only from its page.
  const http = createHostHttpServer(path.resolve('dist/renderer'));
  const server = new WebSocketServer({ server: http });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  const closes: number[] = [];
  let sessions = 0;
  server.on('connection', (socket: WebSocket) => {
    const attempt = sessions++;
    const session = new PeerSession(
      { send: (d) => socket.send(d), close: (c, r) => socket.close(c, r) },
      {
        role: 'responder',
        code: CODE,
        peerId: crypto.getRandomValues(new Uint8Array(16)),
        doc,
        awareness,
        guard: noGuard,
        info: () => ({ docId: DOC_ID }),
        // The first session is honest, so the browser gets the tree; later ones attack.
        onOpen: (s) => {
          if (attempt === 0) return;
          const [, update] = HOSTILE[(attempt - 1) % HOSTILE.length]!;
          setTimeout(() => {
            (s as unknown as { sendChannel(c: number, p: Uint8Array): void }).sendChannel(
              CHANNEL.sync,
              syncUpdate(update),
            );
          }, 200);
        },
      },
    );
    socket.on('message', (data: Buffer) => session.receive(new Uint8Array(data)));
    socket.on('close', (code) => {
      closes.push(code);
      session.transportClosed(code);
    });
  });

  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByRole('button', { name: 'Join the workshop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
    await dialog.getByLabel('Workshop code').fill(CODE);
    await dialog.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);

    // Drop the honest session: the browser redials, and meets the attacker.
    for (const client of server.clients) client.close(1001, 'going away');
    await expect
      .poll(() => closes.filter((c) => c === 4105).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(HOSTILE.length);

    // The browser said why, in words, and its tree is as it was.
    await page.getByRole('button', { name: 'Workshop' }).click();
    await expect(page.getByRole('list', { name: 'Connections' })).toContainText('CANOPY-105');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('treeitem')).toHaveCount(EXAMPLE_NODE_COUNT);
    await expect(page.getByLabel('Tree name')).toHaveValue('Workshop');
    // Still responsive: a local edit works.
    await page.getByLabel('Tree name').fill('Still mine');
    await page.getByLabel('Tree name').press('Enter');
    await expect(page.getByLabel('Tree name')).toHaveValue('Still mine');
  } finally {
    for (const client of server.clients) client.terminate();
    await new Promise((r) => server.close(r));
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  }
});
