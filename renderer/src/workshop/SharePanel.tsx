/**
 * The Share panel: start a workshop on this tree (desktop) or see the one that runs,
 * with its code as text and QR, who is here, each connection in words, and a way to
 * dial an address where multicast does not reach.
 */
import QRCode from 'qrcode';
import { invitationUrl } from './invitation';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { formatWorkshopCode, type LinkStatus } from '../../../shared/sync';
import { usePlatform } from '../app/PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';
import { announceUser, localColor, localName, setLocalName, usePeers } from './presence';
import { useWorkshop, useWorkshopStore } from './useWorkshop';
import { SheetClose } from '../widgets/SheetClose';
import { TeamSection } from '../team/TeamSection';
import './workshop.css';

interface Props {
  open: boolean;
  onClose(): void;
  docId: string;
  awareness: Awareness;
}

export function SharePanel({ open, onClose, docId, awareness }: Props) {
  const setDialog = useModalDialog(open);
  return (
    <dialog
      ref={setDialog}
      className="sheet share-sheet"
      aria-labelledby="share-title"
      onClose={onClose}
    >
      <h2 id="share-title">Share this tree</h2>
      {open && <ShareBody docId={docId} awareness={awareness} />}
      <SheetClose onClose={onClose} />
    </dialog>
  );
}

function ShareBody({ docId, awareness }: { docId: string; awareness: Awareness }) {
  const { workshop } = usePlatform();
  const status = useWorkshop((s) => s.status);
  const error = useWorkshop((s) => s.error);
  const here = status.running && status.docId === docId;

  return (
    <div className="share-body">
      <NameField awareness={awareness} />
      {here ? (
        <RunningWorkshop awareness={awareness} />
      ) : status.running ? (
        <div className="share-section">
          <p>A workshop is running on another tree. One workshop runs at a time.</p>
          {workshop.canHost && <StartButton docId={docId} label="Stop it and share this tree" />}
        </div>
      ) : workshop.canHost ? (
        <div className="share-section">
          <p>
            Start a workshop and everyone on this network who has its code can edit this tree with
            you, live. No server and no internet: the code never crosses the network, so say it out
            loud or show it on the projector.
          </p>
          <StartButton docId={docId} label="Start a workshop" />
        </div>
      ) : (
        <div className="share-section">
          <p>
            A browser can join a workshop but cannot start one. Start it in the Canopy desktop app
            (or on a Canopy host), then use <strong>Join a workshop</strong> on the home screen.
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <TeamSection docId={docId} />
    </div>
  );
}

function StartButton({ docId, label }: { docId: string; label: string }) {
  const store = useWorkshopStore();
  const busy = useWorkshop((s) => s.busy);
  return (
    <button
      type="button"
      className="primary"
      disabled={busy}
      // A failure is shown from the store's error.
      onClick={() =>
        void store
          .getState()
          .start(docId)
          .catch(() => {})
      }
    >
      {busy ? 'Starting…' : label}
    </button>
  );
}

function NameField({ awareness }: { awareness: Awareness }) {
  const id = useId();
  const [name, setName] = useState(localName);
  return (
    <div className="share-name">
      <span className="presence-dot" style={{ background: localColor() }} aria-hidden="true" />
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        value={name}
        maxLength={40}
        placeholder="Shown to the others"
        onChange={(e) => setName(e.target.value)}
        onBlur={() => {
          setLocalName(name);
          announceUser(awareness);
        }}
      />
    </div>
  );
}

function RunningWorkshop({ awareness }: { awareness: Awareness }) {
  const store = useWorkshopStore();
  const status = useWorkshop((s) => s.status);
  const busy = useWorkshop((s) => s.busy);
  const peers = usePeers(awareness);
  const code = formatWorkshopCode(status.code ?? '');
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // Where this app serves the web app, a phone's camera opens the invitation itself.
  const webUrls = status.webApp ? status.addresses.map((a) => `http://${a}/`) : [];
  const invitation =
    status.webApp && status.addresses[0] ? invitationUrl(status.addresses[0], code) : null;
  const qrText = invitation ?? code;

  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(qrText, { margin: 1, width: 168, errorCorrectionLevel: 'M' }).then(
      (url) => live && setQr(url),
    );
    return () => {
      live = false;
    };
  }, [qrText]);

  const copy = () =>
    void navigator.clipboard
      .writeText(code)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));

  return (
    <>
      <div className="share-section share-code">
        <div>
          <div className="muted">Workshop code</div>
          <output className="workshop-code" aria-label="Workshop code">
            {code}
          </output>
          <div>
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy code'}
            </button>
          </div>
        </div>
        {qr && (
          <img
            className="share-qr"
            src={qr}
            alt={
              invitation
                ? `QR code to join from a phone or laptop: ${invitation}`
                : `QR code of the workshop code ${code}`
            }
          />
        )}
      </div>

      {webUrls.length > 0 && (
        <p className="share-web">
          No app needed: others on this network open <CodeAlternatives items={webUrls} /> in a
          browser (or scan the QR code) and type the code.
        </p>
      )}

      {status.listening ? (
        <p className="muted">
          Canopy apps on this network find the workshop by themselves. Where they do not (a network
          that blocks multicast{status.webApp ? '' : ', or a browser'}), connect to{' '}
          {status.addresses.length ? (
            <CodeAlternatives items={status.addresses} />
          ) : (
            <em>this computer (no network address found: is it on a network?)</em>
          )}
          .
        </p>
      ) : null}

      <section className="share-section" aria-labelledby="people-title">
        <h3 id="people-title">People here</h3>
        <ul className="people" aria-label="People here">
          <li>
            <span className="presence-dot" style={{ background: localColor() }} aria-hidden />
            {localName() || 'You'} (you)
          </li>
          {peers.map((p) => (
            <li key={p.clientId}>
              <span className="presence-dot" style={{ background: p.user.color }} aria-hidden />
              {p.user.name}
            </li>
          ))}
        </ul>
        {peers.length === 0 && <p className="muted">Nobody else yet.</p>}
      </section>

      <section className="share-section" aria-labelledby="links-title">
        <h3 id="links-title">Connections</h3>
        <ConnectionList links={status.links} />
        <ConnectForm />
      </section>

      <div className="share-section">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => void store.getState().stop()}
        >
          {status.listening ? 'Stop the workshop' : 'Leave the workshop'}
        </button>
        <p className="muted">Your copy of the tree stays on this computer either way.</p>
      </div>
    </>
  );
}

