/** Cancel and the form's own submit, at the end of each learning form. */
export function FormActions({ submit, onCancel }: { submit: string; onCancel(): void }) {
  return (
    <div className="learning-actions">
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary">
        {submit}
      </button>
    </div>
  );
}
