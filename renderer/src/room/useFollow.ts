/**
 * Follow me, from both sides. The facilitator's screen, while it shares its view,
 * tells the room its tab and selected item on every change. A participant's screen
 * goes where the facilitator is (or, summoned, once) unless its person stopped
 * following; and never while they type: the move waits until the edit ends.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { RoomView } from '../../../shared/sync/room/messages';
import { useApp, type DocTab } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { useDocument } from '../document/document-context';
import { localColor, localName } from '../workshop/presence';
import { profileUpdate, roomStoreFor } from './room-store';

interface FollowState {
  /** This screen follows the facilitator's view when they share it. */
  following: boolean;
  /** A move that waits for the person to finish typing. */
  pending: RoomView | null;
  setFollowing(following: boolean): void;
}

export const useFollowState = create<FollowState>((set) => ({
  following: true,
  pending: null,
  setFollowing: (following) => set({ following, pending: null }),
}));

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'number', 'password']);

/** Whether the person is in the middle of typing (a text field has the focus). */
export function isTyping(el: Element | null = document.activeElement): boolean {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return TEXT_INPUTS.has(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

const sameView = (a: RoomView | null, b: RoomView | null) =>
  a?.tab === b?.tab && a?.node === b?.node && a?.zoom === b?.zoom;

export function useFollow(docId: string): void {
  const platform = usePlatform();
  const { view, store, model } = useDocument();

  // The lock applies to participants only: not outside a room, not to its facilitator.
  useEffect(() => {
    const room = roomStoreFor(platform.room);
    const apply = () => {
      const { snapshot } = room.getState();
      model.setLockExempt(!snapshot || snapshot.facilitator === snapshot.you);
    };
    apply();
    const stop = room.subscribe(apply);
    return () => {
      stop();
      model.setLockExempt(true);
    };
  }, [platform, model]);

  // The room knows us by the name and colour we show elsewhere (the desktop's main
  // process starts with a placeholder; a name typed later in Share follows).
  useEffect(() => {
    const room = roomStoreFor(platform.room);
    const sync = () => {
      const { snapshot, command } = room.getState();
      const update = profileUpdate(snapshot, localName(), localColor());
      if (update) command(update);
    };
    sync();
    return room.subscribe(sync);
  }, [platform]);

  // Facilitator: share where this screen is while follow-me is on.
  useEffect(() => {
    const room = roomStoreFor(platform.room);
    let last: RoomView | null = null;
    const share = () => {
      const r = room.getState();
      if (!r.isFacilitator || !r.snapshot?.view) return (last = null);
      const route = useApp.getState().route;
      const tab = route.screen === 'doc' ? (route.tab ?? 'tree') : 'tree';
      const { selected, zoom } = view.getState();
      const here: RoomView = { tab, node: selected, zoom: tab === 'tree' ? zoom : null };
      if (sameView(here, r.snapshot.view) || sameView(here, last)) return;
      last = here;
      r.command({ t: 'view', view: here });
    };
    const stops = [room.subscribe(share), useApp.subscribe(share), view.subscribe(share)];
    return () => stops.forEach((stop) => stop());
  }, [platform, view]);

  // Participant: go where the facilitator is, when it is safe to.
  useEffect(() => {
    const room = roomStoreFor(platform.room);
    const go = (target: RoomView) => {
      if (isTyping() || view.getState().editing !== null) {
        useFollowState.setState({ pending: target });
        return;
      }
      useFollowState.setState({ pending: null });
      const route = useApp.getState().route;
      const tab = target.tab as DocTab;
      if (route.screen !== 'doc' || (route.tab ?? 'tree') !== tab)
        useApp.getState().navigate({ screen: 'doc', id: docId, tab });
      if (target.node && store.getState().nodes.has(target.node))
        view.getState().select(target.node);
      if (tab === 'tree' && target.zoom !== null) view.getState().requestZoom(target.zoom);
    };
    let shown: RoomView | null = null;
    const follow = () => {
      const r = room.getState();
      const target = r.snapshot?.view ?? null;
      if (r.isFacilitator || !target || !useFollowState.getState().following) return;
      if (sameView(target, shown)) return;
      shown = target;
      go(target);
    };
    follow();
    const stopRoom = room.subscribe(follow);
    const stopFollowing = useFollowState.subscribe((s, before) => {
      if (s.following && !before.following) {
        shown = null;
        follow();
      }
    });
    const stopSummon = platform.room.onSummon((target) => {
      shown = target;
      go(target);
    });
    // The edit ended (focus left the field, or the rename closed): make the move now.
    const retry = () =>
      setTimeout(() => {
        const pending = useFollowState.getState().pending;
        if (pending) go(pending);
      });
    document.addEventListener('focusout', retry);
    const stopView = view.subscribe((s, before) => {
      if (before.editing !== null && s.editing === null) retry();
    });
    return () => {
      stopRoom();
      stopFollowing();
      stopSummon();
      stopView();
      document.removeEventListener('focusout', retry);
    };
  }, [platform, view, store, docId]);
}