/** "a or b or c", each in code type: addresses to type. */
function CodeAlternatives({ items }: { items: string[] }) {
  return items.map((item, i) => (
    <span key={item}>
      {i > 0 && ' or '}
      <code>{item}</code>
    </span>
  ));
}

const STATE_WORDS: Record<LinkStatus['state'], string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  retrying: 'Reconnecting…',
  refused: 'Refused',
};

/**
 * Peers found by multicast that refused us belong to other workshops on the network:
 * expected, and not worth a line each.
 */
export const relevantLinks = (links: LinkStatus[]) =>
  links.filter((l) => !(l.discovered && l.state === 'refused'));

export function ConnectionList({ links: all }: { links: LinkStatus[] }) {
  const links = relevantLinks(all);
  if (links.length === 0) return <p className="muted">No connections yet.</p>;
  return (
    <ul className="links" aria-label="Connections">
      {links.map((l) => (
        <li
          key={`${l.direction}-${l.address}-${l.peerId ?? ''}`}
          className={`link link-${l.state}`}
        >
          <span className="link-address">
            {l.direction === 'in' ? 'From ' : 'To '}
            {l.address}
          </span>
          <span className="link-state">{STATE_WORDS[l.state]}</span>
          {l.error && l.state !== 'open' && <span className="link-error">{l.error}</span>}
        </li>
      ))}
    </ul>
  );
}

function ConnectForm() {
  const store = useWorkshopStore();
  const [address, setAddress] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!address.trim()) return;
    void store
      .getState()
      .connect(address.trim())
      .then(() => setAddress(''))
      .catch(() => {});
  };
  return (
    <form className="connect-form" onSubmit={submit}>
      <input
        aria-label="Peer address"
        placeholder="192.168.1.20:4455"
        value={address}
        onChange={(e) => setAddress(e.target.value)}
      />
      <button type="submit">Connect</button>
    </form>
  );
}
