/**
 * Team-server links as the UI sees them: the latest status per tree (null: not
 * linked), and whether a request is under way. One store per platform.
 */
import { createStore, type StoreApi } from 'zustand';
import type { TeamStatus } from '../../../shared/team/team-client';
import type { PlatformTeam } from '../platform/platform';
import { cleanIpcError } from '../workshop/workshop-store';

export interface TeamState {
  /** Per tree: its link's status; absent until asked, null when not linked. */
  statuses: ReadonlyMap<string, TeamStatus | null>;
  busy: boolean;
  /** Why the last request failed, in words. */
  error: string | null;
  refresh(docId: string): Promise<void>;
  connect(docId: string, server: string, token: string): Promise<void>;
  /** Joins a tree from an invitation link; resolves with its id. */
  join(invitation: string): Promise<string>;
  /** Stops syncing the tree and forgets its link and key on this machine. */
  forget(docId: string): Promise<void>;
  clearError(): void;
}

export type TeamStore = StoreApi<TeamState>;

const stores = new WeakMap<PlatformTeam, TeamStore>();

export function teamStoreFor(team: PlatformTeam): TeamStore {
  let store = stores.get(team);
  if (!store) stores.set(team, (store = createTeamStore(team)));
  return store;
}

function createTeamStore(team: PlatformTeam): TeamStore {
  const store = createStore<TeamState>((set, get) => {
    const put = (docId: string, status: TeamStatus | null) =>
      set({ statuses: new Map(get().statuses).set(docId, status) });
    const run = async <T>(task: () => Promise<T>): Promise<T> => {
      set({ busy: true, error: null });
      try {
        return await task();
      } catch (e) {
        set({ error: cleanIpcError(e) });
        throw e;
      } finally {
        set({ busy: false });
      }
    };
    return {
      statuses: new Map(),
      busy: false,
      error: null,
      async refresh(docId) {
        put(docId, await team.status(docId));
      },
      connect: (docId, server, token) =>
        run(async () => put(docId, await team.connect({ docId, server, token }))),
      join: (invitation) =>
        run(async () => {
          const { docId, status } = await team.join(invitation);
          put(docId, status);
          return docId;
        }),
      forget: (docId) =>
        run(async () => {
          await team.disconnect(docId, true);
          put(docId, null);
        }),
      clearError: () => set({ error: null }),
    };
  });
  team.onStatus(({ docId, status }) => {
    const statuses = new Map(store.getState().statuses).set(docId, status);
    store.setState({ statuses });
  });
  return store;
}
