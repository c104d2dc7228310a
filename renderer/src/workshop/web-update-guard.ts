import { SerialWorkerGuard } from '../../../shared/sync/serial-guard';

/** The update guard in a browser: a Web Worker per guard, replaced when it hangs. */
export function createWebUpdateGuard(timeoutMs = 2000): SerialWorkerGuard {
  return new SerialWorkerGuard((events) => {
    const worker = new Worker(new URL('./update-guard.worker.ts', import.meta.url), {
      type: 'module',
      name: 'canopy-update-guard',
    });
    worker.onmessage = (e: MessageEvent<{ ok: boolean; error?: string }>) =>
      events.result(e.data.ok, e.data.error);
    worker.onerror = (e) => events.died(new Error(e.message || 'decoder worker failed'));
    return {
      post: (kind, bytes) => worker.postMessage({ kind, bytes }),
      terminate: () => worker.terminate(),
    };
  }, timeoutMs);
}
