/**
 * The browser's guard worker: decodes bytes from the network before the page applies
 * them. The page terminates this worker when a check takes too long.
 */
import * as Y from 'yjs';
import { checkDecodes } from '../../../shared/sync/update-check';
import { UPDATE_BOUNDS } from '../../../shared/sync/update-guard';

// This project's types are the page's (DOM); a worker's global needs only these two.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event: MessageEvent) => {
  try {
    const { kind, bytes } = event.data as { kind: 'update' | 'stateVector'; bytes: Uint8Array };
    checkDecodes(Y, UPDATE_BOUNDS, kind, bytes);
    scope.postMessage({ ok: true });
  } catch (e) {
    scope.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
