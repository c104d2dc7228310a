import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { removeAwarenessStates } from 'y-protocols/awareness';
import { snapshotWhenHostedWorkshopEnds } from '../services/workshop-end-snapshot';
import type { DocSession } from '../storage/doc-session';
import { usePlatform } from '../app/PlatformContext';
import { announceUser } from './presence';
import { workshopStoreFor, type WorkshopState } from './workshop-store';

export function useWorkshop<T>(select: (state: WorkshopState) => T): T {
  const { workshop } = usePlatform();
  return useStore(workshopStoreFor(workshop), select);
}

export function useWorkshopStore() {
  return workshopStoreFor(usePlatform().workshop);
}

/**
 * While a workshop runs on this document, keeps the open Y.Doc (and its presence) in
 * step with it: a browser syncs it directly, the desktop joins main's copy over a
 * port. Attached once per workshop run, not per status change.
 */
export function useWorkshopLink(
  session: DocSession,
  /** A screen that shows, not a person (the projector): no presence, no end snapshot. */
  options: { person?: boolean } = {},
): boolean {
  const person = options.person ?? true;
  const { workshop } = usePlatform();
  const store = useWorkshopStore();
  // A private draft is never linked (and DocChannel would refuse it if it were).
  const active = useWorkshop(
    (s) => s.status.running && s.status.docId === session.id && !session.model.isPrivate,
  );
  const code = useWorkshop((s) => s.status.code);

  useEffect(() => {
    if (!active) return;
    if (person) announceUser(session.awareness);
    const detach = workshop.attach(session.id, session.model.ydoc, session.awareness);
    return () => {
      detach();
      // Nobody is shown as present once we left.
      const awareness = session.awareness;
      const others = [...awareness.getStates().keys()].filter((c) => c !== awareness.clientID);
      if (others.length) removeAwarenessStates(awareness, others, 'workshop-left');
    };
  }, [active, code, session, workshop, person]);

  // A workshop hosted here on this tree ends: its history keeps the tree as it was.
  useEffect(
    () =>
      person
        ? snapshotWhenHostedWorkshopEnds(store, { id: session.id, model: session.model })
        : undefined,
    [store, session, person],
  );
  return active;
}

/** The sync address of the host that served this page, or null (see hostAddress). */
export function useHostAddress(): string | null {
  const { workshop } = usePlatform();
  // Known answers are used from the first render, so a form never flashes a field.
  const [address, setAddress] = useState<string | null>(() => knownHosts.get(workshop) ?? null);
  useEffect(() => {
    let live = true;
    void workshop.hostAddress().then((a) => {
      knownHosts.set(workshop, a);
      if (live) setAddress(a);
    });
    return () => {
      live = false;
    };
  }, [workshop]);
  return address;
}

const knownHosts = new WeakMap<object, string | null>();
