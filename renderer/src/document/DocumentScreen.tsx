import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { AppCommand } from '../../../shared/ipc';
import { parseOutlineText, pasteMessage, planPaste, SCHEMA_VERSION } from '../../../shared/model';
import type { DocSession } from '../storage/doc-session';
import { DOC_TABS, useApp, type DocTab } from '../app/app-store';
import type { createDocStore } from './doc-store';
import { BoardView } from '../board/BoardView';
import { LearningView } from '../learning/LearningView';
import { SignalsView } from '../signals/SignalsView';
import { FileMenu } from '../files/FileMenu';
import { Handout } from '../files/Handout';
import { HistoryDialog } from '../history/HistoryDialog';
import { ProposeDialog } from '../drafts/ProposeDialog';
import { QuickEvidence } from '../learning/QuickEvidence';
import { TreeCanvas } from '../tree/canvas/TreeCanvas';
import { createViewStore } from './view-store';
import { DetailsPanel } from '../tree/details/DetailsPanel';
import { OpeningScreen } from '../app/OpeningScreen';
import { OutlineTree } from '../tree/outline/OutlineTree';
import { usePaneCycle } from '../app/pane-cycle';
import { RenameNotices } from './RenameNotice';
import { attempt } from '../tree/tree-keys';
import { usePlatform } from '../app/PlatformContext';
import { TopBar } from '../app/TopBar';
import { useDocSession } from './useDocSession';
import { SharePanel } from '../workshop/SharePanel';
import { useWorkshopLink } from '../workshop/useWorkshop';
import { WorkshopIndicator } from '../workshop/WorkshopIndicator';

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
  return <OpenDocument session={state.session} store={state.store} back={back} />;
}

// The charts library is large and only the Flow view needs it: loaded when opened.
const FlowView = lazy(() => import('../flow/FlowView').then((m) => ({ default: m.FlowView })));

const TAB_LABEL: Record<DocTab, string> = {
  tree: 'Tree',
  board: 'Board',
  signals: 'Signals',
  flow: 'Flow',
  learning: 'Learning',
};

/** Views of one document (Alt+1 … Alt+5). */
function ViewTabs({ id, tab }: { id: string; tab: DocTab }) {
  const navigate = useApp((s) => s.navigate);
  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {DOC_TABS.map((t, i) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls="document-view"
          title={`${TAB_LABEL[t]} (Alt+${i + 1})`}
          className={t === tab ? 'view-tab active' : 'view-tab'}
          onClick={() => navigate({ screen: 'doc', id, tab: t })}
        >
          {TAB_LABEL[t]}
        </button>
      ))}
    </div>
  );
}

interface OpenProps {
  session: DocSession;
  store: ReturnType<typeof createDocStore>;
  back: React.ReactNode;
}

/** A paste notice names limits and merges: long enough to read, dismissible. */
const PASTE_NOTICE_MS = 30_000;

const isEditable = (el: Element | null) =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLElement && el.isContentEditable);

