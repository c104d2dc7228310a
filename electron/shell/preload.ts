/**
 * Runs in the sandboxed renderer before the page. It may require only 'electron',
 * so Vite bundles this file with its imports into dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createCanopyBridge } from '../canopy-bridge';

// A MessagePort cannot cross contextBridge; window.postMessage can transfer it to the
// page (Electron's documented pattern), addressed to this window's own origin only.
const page = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
  location: { origin: string };
};
const forwardPorts = (ports: readonly unknown[], channel: string) =>
  page.postMessage(channel, page.location.origin, [...ports]);

// A dropped File's path is known only here (Electron removed File.path); it is read
// for the Open Recent list and never handed to the page.
const pathForFile = (file: object) => {
  try {
    return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
  } catch {
    return '';
  }
};

contextBridge.exposeInMainWorld(
  'canopy',
  createCanopyBridge(ipcRenderer, forwardPorts, pathForFile),
);
