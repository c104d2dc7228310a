/**
 * Glue between electron/app-updates.ts (the decisions) and electron-updater plus
 * Electron's dialogs. Nothing to decide here; see app-updates.ts.
 */
import { readFileSync } from 'node:fs';
import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { UpdateController, updateSupport, type Updater } from '../app-updates';

export interface UpdateWiring {
  /** The window dialogs belong to, if any is open. */
  window(): BrowserWindow | null;
  workshopRunning(): boolean;
}

export function createUpdateController(wiring: UpdateWiring): UpdateController {
  const show = async (options: MessageBoxOptions) => {
    const owner = wiring.window();
    return owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options);
  };
  return new UpdateController({
    support: updateSupport({
      isPackaged: app.isPackaged,
      platform: process.platform,
      resourcesPath: process.resourcesPath,
      env: process.env,
      readText: (file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return null;
        }
      },
    }),
    currentVersion: app.getVersion(),
    loadUpdater: async () => {
      // Loaded on the first check only: development builds never load it at all.
      const { autoUpdater } = await import('electron-updater');
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = true;
      autoUpdater.allowDowngrade = false;
      return autoUpdater satisfies Updater;
    },
    tell: async (notice) => {
      await show({
        type: notice.kind,
        title: notice.title,
        message: notice.message,
        detail: notice.detail,
        buttons: ['OK'],
      });
    },
    ask: async (question) => {
      const { response } = await show({
        type: 'info',
        title: question.title,
        message: question.message,
        detail: question.detail,
        buttons: question.buttons,
        defaultId: question.defaultId,
        cancelId: 1,
      });
      return response === 0;
    },
    workshopRunning: wiring.workshopRunning,
    progress: (fraction) => {
      const window = wiring.window();
      if (window && !window.isDestroyed()) window.setProgressBar(fraction ?? -1);
    },
    log: (message) => console.warn(message),
  });
}
