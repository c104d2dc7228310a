/**
 * The projector view (#/doc/ID/projector; on the desktop, a window of its own on the
 * other display): no chrome, type readable from the back of a room at 1080p, the
 * current step and the timer, how to join (address, code and QR), and the tree walked
 * item by item with the arrow keys (vision, goals, bets, initiatives, each with its
 * hypothesis and measures), or the board. The facilitator's own screen stays a console.
 *
 * Keys are handled here, locally, while this screen is shown: ← → (or ↑ ↓, Page Up
 * and Page Down) walk, Home and End jump, T shows the tree, B the board and R the
 * latest vote's results, which it also turns to by itself when a round is revealed.
 */
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { isCardKind, cardColumn, NODE_KIND_LABEL, type NodeData } from '../../../shared/model';
import { formatWorkshopCode } from '../../../shared/sync';
import { formatRemaining } from '../../../shared/sync/room/timer';
import { OpeningScreen } from '../app/OpeningScreen';
import { usePlatform } from '../app/PlatformContext';
import type { DocStore } from '../document/doc-store';
import { DocumentProvider, useDoc } from '../document/document-context';
import { useDocSession } from '../document/useDocSession';
import { createViewStore } from '../document/view-store';
import type { DocSession } from '../storage/doc-session';
import { invitationUrl } from '../workshop/invitation';
import { useHostAddress, useWorkshop, useWorkshopLink } from '../workshop/useWorkshop';
import { useTimer } from './useTimer';
import { ProjectorResults, ProjectorRoundBand, useLatestRound } from './votes/ProjectorRound';
import './projector.css';

export function ProjectorScreen({ id }: { id: string }) {
  const { storage } = usePlatform();
  const state = useDocSession(storage, id);
  if (state.status !== 'ready')
    return (
      <OpeningScreen
        state={state}
        back={null}
        what="this tree"
        whenMissing="Open the projector from the tree on this computer."
      />
    );
  return <Opened session={state.session} store={state.store} />;
}

function Opened({ session, store }: { session: DocSession; store: DocStore }) {
  const view = useMemo(() => createViewStore(session.id), [session.id]);
  const open = useMemo(
    () => ({ id: session.id, model: session.model, store, view, awareness: null }),
    [session, store, view],
  );
  // Live like any screen of the workshop (its document syncs as a window's does).
  useWorkshopLink(session, { person: false });
  return (
    <DocumentProvider document={open}>
      <Projector />
    </DocumentProvider>
  );
}

type Mode = 'tree' | 'board' | 'results';

function Projector() {
  const order = useDoc((s) => s.order);
  const [mode, setMode] = useState<Mode>('tree');
  const latest = useLatestRound();
  // A round revealed while this screen is up: show its results.
  const [seen, setSeen] = useState(latest?.id ?? null);
  if (latest && latest.id !== seen) {
    setSeen(latest.id);
    setMode('results');
  }
  const [index, setIndex] = useState(0);
  const last = Math.max(0, order.length - 1);
  const at = Math.min(index, last);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const step: Record<string, (i: number) => number> = {
        ArrowRight: (i) => i + 1,
        ArrowDown: (i) => i + 1,
        PageDown: (i) => i + 1,
        ' ': (i) => i + 1,
        ArrowLeft: (i) => i - 1,
        ArrowUp: (i) => i - 1,
        PageUp: (i) => i - 1,
        Home: () => 0,
        End: () => Infinity,
      };
      const move = step[e.key];
      if (move) {
        e.preventDefault();
        setMode('tree');
        setIndex((i) => Math.max(0, Math.min(last, move(Math.min(i, last)))));
      } else if (e.key === 't' || e.key === 'T') setMode('tree');
      else if (e.key === 'b' || e.key === 'B') setMode('board');
      else if (e.key === 'r' || e.key === 'R') setMode('results');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [last]);

  return (
    <div className="projector" data-mode={mode}>
      <header className="projector-head">
        <StepHeading />
        <ProjectorTimer />
      </header>
      <div className="projector-round-slot">
        <ProjectorRoundBand />
      </div>
      <main className="projector-main" aria-label="Projector">
        {mode === 'results' && latest ? (
          <ProjectorResults round={latest} />
        ) : mode !== 'board' ? (
          order[at] ? (
            <TreeItem id={order[at]} position={at + 1} count={order.length} />
          ) : (
            <p className="projector-empty">The tree is empty.</p>
          )
        ) : (
          <BoardOverview />
        )}
      </main>
      <footer className="projector-foot">
        <JoinInfo />
        <p className="projector-keys">
          ← → walk the tree · T tree · B board{latest ? ' · R results' : ''}
        </p>
      </footer>
    </div>
  );
}

function StepHeading() {
  const title = useDoc((s) => s.meta.title);
  const { agenda, current, lock } = useDoc((s) => s.workshop);
  const step = agenda[current];
  return (
    <div className="projector-step">
      <p className="projector-tree-title">{title || 'Untitled tree'}</p>
      <h1>
        {step ? step.title : current >= agenda.length && agenda.length ? 'Thank you' : 'Welcome'}
      </h1>
      {step && (
        <p className="projector-step-count">
          Step {current + 1} of {agenda.length}
          {lock.on ? ` · Read-only${lock.reason ? `: ${lock.reason}` : ''}` : ''}
        </p>
      )}
    </div>
  );
}

