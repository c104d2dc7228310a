/**
 * Opens files, wherever they come from: the home screen's picker, a file dropped
 * anywhere on the window, File → Open… (Ctrl+O), and on the desktop a double-clicked
 * file or Open Recent. One file at a time, with progress and Cancel (file-actions.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../app/app-store';
import { openFile, type OpenProgress } from './file-actions';
import { usePlatform } from '../app/PlatformContext';
import './files.css';

const openers = new Set<(file: File) => void>();
const pickers = new Set<() => void>();

/** Opens a file the user picked in the page (the home screen's button). */
export function requestOpenFile(file: File): void {
  for (const open of openers) open(file);
}

/** Lets the user pick a file to open (File → Open…, Ctrl+O). */
export function requestPickFile(): void {
  for (const pick of pickers) pick();
}

/** Long enough to read a notice about what was left out (a minute). */
const LONG_TOAST_MS = 60_000;

const FILTERS = [
  {
    name: 'Canopy tree or outline',
    extensions: ['canopy', 'md', 'markdown', 'txt', 'json', 'opml', 'xml', 'csv'],
  },
];

const STAGE_LABEL: Record<OpenProgress['stage'], string> = {
  reading: 'reading',
  checking: 'checking the document',
  merging: 'merging, almost done',
};

interface Opening {
  name: string;
  progress: OpenProgress | null;
  abort: AbortController;
}

export function FileOpener() {
  const { storage, files } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);
  const [opening, setOpening] = useState<Opening | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const open = useCallback(
    /** `fromPage`: the user handed the page this file (picked or dropped), not main. */
    async (file: File, fromPage = false) => {
      if (busy.current) {
        showToast({
          message: `Still opening a file; open ${file.name} after it.`,
          timeoutMs: 5000,
        });
        return;
      }
      busy.current = true;
      const abort = new AbortController();
      setError(null);
      setOpening({ name: file.name, progress: null, abort });
      // One update per percent: a progress bar needs no more, and React gets no flood.
      let shown = -1;
      try {
        const opened = await openFile(storage, file, {
          signal: abort.signal,
          onProgress: (progress) => {
            const percent = Math.floor((100 * progress.read) / Math.max(1, progress.total));
            if (progress.stage === 'reading' && percent === shown) return;
            shown = percent;
            setOpening((o) => o && { ...o, progress });
          },
        });
        // A limit or a left-out part is read at leisure: the toast stays until dismissed.
        showToast({
          message: opened.message,
          timeoutMs: opened.warnings?.length ? LONG_TOAST_MS : 6000,
        });
        navigate({ screen: 'doc', id: opened.id });
        // On the desktop, a file that opened goes on Open Recent (main lists .canopy only).
        if (fromPage) files.remember(file);
      } catch (e) {
        if (abort.signal.aborted)
          showToast({
            message: `Stopped opening ${file.name}. Nothing was changed.`,
            timeoutMs: 6000,
          });
        else setError(`Opening ${file.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        busy.current = false;
        setOpening(null);
      }
    },
    [storage, files, navigate, showToast],
  );

  const openLocal = useCallback((file: File) => void open(file, true), [open]);

  useEffect(() => {
    openers.add(openLocal);
    return () => void openers.delete(openLocal);
  }, [openLocal]);

  // Dropped anywhere on the window, on any screen.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) openLocal(file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [openLocal]);

  // Files the system hands the desktop app, and File → Open… (the command file.open).
  useEffect(() => files.onOpen((file) => void open(file)), [files, open]);
  useEffect(() => {
    const pick = () =>
      void files.open(FILTERS).then((picked) => {
        if (picked) void open(new File([picked.data as BlobPart], picked.name));
      });
    pickers.add(pick);
    return () => void pickers.delete(pick);
  }, [files, open]);

  if (!opening && !error) return null;
  return (
    <div className="file-opener">
      {opening && <FileProgress {...opening} />}
      {error && (
        <div className="file-error" role="alert">
          <span>{error}</span>
          <button type="button" className="ghost" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

/** How far, and a way out until the merge starts. */
function FileProgress({ name, progress, abort }: Opening) {
  const stage = progress?.stage ?? 'reading';
  const percent = progress ? Math.floor((100 * progress.read) / Math.max(1, progress.total)) : 0;
  const label = `Opening ${name}: ${STAGE_LABEL[stage]}${stage === 'reading' ? ` ${percent}%` : '…'}`;
  return (
    <div className="file-progress" role="status">
      <span>{label}</span>
      <progress
        aria-label={`Opening ${name}`}
        max={100}
        value={stage === 'reading' ? percent : undefined}
      />
      <button type="button" onClick={() => abort.abort()} disabled={stage === 'merging'}>
        Cancel
      </button>
    </div>
  );
}
