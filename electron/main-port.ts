import type { PortLike } from '../shared/sync';

/** The parts of Electron's MessagePortMain we use: Node-style events, not onmessage. */
export interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** Adapts a MessagePortMain to the web-style port that linkDocOverPort expects. */
export function portLikeFromMain(port: MessagePortMainLike): PortLike {
  const like: PortLike = {
    onmessage: null,
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
  port.on('message', (event) => like.onmessage?.(event));
  return like;
}
