/**
 * The workshop as the UI sees it: the platform's latest status, and whether a
 * request is under way. One store per platform; every screen reads the same one.
 */
import { createStore, type StoreApi } from 'zustand';
import type { JoinWorkshopRequest } from '../../../shared/ipc';
import { NO_WORKSHOP, type WorkshopStatus } from '../../../shared/sync/workshop-status';
import type { PlatformWorkshop } from '../platform/platform';

export interface WorkshopState {
  status: WorkshopStatus;
  /** A start/join/stop/connect is under way. */
  busy: boolean;
  /** Why the last request failed, in words. */
  error: string | null;
  /** Set by join: open the workshop's document as soon as its id is known. */
  awaitingDocument: boolean;
  start(docId: string): Promise<void>;
  join(request: JoinWorkshopRequest): Promise<void>;
  connect(address: string): Promise<void>;
  stop(): Promise<void>;
  clearError(): void;
  documentOpened(): void;
}

export type WorkshopStore = StoreApi<WorkshopState>;

const stores = new WeakMap<PlatformWorkshop, WorkshopStore>();

export function workshopStoreFor(workshop: PlatformWorkshop): WorkshopStore {
  let store = stores.get(workshop);
  if (!store) stores.set(workshop, (store = createWorkshopStore(workshop)));
  return store;
}

function createWorkshopStore(workshop: PlatformWorkshop): WorkshopStore {
  const store = createStore<WorkshopState>((set) => {
    const run = async (task: () => Promise<unknown>) => {
      set({ busy: true, error: null });
      try {
        const result = await task();
        if (result && typeof result === 'object' && 'running' in result)
          set({ status: result as WorkshopStatus });
      } catch (e) {
        set({ error: cleanIpcError(e) });
        throw e;
      } finally {
        set({ busy: false });
      }
    };
    return {
      status: NO_WORKSHOP,
      busy: false,
      error: null,
      awaitingDocument: false,
      start: (docId) => run(() => workshop.start(docId)),
      join: async (request) => {
        set({ awaitingDocument: true });
        await run(() => workshop.join(request)).catch((e: unknown) => {
          set({ awaitingDocument: false });
          throw e;
        });
      },
      connect: (address) => run(() => workshop.connect(address)),
      stop: () => run(() => workshop.stop()).then(() => set({ awaitingDocument: false })),
      clearError: () => set({ error: null }),
      documentOpened: () => set({ awaitingDocument: false }),
    };
  });
  workshop.onStatus((status) => store.setState({ status }));
  void workshop.status().then((status) => store.setState({ status }));
  return store;
}

/** Electron prefixes errors thrown in main with "Error invoking remote method …: Error:". */
export function cleanIpcError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^Error invoking remote method '[^']+': (?:\w*Error: )?/, '');
}
