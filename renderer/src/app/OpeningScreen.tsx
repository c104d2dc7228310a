/** The screen while a document (or a snapshot of one) opens, or why it did not. */
import type { ReactNode } from 'react';
import { TopBar } from './TopBar';

export type OpeningState =
  { status: 'loading' } | { status: 'missing' } | { status: 'error'; message: string };

export function OpeningScreen({
  state,
  back,
  what,
  whenMissing,
}: {
  state: OpeningState;
  back: ReactNode;
  /** "this tree", "the snapshot" */
  what: string;
  whenMissing: string;
}) {
  return (
    <div className="screen">
      <TopBar
        title={back}
        heading={
          state.status === 'loading'
            ? `Opening ${what}`
            : state.status === 'missing'
              ? `${capitalized(what)} is not on this machine`
              : `Could not open ${what}`
        }
      />
      <main className="centered">
        {state.status === 'loading' && <p role="status">Opening {what}…</p>}
        {state.status === 'missing' && (
          <div className="empty-state">
            <p>{capitalized(what)} is not on this machine.</p>
            <p className="muted">{whenMissing}</p>
          </div>
        )}
        {state.status === 'error' && (
          <p role="alert" className="error">
            Could not open {what}: {state.message}
          </p>
        )}
      </main>
    </div>
  );
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
