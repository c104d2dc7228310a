/**
 * Notices for renames that lost to someone else's (shared/model/renames.ts): who
 * renamed what to what, while ours is kept to take back in one click. Shown on the
 * item's details, and in a bar for everything else (the tree, columns, items not
 * open in the details).
 */
import type { RenameConflict } from '../../../shared/model';
import { useDoc, useDocument, useModel } from './document-context';
import { attempt } from './attempt';

interface NoticeProps {
  conflict: RenameConflict;
  /** What was renamed, as the sentence says it: "this", "the tree", "a goal". */
  what: string;
  /** Runs a command, showing a refusal where the notice is. */
  run(fn: () => void): boolean;
  /** Shows the item (the bar's notices about items). */
  onShow?(): void;
}

export function RenameNotice({ conflict, what, run, onShow }: NoticeProps) {
  const model = useModel();
  const { key, mine, theirs } = conflict;
  const noun = conflict.target.kind === 'column' ? 'name' : 'title';
  return (
    <div role="status" className="rename-notice">
      <p>
        <strong>{conflict.by || 'Someone'}</strong> renamed {what} to “{theirs}” while you were
        editing. Yours was “{mine}”.
      </p>
      <div className="rename-actions">
        <button
          type="button"
          className="primary"
          aria-label={`Use my ${noun} “${mine}”`}
          onClick={() => run(() => model.resolveRename(key, 'mine'))}
        >
          Use my {noun}
        </button>
        <button
          type="button"
          className="ghost"
          aria-label={`Keep theirs, “${theirs}”`}
          onClick={() => model.resolveRename(key, 'theirs')}
        >
          Keep theirs
        </button>
        {onShow && (
          <button type="button" className="ghost" onClick={onShow}>
            Show it
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * Every rename notice, but the one the details panel shows (`shown`): under the top
 * bar, whichever view is open.
 */
export function RenameNotices({
  shown,
}: {
  /** The node whose details are open (its notice is there). */
  shown: string | null;
}) {
  const { view } = useDocument();
  const renames = useDoc((s) => s.renames);
  const nodes = useDoc((s) => s.nodes);
  const listed = renames.filter(
    (c) =>
      c.target.kind !== 'node' ||
      (c.target.id !== shown && nodes.get(c.target.id)?.deleted === null),
  );
  if (listed.length === 0) return null;
  return (
    <div className="rename-notices">
      {listed.map((c) => {
        const node = c.target.kind === 'node' ? nodes.get(c.target.id) : undefined;
        const what =
          c.target.kind === 'tree'
            ? 'the tree'
            : c.target.kind === 'column'
              ? 'a board column'
              : node?.kind === 'vision'
                ? 'the vision'
                : `a ${node?.kind ?? 'item'}`;
        return (
          <RenameNotice
            key={c.key}
            conflict={c}
            what={what}
            run={(fn) => attempt(view.getState(), fn)}
            onShow={node ? () => view.getState().select(node.id) : undefined}
          />
        );
      })}
    </div>
  );
}
