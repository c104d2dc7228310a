import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { GUARD_CLOSE_CODE, guardedWebSocket } from '../../../shared/team/guarded-socket';
import { inlineGuard } from './relay-harness';

/** A socket the test drives: it records listeners and what the provider does. */
class FakeSocket {
  static last: FakeSocket;
  binaryType = 'blob';
  readyState = 1;
  closed: unknown[] = [];
  listeners = new Map<string, Array<(event: unknown) => void>>();
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send() {}
  close(...args: unknown[]) {
    this.closed.push(args);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }
  receive(data: Uint8Array) {
    for (const l of this.listeners.get('message') ?? []) l({ data: data.slice().buffer });
  }
}

function syncMessage(type: number, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, 'acme/room');
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function statelessMessage(text: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, 'acme/room');
  encoding.writeVarUint(e, 5);
  encoding.writeVarString(e, text);
  return encoding.toUint8Array(e);
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('the guarded socket', () => {
  it('hands on every message in order, each update after its check', async () => {
    const refused = vi.fn();
    const Socket = guardedWebSocket(FakeSocket, inlineGuard, refused);
    const socket = new Socket('wss://canopy.example.org');
    const seen: number[] = [];
    socket.addEventListener('message', (event) => {
      seen.push(new Uint8Array((event as { data: ArrayBuffer }).data).length);
    });
    const doc = new Y.Doc();
    doc.getArray('sealed').push([new Uint8Array(100)]);
    const messages = [
      statelessMessage('hello'),
      syncMessage(2, Y.encodeStateAsUpdate(doc)),
      syncMessage(0, Y.encodeStateVector(doc)),
    ];
    for (const m of messages) FakeSocket.last.receive(m);
    await settle();
    expect(seen).toEqual(messages.map((m) => m.length));
    expect(refused).not.toHaveBeenCalled();
  });

  it('closes on an update that fails the guard, and hands on nothing after it', async () => {
    const refused = vi.fn();
    const Socket = guardedWebSocket(FakeSocket, inlineGuard, refused);
    const socket = new Socket('wss://canopy.example.org');
    const listener = vi.fn();
    socket.addEventListener('message', listener);
    const doc = new Y.Doc();
    doc.getArray('sealed').push([new Uint8Array(100)]);
    const whole = Y.encodeStateAsUpdate(doc);
    FakeSocket.last.receive(syncMessage(1, whole.subarray(0, whole.length - 60)));
    FakeSocket.last.receive(statelessMessage('after'));
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledTimes(1);
    expect(FakeSocket.last.closed).toEqual([[GUARD_CLOSE_CODE, 'update refused']]);
  });

  it('can be closed while it is still connecting, with Node’s ws, without an uncaught error', async () => {
    const Socket = guardedWebSocket(
      WebSocket as unknown as Parameters<typeof guardedWebSocket>[0],
      inlineGuard,
      () => {},
    );
    // Nothing listens on port 9: the socket is still connecting when it is closed.
    const socket = new Socket('ws://127.0.0.1:9');
    const closed = new Promise((resolve) => socket.addEventListener('close', resolve));
    socket.close();
    await closed;
  });
});
