/**
 * What every kind of ballot shows alike: an item by its title in the tree, the +/−
 * buttons, and where the ballot stands (in, on its way, refused, not yet).
 */
import { useCallback } from 'react';
import { NODE_KIND_LABEL } from '../../../../shared/model';
import { useDoc } from '../../document/document-context';
import type { BallotSync } from './useBallot';

/** An item's title as the tree has it now ("A removed item" once it is gone). */
export function useTitles(): (id: string) => string {
  const nodes = useDoc((s) => s.nodes);
  return useCallback(
    (id: string) => {
      const n = nodes.get(id);
      return n ? n.title || `Untitled ${NODE_KIND_LABEL[n.kind].toLowerCase()}` : 'A removed item';
    },
    [nodes],
  );
}

export function ItemTitle({ id }: { id: string }) {
  const kind = useDoc((s) => s.nodes.get(id)?.kind);
  const title = useTitles()(id);
  return (
    <span className="vote-item-title">
      {kind && <span className="vote-item-kind">{NODE_KIND_LABEL[kind]}</span>}
      <span>{title}</span>
    </span>
  );
}

export function ItemButton({
  label,
  text,
  disabled,
  onClick,
}: {
  label: string;
  text: string;
  disabled: boolean;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className="vote-step"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {text}
    </button>
  );
}

/** Abstain: counted as having voted, for nothing; the ballot's own inputs are cleared. */
export function AbstainRow({
  sync,
  abstained,
  onAbstain,
}: {
  sync: BallotSync;
  abstained: boolean;
  onAbstain(): void;
}) {
  return (
    <div className="console-row">
      <button type="button" disabled={!sync.online || abstained} onClick={onAbstain}>
        Abstain
      </button>
    </div>
  );
}

/**
 * Where the ballot stands, said once in words. `waiting`: why the screen holds it back
 * (e.g. not every dot placed yet).
 */
export function BallotStatus({
  sync,
  abstained = false,
  waiting = null,
}: {
  sync: BallotSync;
  abstained?: boolean;
  waiting?: string | null;
}) {
  let text: string;
  let tone = '';
  if (!sync.online) {
    text = 'The connection to the host is down; reconnecting. Your vote is kept.';
    tone = 'is-warning';
  } else if (waiting) {
    text = sync.mine ? `${waiting} Until then, your earlier vote counts.` : waiting;
  } else if (sync.state === 'refused') {
    text = sync.refusal ? `${sync.refusal.code}: ${sync.refusal.message}` : 'Refused.';
    tone = 'is-error';
  } else if (sync.state === 'sending') {
    text = 'Sending your vote…';
  } else if (sync.state === 'in') {
    text = abstained
      ? 'You abstained; you can still vote until the reveal.'
      : 'Your vote is in; you can change it until the reveal.';
    tone = 'is-done';
  } else {
    text = 'You have not voted yet.';
  }
  return (
    <p className={`vote-status ${tone}`} role={tone === 'is-error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
