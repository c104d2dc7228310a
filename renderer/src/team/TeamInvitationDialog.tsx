/**
 * Opening a team invitation: a link (or its `#team=…` part) that carries a tree's
 * server, token and key. Opened from the home screen, or by the link itself in a
 * browser (its fragment never reaches any server). The tree is added to this
 * machine's list and fills in from the team server.
 */
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';
import { useTeam, useTeamStore } from './useTeam';
import './team.css';

const PREFIX = '#team=';

/** The invitation this page was opened with, once (removed from the address bar). */
export function takeTeamInvitation(): string | null {
  if (!location.hash.startsWith(PREFIX)) return null;
  const fragment = location.hash.slice(1);
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return fragment;
}

export function TeamInvitationDialog({
  open,
  onClose,
  initial,
}: {
  open: boolean;
  onClose(): void;
  initial: string;
}) {
  const setDialog = useModalDialog(open);
  return (
    <dialog
      ref={setDialog}
      className="sheet share-sheet"
      aria-labelledby="team-invitation-title"
      onClose={onClose}
    >
      <h2 id="team-invitation-title">Join a team tree</h2>
      {open && <InvitationForm initial={initial} onCancel={onClose} />}
    </dialog>
  );
}

function InvitationForm({ initial, onCancel }: { initial: string; onCancel(): void }) {
  const { storage } = usePlatform();
  const store = useTeamStore();
  const busy = useTeam((s) => s.busy);
  const error = useTeam((s) => s.error);
  const id = useId();
  const [text, setText] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void store
      .getState()
      .join(text.trim())
      .then(async (docId) => {
        // A tree this machine has not seen gets an entry; its content comes from the server.
        const known = await storage.get(docId);
        const now = Date.now();
        if (!known)
          await storage.put({
            id: docId,
            title: 'Team tree',
            createdAt: now,
            updatedAt: now,
            trashedAt: null,
          });
        else if (known.trashedAt !== null) await storage.update(docId, { trashedAt: null });
        useApp.getState().navigate({ screen: 'doc', id: docId });
      })
      .catch(() => {}); // shown from the store's error
  };
  return (
    <form className="team-form" onSubmit={submit}>
      <p>
        Paste the invitation someone sent you. It links a tree to your team’s server and holds the
        key that opens it: the server itself cannot read the tree.
      </p>
      <label htmlFor={id}>Invitation link</label>
      <input
        id={id}
        value={text}
        required
        autoFocus
        spellCheck={false}
        placeholder="https://…#team=…"
        onChange={(e) => {
          setText(e.target.value);
          store.getState().clearError();
        }}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="sheet-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open the tree'}
        </button>
      </div>
    </form>
  );
}
