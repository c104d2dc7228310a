/**
 * A stopped item says so first: when, and what it taught. Stopping asks what was
 * learned, never who is to blame.
 */
import { useMemo } from 'react';
import {
  isoDay,
  isStopped,
  liveBelow,
  stopDecision,
  type NodeData,
} from '../../../../shared/model';
import { useDoc, useDocSlices, useModel } from '../../document/document-context';
import { ErrorNote, useAttempt } from '../../widgets/fields';
import type { SectionProps } from './EvidenceSection';
import '../../learning/learning.css';

/** The cards still running under a node, kept current. */
export function useLiveBelow(nodeId: string): NodeData[] {
  const { nodes, childrenOf, board, learning } = useDocSlices((s) => ({
    nodes: s.nodes,
    childrenOf: s.childrenOf,
    board: s.board,
    learning: s.learning,
  }));
  return useMemo(
    () => liveBelow({ nodes, childrenOf, board, learning }, nodeId).map((id) => nodes.get(id)!),
    [nodes, childrenOf, board, learning, nodeId],
  );
}

export const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

/** Work still running under a stopped item is listed, with one action to stop it too. */
export function StoppedNote({ node, readOnly }: SectionProps) {
  const model = useModel();
  const stopped = useDoc((s) =>
    isStopped({ nodes: s.nodes, board: s.board, learning: s.learning }, node.id),
  );
  const stop = useDoc((s) => stopDecision(s.learning, node.id));
  const live = useLiveBelow(node.id);
  const { error, run, dismiss } = useAttempt();
  if (!stopped) return null;
  return (
    <div className="stopped-note">
      <p role="status">
        {stop ? (
          <>
            <strong>Stopped on {isoDay(stop.decidedAt!)}.</strong> Learned: {stop.learning}
          </>
        ) : (
          <strong>Stopped (moved to a Stopped column, no stop decision recorded).</strong>
        )}
      </p>
      {live.length > 0 && (
        <>
          <p>Still running under it: {live.map((n) => `“${n.title || 'Untitled'}”`).join(', ')}.</p>
          {!readOnly &&
            (stop ? (
              <button
                type="button"
                className="details-small-button"
                onClick={() => run(() => void model.stopLiveBelow(node.id))}
              >
                Stop the {items(live.length)} still running under it
              </button>
            ) : (
              <p className="muted">
                Record a stop decision on it to stop them with what it taught.
              </p>
            ))}
        </>
      )}
      <ErrorNote message={error} onDismiss={dismiss} />
    </div>
  );
}
