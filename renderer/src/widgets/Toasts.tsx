import { useEffect } from 'react';
import { useApp, type Toast } from '../app/app-store';

export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div
      className="toasts"
      role="region"
      aria-label="Notifications"
      // F6 reaches a toast's action (Undo) from the keyboard (see pane-cycle.ts).
      data-pane={toasts.length ? 'notifications' : undefined}
    >
      {toasts.map((t) => (
        <ToastView key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastView({ toast }: { toast: Toast }) {
  const dismiss = useApp((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), toast.timeoutMs);
    return () => clearTimeout(timer);
  }, [toast.id, toast.timeoutMs, dismiss]);
  return (
    <div className="toast" role="status">
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          onClick={() => {
            toast.action!.run();
            dismiss(toast.id, true);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        className="ghost"
        aria-label="Dismiss notification"
        onClick={() => dismiss(toast.id)}
      >
        ×
      </button>
    </div>
  );
}
