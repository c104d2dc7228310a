import type { FileFilter } from '../../../shared/ipc';
import type { DocumentStorage } from '../storage/document-storage';
import { createWebUpdateGuard } from '../workshop/web-update-guard';
import { WebTeam } from '../team/web-team';
import { WebRoom } from '../workshop/web-room';
import { WebWorkshop } from '../workshop/web-workshop';
import type { Platform, PickedFile } from './platform';

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

/** A plain browser: downloads and uploads for files; no menu bar (the page's keys do). */
export function createWebPlatform(storage: DocumentStorage): Platform {
  const room = new WebRoom();
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
      room,
    }),
    team: new WebTeam({ createGuard: () => createWebUpdateGuard(), storage: localStorage }),
    room: {
      state: () => room.state(),
      onState: (listener) => room.onState(listener),
      onSummon: (listener) => room.onSummon(listener),
      command: (command) => room.command(command),
      // A browser has one window per tab: the projector is a tab to drag to the other
      // screen. Not noopener: the new tab copies this one's session, so it rejoins.
      openProjector: (docId) =>
        void window.open(`#/doc/${encodeURIComponent(docId)}/projector`, '_blank'),
    },
    // Commands come from the page's keys (commands/CommandHost.tsx), not a menu bar.
    onCommand: () => () => {},
    setMenu: () => {},
  };
}
