import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { SCHEMA_VERSION } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { OpeningScreen } from '../app/OpeningScreen';
import { usePlatform } from '../app/PlatformContext';
import { TopBar } from '../app/TopBar';
import { usePaneCycle } from '../app/pane-cycle';
import { useCommandHost } from '../commands/context';
import { BoardView } from '../board/BoardView';
import { ProposeDialog } from '../drafts/ProposeDialog';
import { FileMenu } from '../files/FileMenu';
import { Handout } from '../files/Handout';
import { HistoryDialog } from '../history/HistoryDialog';
import { LearningView } from '../learning/LearningView';
import { QuickEvidence } from '../learning/QuickEvidence';
import { FacilitatorConsole } from '../room/FacilitatorConsole';
import { ReflectionPanel } from '../room/ReflectionPanel';
import { SummaryScreen } from '../room/SummaryScreen';
import { RoomBar } from '../room/RoomBar';
import { useFollow } from '../room/useFollow';
import { VoteDialogs } from '../room/votes/RoomVote';
import { SignalsView } from '../signals/SignalsView';
import type { DocSession } from '../storage/doc-session';
import { TreeCanvas } from '../tree/canvas/TreeCanvas';
import { DetailsPanel } from '../tree/details/DetailsPanel';
import { OutlineTree } from '../tree/outline/OutlineTree';
import { offerUndo } from '../tree/delete-toast';
import { useOutlinePaste } from '../tree/outline-paste';
import { SharePanel } from '../workshop/SharePanel';
import { useWorkshopLink } from '../workshop/useWorkshop';
import { useTeamLink, useTeamStatus } from '../team/useTeam';
import { WorkshopIndicator } from '../workshop/WorkshopIndicator';
import { DocTitle } from './DocTitle';
import type { DocStore } from './doc-store';
import {
  DocumentProvider,
  useDoc,
  useDocument,
  useView,
  type OpenDocument,
} from './document-context';
import { RenameNotices } from './RenameNotice';
import { useDocSession } from './useDocSession';
import { createViewStore } from './view-store';
import { TAB_LABEL, ViewTabs } from './ViewTabs';
import './document.css';

export function DocumentScreen({ id }: { id: string }) {
  const { storage } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const state = useDocSession(storage, id);
  const back = (
    <button
      type="button"
      className="ghost"
      onClick={() => navigate({ screen: 'home' })}
      aria-label="Back to all trees"
    >
      ← All trees
    </button>
  );
  if (state.status !== 'ready')
    return (
      <OpeningScreen
        state={state}
        back={back}
        what="this tree"
        whenMissing="It may have been deleted. Go back to see your trees."
      />
    );
  return <OpenedDocument session={state.session} store={state.store} back={back} />;
}

/** Gives the open document to every view under it (see document-context.tsx). */
function OpenedDocument({
  session,
  store,
  back,
}: {
  session: DocSession;
  store: DocStore;
  back: React.ReactNode;
}) {
  const view = useMemo(() => createViewStore(session.id), [session.id]);
  const open = useMemo<OpenDocument>(
    () => ({ id: session.id, model: session.model, store, view, awareness: session.awareness }),
    [session, store, view],
  );
  const selected = useStore(view, (s) => s.selected);

  // Others see what we have selected (presence only, never in the document).
  useEffect(() => {
    session.awareness.setLocalStateField('selection', selected);
  }, [session, selected]);

  return (
    <DocumentProvider document={open}>
      <DocumentView session={session} back={back} />
    </DocumentProvider>
  );
}

// The charts library is large and only the Flow view needs it: loaded when opened.
const FlowView = lazy(() => import('../flow/FlowView').then((m) => ({ default: m.FlowView })));

