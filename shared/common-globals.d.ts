/**
 * The few globals that browsers and Node both provide, declared for shared/ (which
 * sees neither the DOM nor Node's types): timers, microtasks and UTF-8 text encoding
 * and decoding.
 */
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;

declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
