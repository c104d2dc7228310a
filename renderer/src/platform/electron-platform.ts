import { IPC, type CanopyBridge } from '../../../shared/ipc';
import type { DocumentStorage } from '../storage/document-storage';
import type { Platform, PlatformWorkshop } from './platform';

/** The desktop app: files through native dialogs in main, commands from the app menu. */
export function createElectronPlatform(bridge: CanopyBridge, storage: DocumentStorage): Platform {
  return {
    kind: 'desktop',
    storage,
    files: {
      async save(suggestedName, data, filters) {
        const result = await bridge.saveFile({
          suggestedName,
          data: data as Uint8Array<ArrayBuffer>,
          filters,
        });
        return result.saved;
      },
      open: (filters) => bridge.openFile({ filters }),
      onOpen: (listener) =>
        bridge.onFileOpened((file) => listener(new File([file.data as BlobPart], file.name))),
      remember: (file) =>
        void bridge
          .rememberFile(file)
          .catch((e: unknown) => console.warn('Canopy: could not add the file to Open Recent', e)),
    },
    workshop: createElectronWorkshop(bridge.workshop),
    onCommand: (listener) => bridge.onCommand(listener),
    setMenu: (entries) =>
      void bridge
        .setMenu(entries)
        .catch((e: unknown) => console.warn('Canopy: could not update the menu bar', e)),
  };
}

/** Main runs the peer; this window asks it for a port to the workshop's document. */
function createElectronWorkshop(bridge: CanopyBridge['workshop']): PlatformWorkshop {
  return {
    canHost: true,
    discovers: true,
    start: (docId) => bridge.start(docId),
    join: (request) => bridge.join(request),
    connect: (address) => bridge.connect(address),
    stop: () => bridge.stop(),
    status: () => bridge.status(),
    onStatus: (listener) => bridge.onStatus(listener),
    hostAddress: () => Promise.resolve(null),
    link: () =>
      new Promise<MessagePort>((resolve, reject) => {
        // Listen before asking, so the port cannot arrive unheard. Only a message the
        // preload posted to this very window, carrying one port, is the answer.
        const onMessage = (event: MessageEvent) => {
          if (event.source !== window || event.data !== IPC.workshopPort) return;
          const port = event.ports[0];
          if (!port) return;
          window.removeEventListener('message', onMessage);
          resolve(port);
        };
        window.addEventListener('message', onMessage);
        bridge.requestLink().catch((e: unknown) => {
          window.removeEventListener('message', onMessage);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
      }),
  };
}