function DocumentView({ session, back }: { session: DocSession; back: React.ReactNode }) {
  const { model, store, view } = useDocument();
  const title = useDoc((s) => s.meta.title);
  const schemaVersion = useDoc((s) => s.meta.schemaVersion);
  const readOnly = useDoc((s) => s.readOnly);
  const newer = useDoc((s) => s.schema === 'newer');
  const empty = useDoc((s) => s.rootId === null);
  const selected = useView((s) => s.selected);
  const detailsClosed = useView((s) => s.detailsClosed);
  const [shareOpen, setShareOpen] = useState(false);
  const [quickEvidence, setQuickEvidence] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [proposing, setProposing] = useState<string | null>(null);
  const [handout, setHandout] = useState(false);
  const [consoleOpen, setConsoleOpen] = useState(false);
  const [reflecting, setReflecting] = useState(false);
  const [summary, setSummary] = useState(false);
  const isDraft = model.isPrivate;
  // The item given, else the selected one, or the whole draft when nothing (live) is.
  const propose = useCallback(
    (nodeId: string | null = null) => {
      const sel = nodeId ?? view.getState().selected;
      setProposing(sel && store.getState().nodes.has(sel) ? sel : model.meta.rootId);
    },
    [view, store, model],
  );
  const shared = useWorkshopLink(session);
  useTeamLink(session);
  const teamLinked = useTeamStatus(session.id) !== null;
  const tab = useApp((s) => (s.route.screen === 'doc' ? (s.route.tab ?? 'tree') : 'tree'));
  const navigate = useApp((s) => s.navigate);

  useFollow(session.id);
  usePaneCycle();
  useOutlinePaste();

  // The commands (keys, menus, palette) reach this document and its dialogs through here.
  const { id } = useDocument();
  useEffect(() => {
    const host = useCommandHost.getState();
    host.setDoc({
      id,
      model,
      store,
      view,
      tab,
      actions: {
        propose,
        quickEvidence: () => setQuickEvidence(true),
        history: () => setHistoryOpen(true),
        handout: () => setHandout(true),
        runRoom: () => setConsoleOpen(true),
        offerUndo: (deletion, refocus) => offerUndo(model, view, deletion, refocus),
        error: (message) => view.getState().setNotice(message),
      },
    });
    return () => host.setDoc(null);
  }, [id, model, store, view, tab, propose]);

  if (handout) return <Handout onClose={() => setHandout(false)} />;
  if (summary) return <SummaryScreen onClose={() => setSummary(false)} />;

  return (
    <div className="screen document-screen">
      <TopBar
        heading={`${title || 'Untitled tree'}: ${empty ? 'empty' : TAB_LABEL[tab]}`}
        title={
          <>
            {back}
            <DocTitle />
            {!empty && <ViewTabs id={session.id} tab={tab} />}
          </>
        }
      >
        {!empty && <FileMenu />}
        {isDraft ? (
          <>
            <span
              className="badge draft-badge"
              title="Drafts stay on this machine: they never join a workshop or any sync."
            >
              Private draft
            </span>
            {!empty && !readOnly && (
              <button
                type="button"
                className="primary"
                aria-keyshortcuts="Alt+P"
                title="Copy the selected item (or the whole draft) into a shared tree (Alt+P)"
                aria-label="Propose to tree…"
                onClick={() => propose()}
              >
                Propose…
              </button>
            )}
          </>
        ) : (
          <WorkshopIndicator
            docId={session.id}
            awareness={session.awareness}
            onOpen={() => setShareOpen(true)}
          />
        )}
      </TopBar>
      {!isDraft && !empty && (
        <RoomBar
          onConsole={() => setConsoleOpen(true)}
          onReflect={() => setReflecting(true)}
          onSummary={() => setSummary(true)}
        />
      )}
      {!isDraft && (
        <FacilitatorConsole
          open={consoleOpen}
          onClose={() => setConsoleOpen(false)}
          onSummary={() => {
            setConsoleOpen(false);
            setSummary(true);
          }}
        />
      )}
      {!isDraft && <ReflectionPanel open={reflecting} onClose={() => setReflecting(false)} />}
      {!isDraft && !empty && <VoteDialogs />}
      {proposing && <ProposeDialog nodeId={proposing} onClose={() => setProposing(null)} />}
      {historyOpen && <HistoryDialog onClose={() => setHistoryOpen(false)} />}
      {quickEvidence && selected && (
        <QuickEvidence nodeId={selected} onClose={() => setQuickEvidence(false)} />
      )}
      {!isDraft && (
        <SharePanel
          open={shareOpen}
          onClose={() => setShareOpen(false)}
          docId={session.id}
          awareness={session.awareness}
        />
      )}
      <RenameNotices
        shown={(tab === 'tree' || tab === 'board') && !detailsClosed ? selected : null}
      />
      {newer && (
        <div role="alert" className="banner banner-warning">
          <strong>Read-only.</strong> This tree was written by a newer version of Canopy (schema{' '}
          {schemaVersion}; this version reads up to {SCHEMA_VERSION}). It is open read-only so
          nothing is lost. Update Canopy to edit it.
        </div>
      )}
      {empty ? (
        <main className="centered">
          {shared || teamLinked ? (
            <p role="status">Receiving the tree from the {shared ? 'workshop' : 'team server'}…</p>
          ) : (
            <div className="empty-state">
              <p>This tree has no content on this computer yet.</p>
              <p className="muted">
                It was joined from a workshop. Join the workshop again to receive it.
              </p>
            </div>
          )}
        </main>
      ) : (
        <main
          className="workspace"
          id="document-view"
          // The tree's panes are the outline, the canvas and its tools; other views are one.
          data-pane={tab === 'tree' ? undefined : 'view'}
        >
          {tab === 'board' ? (
            <BoardView />
          ) : tab === 'signals' ? (
            <SignalsView />
          ) : tab === 'learning' ? (
            <LearningView />
          ) : tab === 'flow' ? (
            <Suspense fallback={<p role="status">Loading the charts…</p>}>
              <FlowView />
            </Suspense>
          ) : (
            <>
              <section className="outline-panel" aria-label="Outline" data-pane="outline">
                <OutlineTree />
              </section>
              <TreeCanvas />
            </>
          )}
          {(tab === 'tree' || tab === 'board') && selected && !detailsClosed && (
            <DetailsPanel
              nodeId={selected}
              onClose={() => view.getState().closeDetails()}
              onTimeline={(id) => {
                view.getState().setTimelineFor(id);
                navigate({ screen: 'doc', id: session.id, tab: 'learning' });
              }}
            />
          )}
        </main>
      )}
    </div>
  );
}
