/**
 * The Share panel's team-server part: connect this tree to a team server (address and
 * token), see how it syncs, copy an invitation for others, stop syncing. The tree is
 * sealed before it leaves: the server never sees a title, and the key travels only in
 * the invitation.
 */
import { useId, useState, type FormEvent } from 'react';
import type { TeamStatus } from '../../../shared/team/team-client';
import { useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { describeTeamStatus } from './team-words';
import { useTeam, useTeamStatus, useTeamStore } from './useTeam';
import './team.css';

export function TeamSection({ docId }: { docId: string }) {
  const status = useTeamStatus(docId);
  const error = useTeam((s) => s.error);
  return (
    <section className="share-section team-section" aria-labelledby="team-title">
      <h3 id="team-title">Team server</h3>
      {status ? <LinkedTree docId={docId} status={status} /> : <ConnectForm docId={docId} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function ConnectForm({ docId }: { docId: string }) {
  const store = useTeamStore();
  const busy = useTeam((s) => s.busy);
  const serverId = useId();
  const tokenId = useId();
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void store
      .getState()
      .connect(docId, server.trim(), token.trim())
      .catch(() => {}); // shown from the store's error
  };
  return (
    <form className="team-form" aria-label="Connect to a team server" onSubmit={submit}>
      <p>
        Sync this tree with people in other offices through your team’s Canopy server. It is sealed
        on this computer first: the server stores it but cannot read it.
      </p>
      <label htmlFor={serverId}>Server address</label>
      <input
        id={serverId}
        value={server}
        required
        placeholder="wss://canopy.example.org"
        autoComplete="url"
        spellCheck={false}
        onChange={(e) => setServer(e.target.value)}
      />
      <label htmlFor={tokenId}>Access token</label>
      <input
        id={tokenId}
        value={token}
        required
        placeholder="team.…, from whoever runs the server"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setToken(e.target.value)}
      />
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect to a team server'}
        </button>
      </div>
    </form>
  );
}

function LinkedTree({ docId, status }: { docId: string; status: TeamStatus }) {
  const { team, kind } = usePlatform();
  const store = useTeamStore();
  const busy = useTeam((s) => s.busy);
  const [invitation, setInvitation] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const show = async () => {
    const fragment = await team.invitation(docId);
    if (!fragment) return;
    // A browser's invitation opens this same web app; the desktop's is pasted in Join.
    const link =
      kind === 'web' ? `${location.origin}${location.pathname}#${fragment}` : `#${fragment}`;
    setInvitation(link);
    setCopied(false);
  };
  // Forgetting drops the tree's key from this machine: Undo links it again with it.
  const stop = async () => {
    const fragment = await team.invitation(docId);
    await store
      .getState()
      .forget(docId)
      .then(
        () =>
          fragment &&
          useApp.getState().showToast({
            message: 'This tree no longer syncs with the team server.',
            timeoutMs: 10_000,
            action: { label: 'Undo', run: () => void store.getState().join(fragment) },
          }),
      )
      .catch(() => {}); // shown from the store's error
  };
  const copy = () =>
    invitation &&
    void navigator.clipboard
      .writeText(invitation)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  return (
    <>
      <p role="status" className={`team-status team-${status.state}`}>
        {describeTeamStatus(status)}
      </p>
      <p className="muted">
        Server: <code>{status.server}</code>
        {status.refusedBlobs > 0 &&
          ` · ${status.refusedBlobs} change${status.refusedBlobs === 1 ? '' : 's'} on the server could not be opened with this tree’s key and were ignored`}
      </p>
      {invitation ? (
        <div className="team-invitation">
          <label>
            Invitation link (it holds the tree’s key: send it only to people who may read the tree)
            <input readOnly value={invitation} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy invitation'}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => void show()}>
          Invite others…
        </button>
      )}
      <div>
        <button type="button" className="ghost" disabled={busy} onClick={() => void stop()}>
          Stop syncing with the team server
        </button>
      </div>
    </>
  );
}
