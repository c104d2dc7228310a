import { useEffect, useState } from 'react';

/**
 * Shows a <dialog> as modal while `open` is true. Returns the ref to put on it; the
 * dialog's own close (Escape) must report back through its onClose.
 */
export function useModalDialog(open: boolean): (dialog: HTMLDialogElement | null) => void {
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  useEffect(() => {
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open, dialog]);
  return setDialog;
}
