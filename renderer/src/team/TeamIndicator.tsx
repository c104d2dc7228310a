import { useTeamStatus } from './useTeam';
import { describeTeamStatus } from './team-words';

const TONE = {
  synced: 'live',
  connecting: 'waiting',
  offline: 'offline',
  refused: 'refused',
  closed: 'waiting',
} as const;

const SHORT = {
  synced: 'Team',
  connecting: 'Team…',
  offline: 'Team offline',
  refused: 'Team refused',
  closed: 'Team',
} as const;

/** The top bar's word on the tree's team-server link; nothing when it has none. */
export function TeamIndicator({ docId }: { docId: string }) {
  const status = useTeamStatus(docId);
  if (!status) return null;
  const text = describeTeamStatus(status);
  return (
    <span
      role="status"
      className={`connection connection-${TONE[status.state]}`}
      title={text}
      data-team-state={status.state}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span aria-hidden="true">{SHORT[status.state]}</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
