/**
 * The room as every screen reads it: the host's latest snapshot (who facilitates, the
 * timer, where the facilitator is) and this screen's clock offset to the host, fed by
 * the platform (main on the desktop, the page's own RoomClient in a browser). One
 * store per platform; the timer is counted down locally against the host's clock.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RoomCommand, RoomState } from '../../../shared/ipc';
import type { RoomPerson, RoomSnapshot } from '../../../shared/sync/room/messages';
import { remainingMs } from '../../../shared/sync/room/timer';
import { usePlatform } from '../app/PlatformContext';
import type { PlatformRoom } from '../platform/platform';

export interface RoomStoreState extends RoomState {
  /** In a room at all (a workshop whose host keeps one). */
  inRoom: boolean;
  /** This screen runs the room. */
  isFacilitator: boolean;
  facilitatorName: string | null;
  people: readonly RoomPerson[];
  command(command: RoomCommand): void;
}

export type RoomStore = StoreApi<RoomStoreState>;

const stores = new WeakMap<PlatformRoom, RoomStore>();

function derive(state: RoomState): Omit<RoomStoreState, 'command'> {
  const s: RoomSnapshot | null = state.snapshot;
  return {
    ...state,
    inRoom: s !== null,
    isFacilitator: s !== null && s.facilitator === s.you,
    facilitatorName: s?.people.find((p) => p.key === s.facilitator)?.name ?? null,
    people: s?.people ?? [],
  };
}

export function roomStoreFor(room: PlatformRoom): RoomStore {
  let store = stores.get(room);
  if (!store) {
    const created = createStore<RoomStoreState>(() => ({
      ...derive(room.state()),
      command: (command) => room.command(command),
    }));
    room.onState((state) => created.setState(derive(state)));
    stores.set(room, (store = created));
  }
  return store;
}

export function useRoom<T>(select: (state: RoomStoreState) => T): T {
  return useStore(roomStoreFor(usePlatform().room), select);
}

export function useRoomStore(): RoomStore {
  return roomStoreFor(usePlatform().room);
}

/** The host's clock as this screen reckons it. */
export const hostNow = (state: Pick<RoomState, 'offset'>) => Date.now() + state.offset;

/** Milliseconds left on the room's timer (or `timer`) now, or null when there is none. */
export function timerLeft(state: RoomState, timer = state.snapshot?.timer): number | null {
  return timer ? remainingMs(timer, hostNow(state)) : null;
}

/**
 * The profile command that makes the room show us as we are shown elsewhere, or null
 * when it already does (or we are not in it, or have no name yet).
 */
export function profileUpdate(
  snapshot: RoomSnapshot | null,
  name: string,
  colour: string,
): RoomCommand | null {
  const me = snapshot?.people.find((p) => p.key === snapshot.you);
  if (!me || !name || (me.name === name && me.colour === colour)) return null;
  return { t: 'profile', name, colour };
}
