import type { CanopyBridge } from '../../../shared/ipc';
import type { DocumentStorage } from '../storage/document-storage';
import type { Platform } from './platform';

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
    },
    onCommand: (listener) => bridge.onCommand(listener),
  };
}
