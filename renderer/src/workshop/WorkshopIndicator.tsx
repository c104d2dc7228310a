/**
 * The document's connection indicator: whether this tree is shared, with whom, and,
 * plainly, when this machine is offline and that the edits are safe on it.
 */
import type { Awareness } from 'y-protocols/awareness';
import { openLinks, type WorkshopStatus } from '../../../shared/sync/workshop-status';
import { TeamIndicator } from '../team/TeamIndicator';
import { usePeers, type Peer } from './presence';
import { useWorkshop } from './useWorkshop';
import './workshop.css';

type Tone = 'live' | 'waiting' | 'offline' | 'refused';

/**
 * What the top bar says about the connection: `short` is shown (and `detail` after
 * it where there is room), `text` (the whole sentence) is read by screen readers and
 * shown as the tooltip. The top bar has no room for a sentence at 1,024 px.
 */
export function connectionSummary(
  status: WorkshopStatus,
  people: number,
): { tone: Tone; text: string; short: string; detail?: string } {
  if (openLinks(status) > 0) {
    const detail = ` · ${people} ${people === 1 ? 'person' : 'people'}`;
    return { tone: 'live', text: `Live${detail}`, short: 'Live', detail };
  }
  const out = status.links.filter((l) => l.direction === 'out');
  if (out.length && out.every((l) => l.state === 'refused'))
    return {
      tone: 'refused',
      text: 'Not connected: the workshop refused this computer',
      short: 'Refused',
    };
  if (out.length)
    return {
      tone: 'offline',
      text: 'Offline — your edits are safe on this computer and merge when you reconnect',
      short: 'Offline',
    };
  return { tone: 'waiting', text: 'Sharing · waiting for others to join', short: 'Waiting' };
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
        <span
          role="status"
          className={`connection connection-${summary.tone}`}
          title={summary.text}
        >
          <span className="connection-dot" aria-hidden="true" />
          <span aria-hidden="true">
            {summary.short}
            {summary.detail && <span className="connection-detail">{summary.detail}</span>}
          </span>
          <span className="visually-hidden">{summary.text}</span>
        </span>
      )}
      <TeamIndicator docId={docId} />
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
