/**
 * The frame the two vote dialogs share (the voting panel and the results): a modal
 * sheet titled by the round, its kind above its title, then the body and Close.
 */
import { useId, type ReactNode } from 'react';
import { useModalDialog } from '../../widgets/useModalDialog';

export function VoteSheet({
  open,
  heading,
  onClose,
  children,
}: {
  open: boolean;
  /** The round's kind and title; null: nothing to show (the sheet stays closed). */
  heading: { kind: string; title: string } | null;
  onClose(): void;
  children: ReactNode;
}) {
  const setDialog = useModalDialog(open && heading !== null);
  const titleId = useId();
  return (
    <dialog
      ref={setDialog}
      className="sheet console-sheet vote-sheet"
      aria-labelledby={titleId}
      onClose={onClose}
    >
      {heading && (
        <>
          <h2 id={titleId}>
            <span className="vote-kind-label">{heading.kind}</span> {heading.title}
          </h2>
          {children}
          <div className="sheet-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
