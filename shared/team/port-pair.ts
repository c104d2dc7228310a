/**
 * Two connected in-memory ports, like a MessageChannel's: a message posted on one
 * arrives at the other's onmessage in a later microtask, in order, never re-entering
 * the sender. Closing either closes both.
 */
import type { PortLike } from '../sync/port-link';

class MemoryPort implements PortLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  other: MemoryPort | null = null;

  constructor(private readonly state: { closed: boolean }) {}

  postMessage(message: Uint8Array): void {
    if (this.state.closed) return;
    const target = this.other!;
    void Promise.resolve().then(() => {
      if (!this.state.closed) target.onmessage?.({ data: message });
    });
  }

  close(): void {
    this.state.closed = true;
  }
}

export function createPortPair(): [PortLike, PortLike] {
  const state = { closed: false };
  const a = new MemoryPort(state);
  const b = new MemoryPort(state);
  a.other = b;
  b.other = a;
  return [a, b];
}
