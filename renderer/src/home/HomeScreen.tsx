import { useCallback, useEffect, useRef, useState } from 'react';
import { TEMPLATE_LIST, type TemplateId } from '../../../shared/model';
import type { DocumentSummary } from '../storage/document-storage';
import { useApp } from '../app/app-store';
import {
  createDraft,
  createFromTemplate,
  duplicateDocument,
  renameDocument,
} from '../services/documents';
import { OPENABLE } from '../files/file-actions';
import { requestOpenFile } from '../files/FileOpener';
import { usePlatform } from '../app/PlatformContext';
import { relativeTime } from '../widgets/relative-time';
import { TopBar } from '../app/TopBar';
import { takeInvitationCode } from '../workshop/invitation';
import { JoinDialog } from '../workshop/JoinDialog';
import { takeTeamInvitation, TeamInvitationDialog } from '../team/TeamInvitationDialog';
import { useHostAddress } from '../workshop/useWorkshop';
import { trashDocument, UNDO_DELETE_MS } from '../services/trash';
import './home.css';

export function HomeScreen() {
  const { storage } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);
  const [all, setDocs] = useState<DocumentSummary[] | null>(null);
  const docs = all && all.filter((d) => !d.private);
  const drafts = all && all.filter((d) => d.private);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Opened from a host's QR code: the join dialog, with the code filled in.
  const [invitation] = useState(takeInvitationCode);
  const [joinOpen, setJoinOpen] = useState(invitation !== null);
  // Opened from a team invitation link: its dialog, with the link filled in.
  const [teamInvitation] = useState(takeTeamInvitation);
  const [teamOpen, setTeamOpen] = useState(teamInvitation !== null);
  const hostAddress = useHostAddress();

  const refresh = useCallback(() => {
    storage
      .list()
      .then(setDocs, (e: unknown) => setError(`Could not read your documents: ${String(e)}`));
  }, [storage]);
  useEffect(() => {
    refresh();
    return storage.onChange(refresh);
  }, [storage, refresh]);

  const run = async (label: string, task: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const create = (template: TemplateId) =>
    run('Creating the tree', async () => {
      const id = await createFromTemplate(storage, template);
      navigate({ screen: 'doc', id });
    });

  const newDraft = () =>
    run('Creating the draft', async () => {
      const id = await createDraft(storage);
      navigate({ screen: 'doc', id });
    });

  // A .canopy file merges into its document if it is already here; Markdown and JSON
  // outlines become new trees (FileOpener; files can be dropped anywhere, too).
  const fileInput = useRef<HTMLInputElement>(null);
  const remove = (doc: DocumentSummary) =>
    run('Deleting', async () => {
      // Deleted for good when the undo window closes (services/trash.ts).
      const trashed = await trashDocument(storage, doc.id);
      showToast({
        message: `Deleted “${doc.title || untitled(doc)}”.`,
        timeoutMs: UNDO_DELETE_MS,
        action: { label: 'Undo', run: () => void trashed.restore() },
        // Dismissed before its time: the user has no use for Undo, so delete now.
        onExpire: () => trashed.commit(),
      });
    });

  const rowActions = {
    disabled: busy !== null,
    onOpen: (doc: DocumentSummary) => navigate({ screen: 'doc', id: doc.id }),
    onRename: (doc: DocumentSummary, title: string) =>
      run('Renaming', () => renameDocument(storage, doc.id, title)),
    onDuplicate: (doc: DocumentSummary) =>
      run('Duplicating', async () => void (await duplicateDocument(storage, doc.id))),
    onDelete: (doc: DocumentSummary) => void remove(doc),
  };

  return (
    <div className="screen">
      <TopBar title="Canopy">
        <button type="button" onClick={() => setTeamOpen(true)}>
          Join a team tree
        </button>
        <button type="button" onClick={() => setJoinOpen(true)}>
          Join a workshop
        </button>
      </TopBar>
      <TeamInvitationDialog
        open={teamOpen}
        onClose={() => setTeamOpen(false)}
        initial={teamInvitation ?? ''}
      />
      <JoinDialog
        open={joinOpen}
        onClose={() => setJoinOpen(false)}
        initialCode={invitation ?? ''}
      />
      <main className="home" aria-busy={busy !== null}>
        {hostAddress && (
          <section className="host-welcome" aria-labelledby="host-heading">
            <h2 id="host-heading">You are at a Canopy workshop</h2>
            <p>
              Join with your name and the code the facilitator shows, and edit the tree together,
              live. A copy stays in this browser, so a dropped connection loses nothing.
            </p>
            <button type="button" className="primary" onClick={() => setJoinOpen(true)}>
              Join the workshop
            </button>
          </section>
        )}
        <section aria-labelledby="new-heading" className="home-section">
          <h2 id="new-heading">Start a tree</h2>
          <div className="template-grid">
            {TEMPLATE_LIST.map((t) => (
              // The whole card is the button's target; its name is what it says, and
              // the description describes it (visible text and name agree).
              <div key={t.id} className={`template-card template-${t.id}`}>
                <button
                  type="button"
                  className="template-button"
                  onClick={() => void create(t.id)}
                  disabled={busy !== null}
                  aria-describedby={`template-${t.id}-description`}
                >
                  <span className="visually-hidden">New tree from template: </span>
                  <span className="template-name">{t.name}</span>
                </button>
                <span id={`template-${t.id}-description`} className="template-description">
                  {t.description}
                </span>
              </div>
            ))}
          </div>
        </section>

        <section aria-labelledby="docs-heading" className="home-section">
          <div className="home-section-head">
            <h2 id="docs-heading">Your trees</h2>
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              disabled={busy !== null}
            >
              Open a file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept={OPENABLE}
              hidden
              aria-label="Open a Canopy, Markdown, JSON, OPML or CSV file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) requestOpenFile(file);
              }}
            />
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {busy && (
            <p role="status" className="muted">
              {busy}…
            </p>
          )}
          {docs === null ? (
            <p className="muted">Loading…</p>
          ) : docs.length === 0 ? (
            <div className="empty-state">
              <p>No trees yet.</p>
              <p className="muted">
                Start from a blank tree while the room talks, or open the example to see a Lean
                Value Tree filled in. Everything stays on this machine.
              </p>
            </div>
          ) : (
            <DocumentList label="Documents" docs={docs} {...rowActions} />
          )}
        </section>

        <section aria-labelledby="drafts-heading" className="home-section">
          <div className="home-section-head">
            <h2 id="drafts-heading">Private drafts</h2>
            <button type="button" onClick={() => void newDraft()} disabled={busy !== null}>
              New draft
            </button>
          </div>
          {drafts === null ? null : drafts.length === 0 ? (
            <div className="empty-state">
              <p>No drafts.</p>
              <p className="muted">
                A draft is for a hypothesis you are not ready to show. It stays on this machine and
                never joins a workshop; when it is ready, propose it to one of your trees.
              </p>
            </div>
          ) : (
            <DocumentList label="Private drafts" docs={drafts} {...rowActions} />
          )}
        </section>
      </main>
    </div>
  );
}

