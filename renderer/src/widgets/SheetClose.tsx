/** The row at the foot of a dialog that only needs closing. */
export function SheetClose({ onClose }: { onClose(): void }) {
  return (
    <div className="sheet-actions">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
