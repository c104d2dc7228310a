import type { TeamStatus } from '../../../shared/team/team-client';

/** How a linked tree syncs, in words. */
export function describeTeamStatus(status: TeamStatus): string {
  switch (status.state) {
    case 'synced':
      return status.unacknowledged
        ? `Synced via team server, ${status.unacknowledged} change${status.unacknowledged === 1 ? '' : 's'} not yet saved there`
        : 'Synced via team server';
    case 'connecting':
      return 'Connecting to the team server…';
    case 'offline':
      return 'Team server offline: edits are kept here and sent when it is back';
    case 'refused':
      return `The team server refused this tree. ${status.error ?? ''}`.trim();
    case 'closed':
      return 'Linked to a team server: syncs while the tree is open';
  }
}
