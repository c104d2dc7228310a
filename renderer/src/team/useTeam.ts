import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { TeamStatus } from '../../../shared/team/team-client';
import { usePlatform } from '../app/PlatformContext';
import type { DocSession } from '../storage/doc-session';
import { teamStoreFor, type TeamState } from './team-store';

export function useTeam<T>(select: (state: TeamState) => T): T {
  return useStore(teamStoreFor(usePlatform().team), select);
}

export function useTeamStore() {
  return teamStoreFor(usePlatform().team);
}

/** The tree's team-server status (null: not linked), asked for once. */
export function useTeamStatus(docId: string): TeamStatus | null {
  const store = useTeamStore();
  const status = useTeam((s) => s.statuses.get(docId));
  useEffect(() => {
    if (!store.getState().statuses.has(docId)) void store.getState().refresh(docId);
  }, [store, docId]);
  return status ?? null;
}

/**
 * While a tree is open, keeps it in step with its team server if it is linked (or
 * becomes linked). A private draft is never attached (and the DocChannel would
 * refuse it if it were).
 */
export function useTeamLink(session: DocSession): void {
  const { team } = usePlatform();
  useEffect(() => {
    if (session.model.isPrivate) return;
    return team.attach(session.id, session.model.ydoc);
  }, [team, session]);
}