function ProjectorTimer() {
  const { timer, left } = useTimer();
  if (!timer || left === null) return null;
  const text = formatRemaining(left);
  return (
    <div
      className={`projector-timer${left === 0 ? ' is-over' : ''}`}
      role="timer"
      aria-label={`Time left: ${text}${timer.running ? '' : ' (paused)'}`}
    >
      {text}
      {!timer.running && <span className="projector-paused">paused</span>}
    </div>
  );
}

const number = (n: number | null) => (n === null ? '–' : n.toLocaleString());

function TreeItem({ id, position, count }: { id: string; position: number; count: number }) {
  const node: NodeData | undefined = useDoc((s) => s.nodes.get(id));
  const parentTitle = useDoc((s) => {
    const parent = s.parentOf.get(id);
    return parent ? s.nodes.get(parent)?.title : null;
  });
  const column = useDoc((s) =>
    node && isCardKind(node.kind) ? cardColumn(s.board, node.id).name : null,
  );
  if (!node) return null;
  const h = node.hypothesis;
  const hasHypothesis = h.believe || h.result || h.signal;
  return (
    <article
      className={`projector-item kind-${node.kind}`}
      aria-label={`${NODE_KIND_LABEL[node.kind]} ${position} of ${count}: ${node.title || 'Untitled'}`}
      aria-live="polite"
    >
      <p className="projector-kind">
        {NODE_KIND_LABEL[node.kind]}
        {parentTitle ? ` · under “${parentTitle}”` : ''}
        {column ? ` · ${column}` : ''}
        <span className="projector-position">
          {position} / {count}
        </span>
      </p>
      <h2>{node.title || 'Untitled'}</h2>
      {node.description && <p className="projector-description">{node.description}</p>}
      {hasHypothesis && (
        <dl className="projector-hypothesis">
          {h.believe && (
            <>
              <dt>We believe</dt>
              <dd>{h.believe}</dd>
            </>
          )}
          {h.result && (
            <>
              <dt>will result in</dt>
              <dd>{h.result}</dd>
            </>
          )}
          {h.signal && (
            <>
              <dt>We will know when</dt>
              <dd>{h.signal}</dd>
            </>
          )}
        </dl>
      )}
      {node.measures.length > 0 && (
        <table className="projector-measures">
          <caption>Measures</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Baseline</th>
              <th scope="col">Now</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {node.measures.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.name}
                  {m.unit && <span className="projector-unit"> ({m.unit})</span>}
                </th>
                <td>{number(m.baseline)}</td>
                <td>{number(m.current)}</td>
                <td>{number(m.target)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

/** As many cards per column as fit at 1080p; the rest are counted. */
const SHOWN_CARDS = 5;

function BoardOverview() {
  const board = useDoc((s) => s.board);
  const nodes = useDoc((s) => s.nodes);
  const order = useDoc((s) => s.order);
  const cards = order.filter((id) => {
    const n = nodes.get(id);
    return n && isCardKind(n.kind);
  });
  return (
    <section className="projector-board" aria-label="Board">
      {board.columns.map((column) => {
        const here = cards.filter((id) => cardColumn(board, id).id === column.id);
        return (
          <div key={column.id} className={`projector-column${here.length ? ' has-cards' : ''}`}>
            <h2>
              {column.name}
              <span className="projector-count">
                {here.length} {here.length === 1 ? 'card' : 'cards'}
                {column.wipLimit !== null ? `, limit ${column.wipLimit}` : ''}
              </span>
            </h2>
            <ul>
              {here.slice(0, SHOWN_CARDS).map((id) => (
                <li key={id}>{nodes.get(id)?.title || 'Untitled'}</li>
              ))}
              {here.length > SHOWN_CARDS && (
                <li className="projector-more">and {here.length - SHOWN_CARDS} more</li>
              )}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** How to join: the address of the web app, the code, and a QR code of the invitation. */
function JoinInfo() {
  const status = useWorkshop((s) => s.status);
  const pageHost = useHostAddress();
  const address = status.addresses[0] ?? pageHost;
  const [drawn, setDrawn] = useState<{ url: string; data: string } | null>(null);
  const url = status.running && status.code && address ? invitationUrl(address, status.code) : null;
  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toDataURL(url, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then(
      (data) => live && setDrawn({ url, data }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  const qr = drawn && drawn.url === url ? drawn.data : null;
  if (!url || !status.code) return <div />;
  return (
    <div className="projector-join">
      {qr && <img src={qr} alt={`QR code to join: ${url}`} width={160} height={160} />}
      <div>
        <p>Join at</p>
        <p className="projector-address">http://{address}/</p>
        <p>
          Code <strong className="projector-code">{formatWorkshopCode(status.code)}</strong>
        </p>
      </div>
    </div>
  );
}
