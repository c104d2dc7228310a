import { useId } from 'react';
import { useDoc } from '../../document/document-context';
import { selectRollUps } from '../../document/selectors';
import '../../learning/learning.css';

/** What the subtree has learned, for a node with children. */
export function RollUpSection({ nodeId }: { nodeId: string }) {
  const rollUp = useDoc((s) => selectRollUps(s).get(nodeId));
  const nodes = useDoc((s) => s.nodes);
  const headingId = useId();
  if (!rollUp) return null;
  const { supports, contradicts, inconclusive, decisions, stopped } = rollUp;
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <h3 id={headingId}>What this part of the tree has learned</h3>
      <p className="rollup-counts">
        {supports} for · {contradicts} against · {inconclusive} inconclusive · {decisions}{' '}
        {decisions === 1 ? 'decision' : 'decisions'}
      </p>
      {stopped.length > 0 && (
        <ul className="details-list rollup-stopped" aria-label="Stopped, and what they taught">
          {stopped.map((s) => (
            <li key={s.nodeId}>
              <strong>{nodes.get(s.nodeId)?.title || 'Untitled'}</strong> stopped. Learned:{' '}
              {s.learning}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
