import type { AppCommand, FileFilter } from '../../../shared/ipc';
import type { DocumentStorage } from '../storage/document-storage';
import { createWebUpdateGuard } from '../workshop/web-update-guard';
import { WebTeam } from '../team/web-team';
import { WebWorkshop } from '../workshop/web-workshop';
import type { Platform, PickedFile } from './platform';

/**
 * Shortcuts a browser gives us. Ctrl+N and Ctrl+W belong to the browser itself, so
 * the web app uses Alt+N for a new document.
 */
export function commandForKey(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): AppCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (e.altKey && !mod && key === 'n') return 'new-document';
  if (mod && e.shiftKey && key === 'h') return 'go-home';
  if (mod && e.shiftKey && key === 'l') return 'toggle-theme';
  if (mod && key === '/') return 'show-shortcuts';
  if (mod && !e.shiftKey && key === 'o') return 'open-file';
  return null;
}

function download(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart]));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function pick(filters: FileFilter[]): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = filters.flatMap((f) => f.extensions.map((x) => `.${x}`)).join(',');
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      resolve(file ? { name: file.name, data: new Uint8Array(await file.arrayBuffer()) } : null);
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** A plain browser: downloads and uploads for files, keyboard shortcuts for commands. */
export function createWebPlatform(storage: DocumentStorage): Platform {
  return {
    kind: 'web',
    storage,
    files: {
      async save(suggestedName, data) {
        download(suggestedName, data);
        return true;
      },
      open: pick,
      // A browser has no Open Recent, and nothing outside the page opens files in it.
      onOpen: () => () => {},
      remember: () => {},
    },
    workshop: new WebWorkshop({
      createGuard: () => createWebUpdateGuard(),
      saved: sessionStorage,
    }),
    team: new WebTeam({ createGuard: () => createWebUpdateGuard(), storage: localStorage }),
    onCommand(listener) {
      const onKey = (e: KeyboardEvent) => {
        const command = commandForKey(e);
        if (command) {
          e.preventDefault();
          listener(command);
        }
      };
      window.addEventListener('keydown', onKey);
      return () => window.removeEventListener('keydown', onKey);
    },
  };
}
