/**
 * The document's connection indicator: whether this tree is shared, with whom, and,
 * plainly, when this machine is offline and that the edits are safe on it.
 */
import type { Awareness } from 'y-protocols/awareness';
import { openLinks, type WorkshopStatus } from '../../../shared/sync/workshop-status';
import { usePeers, type Peer } from './presence';
import { useWorkshop } from './useWorkshop';

type Tone = 'live' | 'waiting' | 'offline' | 'refused';

export function connectionSummary(
  status: WorkshopStatus,
  people: number,
): { tone: Tone; text: string } {
  if (openLinks(status) > 0)
    return { tone: 'live', text: `Live · ${people} ${people === 1 ? 'person' : 'people'}` };
  const out = status.links.filter((l) => l.direction === 'out');
  if (out.length && out.every((l) => l.state === 'refused'))
    return { tone: 'refused', text: 'Not connected: the workshop refused this computer' };
  if (out.length)
    return {
      tone: 'offline',
      text: 'Offline — your edits are safe on this computer and merge when you reconnect',
    };
  return { tone: 'waiting', text: 'Sharing · waiting for others to join' };
}

export function WorkshopIndicator({
  docId,
  awareness,
  onOpen,
}: {
  docId: string;
  awareness: Awareness;
  onOpen(): void;
}) {
  const status = useWorkshop((s) => s.status);
  const peers = usePeers(awareness);
  const here = status.running && status.docId === docId;
  const summary = here ? connectionSummary(status, peers.length + 1) : null;
  return (
    <div className="workshop-indicator">
      {here && <Avatars peers={peers} />}
      {summary && (
        <span role="status" className={`connection connection-${summary.tone}`}>
          <span className="connection-dot" aria-hidden="true" />
          {summary.text}
        </span>
      )}
      <button type="button" className={here ? 'ghost' : 'primary'} onClick={onOpen}>
        {here ? 'Workshop' : 'Share'}
      </button>
    </div>
  );
}

function Avatars({ peers }: { peers: Peer[] }) {
  if (!peers.length) return null;
  const shown = peers.slice(0, 5);
  return (
    <ul className="avatars" aria-label="People in this workshop">
      {shown.map((p) => (
        <li
          key={p.clientId}
          className="avatar"
          style={{ background: p.user.color }}
          title={p.user.name}
          aria-label={p.user.name}
        >
          {initials(p.user.name)}
        </li>
      ))}
      {peers.length > shown.length && (
        <li className="avatar avatar-more" aria-label={`and ${peers.length - shown.length} more`}>
          +{peers.length - shown.length}
        </li>
      )}
    </ul>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
