/**
 * Builds `window.canopy` from an ipcRenderer-like object. Only these four functions
 * cross the context bridge: the renderer never gets ipcRenderer, channel names or
 * IPC event objects (which carry `sender`), so it cannot reach other channels.
 */
import * as v from 'valibot';
import { AppCommandSchema, IPC, type AppCommand, type CanopyBridge } from '../shared/ipc';

/** The parts of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createCanopyBridge(ipc: IpcRendererLike): CanopyBridge {
  return {
    // Main validates and shapes the results; the casts only restate the contract.
    appInfo: () => ipc.invoke(IPC.appInfo) as ReturnType<CanopyBridge['appInfo']>,
    saveFile: (request) =>
      ipc.invoke(IPC.saveFile, request) as ReturnType<CanopyBridge['saveFile']>,
    openFile: (request) =>
      ipc.invoke(IPC.openFile, request) as ReturnType<CanopyBridge['openFile']>,
    onCommand: (listener: (command: AppCommand) => void) => {
      const forward = (_event: unknown, command: unknown) => {
        if (v.is(AppCommandSchema, command)) listener(command);
      };
      ipc.on(IPC.command, forward);
      return () => {
        ipc.removeListener(IPC.command, forward);
      };
    },
  };
}