const untitled = (doc: DocumentSummary) => (doc.private ? 'Untitled draft' : 'Untitled tree');

interface ListProps {
  label: string;
  docs: DocumentSummary[];
  disabled: boolean;
  onOpen(doc: DocumentSummary): void;
  onRename(doc: DocumentSummary, title: string): Promise<void>;
  onDuplicate(doc: DocumentSummary): Promise<void>;
  onDelete(doc: DocumentSummary): void;
}

function DocumentList({ label, docs, disabled, ...on }: ListProps) {
  return (
    <ul className="doc-list" aria-label={label}>
      {docs.map((doc) => (
        <DocumentRow
          key={doc.id}
          doc={doc}
          disabled={disabled}
          onOpen={() => on.onOpen(doc)}
          onRename={(title) => on.onRename(doc, title)}
          onDuplicate={() => on.onDuplicate(doc)}
          onDelete={() => on.onDelete(doc)}
        />
      ))}
    </ul>
  );
}

interface RowProps {
  doc: DocumentSummary;
  disabled: boolean;
  onOpen(): void;
  onRename(title: string): Promise<void>;
  onDuplicate(): Promise<void>;
  onDelete(): void;
}

function DocumentRow({ doc, disabled, onOpen, onRename, onDuplicate, onDelete }: RowProps) {
  const [editing, setEditing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const title = doc.title || untitled(doc);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const commit = async () => {
    const value = input.current?.value ?? '';
    setEditing(false);
    if (value.trim() && value.trim() !== doc.title) await onRename(value);
  };

  return (
    <li className="doc-row">
      {editing ? (
        <input
          ref={input}
          className="doc-title-input"
          defaultValue={doc.title}
          aria-label={`New name for ${title}`}
          maxLength={200}
          onBlur={() => void commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commit();
            if (e.key === 'Escape') setEditing(false);
          }}
        />
      ) : (
        <button type="button" className="doc-open" onClick={onOpen}>
          <span className="visually-hidden">Open </span>
          <span className="doc-title">{title}</span>
          <span className="doc-edited muted">Edited {relativeTime(doc.updatedAt)}</span>
        </button>
      )}
      <div className="doc-actions">
        <button
          type="button"
          className="ghost"
          disabled={disabled}
          onClick={() => setEditing(true)}
          aria-label={`Rename ${title}`}
        >
          Rename
        </button>
        <button
          type="button"
          className="ghost"
          disabled={disabled}
          onClick={() => void onDuplicate()}
          aria-label={`Duplicate ${title}`}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="ghost danger"
          disabled={disabled}
          onClick={onDelete}
          aria-label={`Delete ${title}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
