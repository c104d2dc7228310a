/**
 * Joining a workshop from the home screen: the code the facilitator shows, and (in a
 * browser, or where multicast is blocked) the address of a machine in it. Progress
 * and refusals are shown in words; the tree opens as soon as its id arrives.
 */
import { useId, useState, type FormEvent } from 'react';
import { CODE_HINT, normalizeWorkshopCode, parseAddress } from '../../../shared/sync';
import { usePlatform } from '../app/PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';
import { invitationUrl } from './invitation';
import { localName, setLocalName } from './presence';
import { ConnectionList, relevantLinks } from './SharePanel';
import { useHostAddress, useWorkshop, useWorkshopStore } from './useWorkshop';
import './workshop.css';

export function JoinDialog({
  open,
  onClose,
  initialCode = '',
}: {
  open: boolean;
  onClose(): void;
  /** From an invitation link: the code, filled in. */
  initialCode?: string;
}) {
  const setDialog = useModalDialog(open);
  return (
    <dialog
      ref={setDialog}
      className="sheet share-sheet"
      aria-labelledby="join-title"
      onClose={onClose}
    >
      <h2 id="join-title">Join a workshop</h2>
      {open && <JoinForm onCancel={onClose} initialCode={initialCode} />}
    </dialog>
  );
}

function JoinForm({ onCancel, initialCode }: { onCancel(): void; initialCode: string }) {
  const { workshop } = usePlatform();
  const store = useWorkshopStore();
  const status = useWorkshop((s) => s.status);
  const busy = useWorkshop((s) => s.busy);
  const error = useWorkshop((s) => s.error);
  const awaiting = useWorkshop((s) => s.awaitingDocument);
  const [code, setCode] = useState(initialCode);
  const [address, setAddress] = useState('');
  const [name, setName] = useState(localName);
  const [localError, setLocalError] = useState<string | null>(null);
  const ids = { code: useId(), address: useId(), name: useId() };
  // Served by a host: it is the workshop, so there is no address to type.
  const hostAddress = useHostAddress();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocalName(name);
    // A host accepts browser pages it served itself: join from its page, not this one.
    if (!hostAddress && !workshop.discovers && address.trim()) {
      if (!normalizeWorkshopCode(code)) return setLocalError(CODE_HINT);
      if (!parseAddress(address))
        return setLocalError(
          `"${address.trim()}" is not an address; write it as 192.168.1.20:4455.`,
        );
      location.assign(invitationUrl(address.trim(), code, name));
      return;
    }
    setLocalError(null);
    void store
      .getState()
      .join({ code, address: hostAddress ?? (address.trim() || null) })
      .catch(() => {});
  };
  const cancel = () => {
    if (awaiting) void store.getState().stop();
    onCancel();
  };
  const joining = awaiting && status.running;
  const links = relevantLinks(status.links);
  const refused = links.length > 0 && links.every((l) => l.state === 'refused');

  return (
    <form className="share-body" onSubmit={submit}>
      <p className="muted">
        Ask the facilitator for the workshop code.{' '}
        {hostAddress
          ? 'This page comes from the workshop host, so the code is all you need.'
          : workshop.discovers
            ? 'Canopy finds the workshop on this network by itself; type an address only if it does not.'
            : 'In a browser, also type the address shown in their Share panel: Canopy opens the workshop’s page on that computer.'}
      </p>
      <div className="form-grid">
        <label htmlFor={ids.code}>Workshop code</label>
        <input
          id={ids.code}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder="K7QM-3XPA-9RT2"
          autoComplete="off"
          spellCheck={false}
          required
          className="code-input"
        />
        {!hostAddress && (
          <>
            <label htmlFor={ids.address}>Address{workshop.discovers ? ' (optional)' : ''}</label>
            <input
              id={ids.address}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder="192.168.1.20:4455"
              required={!workshop.discovers}
              spellCheck={false}
            />
          </>
        )}
        <label htmlFor={ids.name}>Your name</label>
        <input
          id={ids.name}
          value={name}
          maxLength={40}
          onChange={(e) => setName(e.target.value)}
          placeholder="Shown to the others"
        />
      </div>
      {joining && (
        <div role="status" className="join-progress">
          {refused
            ? 'Could not join.'
            : status.links.some((l) => l.state === 'open')
              ? 'Connected. Receiving the tree…'
              : workshop.discovers && links.length === 0
                ? 'Looking for the workshop on this network…'
                : 'Connecting…'}
          <ConnectionList links={status.links} />
        </div>
      )}
      {(localError ?? error) && (
        <p role="alert" className="error">
          {localError ?? error}
        </p>
      )}
      <div className="sheet-actions">
        <button type="button" onClick={cancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {joining ? 'Try again' : 'Join'}
        </button>
      </div>
    </form>
  );
}