function OpenDocument({ session, store, back }: OpenProps) {
  const { storage, onCommand } = usePlatform();
  const meta = useStore(store, (s) => s.meta);
  const readOnly = useStore(store, (s) => s.readOnly);
  const model = session.model;
  const view = useMemo(() => createViewStore(session.id), [session.id]);
  const selected = useStore(view, (s) => s.selected);
  const detailsClosed = useStore(view, (s) => s.detailsClosed);
  const [shareOpen, setShareOpen] = useState(false);
  const [quickEvidence, setQuickEvidence] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [proposing, setProposing] = useState<string | null>(null);
  const [handout, setHandout] = useState(false);
  const isDraft = model.isPrivate;
  // The selected item, or the whole draft when nothing (live) is selected.
  const propose = useCallback(() => {
    const sel = view.getState().selected;
    setProposing(sel && store.getState().nodes.has(sel) ? sel : model.meta.rootId);
  }, [view, store, model]);
  const shared = useWorkshopLink(session);
  const empty = useStore(store, (s) => s.rootId === null);
  const tab = useApp((s) => (s.route.screen === 'doc' ? (s.route.tab ?? 'tree') : 'tree'));
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);

  usePaneCycle();

  // Alt+1 … Alt+5 switch views.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // In a text field Alt+letter and Alt+digit type characters on some layouts (é, ™).
      if (isEditable(document.activeElement)) return;
      if (e.code === 'KeyP' && model.isPrivate) {
        e.preventDefault();
        propose();
        return;
      }
      if (e.code === 'KeyE') {
        // Evidence mid-workshop, without leaving the canvas (e.code: Alt+E types a
        // character on some layouts).
        e.preventDefault();
        if (view.getState().selected && !model.readOnly) setQuickEvidence(true);
        return;
      }
      const t = DOC_TABS[Number(e.key) - 1];
      if (!t) return;
      e.preventDefault();
      navigate({ screen: 'doc', id: session.id, tab: t });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, session.id, view, model, propose]);

  // Others see what we have selected (presence only, never in the document).
  useEffect(() => {
    session.awareness.setLocalStateField('selection', selected);
  }, [session, selected]);

  // Keep the home screen's summary current (debounced: typing is many changes).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = model.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(
        () => void storage.update(session.id, { title: model.meta.title, updatedAt: Date.now() }),
        300,
      );
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [model, storage, session.id]);

  // Undo and redo: the menu (desktop) or Ctrl+Z (web). Text fields keep their own undo.
  useEffect(() => {
    const apply = (command: AppCommand) => {
      if (command !== 'undo' && command !== 'redo') return;
      if (isEditable(document.activeElement)) {
        document.execCommand(command);
        return;
      }
      if (model.readOnly) return;
      if (command === 'undo') model.undoManager.undo();
      else model.undoManager.redo();
    };
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isEditable(document.activeElement)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        e.preventDefault();
        apply(key === 'y' || e.shiftKey ? 'redo' : 'undo');
      }
    };
    window.addEventListener('keydown', onKey);
    const off = onCommand(apply);
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [model, onCommand]);

  // Pasting an indented outline (outside a text field) adds it under the selection.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || model.readOnly) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const parsed = parseOutlineText(text, 'paste');
      const { items } = parsed;
      if (items.length === 0) return;
      e.preventDefault();
      const v = view.getState();
      const root = model.meta.rootId;
      const parent = v.selected && store.getState().nodes.has(v.selected) ? v.selected : root;
      if (!parent || !root) return;
      const rootTitle = model.node(root)?.title ?? '';
      const plan = planPaste(items, rootTitle);
      // One undo step of its own: apart from edits before and after, its commands together.
      model.undoManager.stopCapturing();
      const done = attempt(v, () => {
        if (plan.rootTitle !== null) model.updateNode(root, { title: plan.rootTitle });
        const ids =
          parent === root
            ? model.insertOutline(root, [...plan.underRoot, ...plan.items])
            : [
                ...(plan.items.length ? model.insertOutline(parent, plan.items) : []),
                ...(plan.underRoot.length ? model.insertOutline(root, plan.underRoot) : []),
              ];
        v.setCollapsed(parent, false);
        if (plan.underRoot.length) v.setCollapsed(root, false);
        if (ids[0]) v.select(ids[0]);
        else if (plan.rootTitle !== null) v.select(root);
      });
      model.undoManager.stopCapturing();
      // Said where the paste happened, after the command (attempt clears the notice).
      const message = done ? pasteMessage(plan, parsed, rootTitle) : null;
      if (message) showToast({ message, timeoutMs: PASTE_NOTICE_MS });
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [model, view, store, showToast]);

  if (handout) return <Handout model={model} store={store} onClose={() => setHandout(false)} />;

  return (
    <div className="screen document-screen">
      <TopBar
        heading={`${meta.title || 'Untitled tree'}: ${empty ? 'empty' : TAB_LABEL[tab]}`}
        title={
          <>
            {back}
            <DocTitle
              title={meta.title}
              readOnly={readOnly}
              onRename={(t, base) => model.rename({ kind: 'tree' }, t, { base }) === null}
            />
            {!empty && <ViewTabs id={session.id} tab={tab} />}
          </>
        }
      >
        {!empty && (
          <FileMenu
            model={model}
            onHistory={() => setHistoryOpen(true)}
            onHandout={() => setHandout(true)}
            onError={(message) => view.getState().setNotice(message)}
          />
        )}
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
                onClick={propose}
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
      {proposing && (
        <ProposeDialog draft={model} nodeId={proposing} onClose={() => setProposing(null)} />
      )}
      {historyOpen && (
        <HistoryDialog
          model={model}
          store={store}
          view={view}
          onClose={() => setHistoryOpen(false)}
        />
      )}
      {quickEvidence && selected && (
        <QuickEvidence
          model={model}
          store={store}
          view={view}
          nodeId={selected}
          onClose={() => setQuickEvidence(false)}
        />
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
        store={store}
        model={model}
        view={view}
        shown={(tab === 'tree' || tab === 'board') && !detailsClosed ? selected : null}
      />
      {readOnly && (
        <div role="alert" className="banner banner-warning">
          <strong>Read-only.</strong> This tree was written by a newer version of Canopy (schema{' '}
          {meta.schemaVersion}; this version reads up to {SCHEMA_VERSION}). It is open read-only so
          nothing is lost. Update Canopy to edit it.
        </div>
      )}
      {empty ? (
        <main className="centered">
          {shared ? (
            <p role="status">Receiving the tree from the workshop…</p>
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
            <BoardView store={store} view={view} model={model} />
          ) : tab === 'signals' ? (
            <SignalsView docId={session.id} store={store} view={view} model={model} />
          ) : tab === 'learning' ? (
            <LearningView docId={session.id} store={store} view={view} />
          ) : tab === 'flow' ? (
            <Suspense fallback={<p role="status">Loading the charts…</p>}>
              <FlowView store={store} />
            </Suspense>
          ) : (
            <>
              <section className="outline-panel" aria-label="Outline" data-pane="outline">
                <OutlineTree store={store} view={view} model={model} />
              </section>
              <TreeCanvas store={store} view={view} model={model} awareness={session.awareness} />
            </>
          )}
          {(tab === 'tree' || tab === 'board') && selected && !detailsClosed && (
            <DetailsPanel
              store={store}
              model={model}
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

function DocTitle({
  title,
  readOnly,
  onRename,
}: {
  title: string;
  readOnly: boolean;
  /** Renames from `base` (the name when editing began); false when someone renamed it meanwhile. */
  onRename(t: string, base: string): boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const base = useRef(title);
  useEffect(() => {
    if (input.current && document.activeElement !== input.current) input.current.value = title;
  }, [title]);
  const commit = () => {
    const value = input.current?.value.trim() ?? '';
    // Not taken (renamed meanwhile: the notice says so) or nothing to do: show the name.
    if (!(value && value !== title && onRename(value, base.current)) && input.current)
      input.current.value = title;
  };
  return (
    <input
      ref={input}
      className="doc-name"
      aria-label="Tree name"
      // The name may be cut short in a narrow top bar: all of it on hover.
      title={title}
      defaultValue={title}
      readOnly={readOnly}
      maxLength={200}
      onFocus={() => (base.current = title)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.currentTarget.value = title;
          e.currentTarget.blur();
        }
      }}
    />
  );
}
