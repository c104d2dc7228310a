import { describe, expect, it, vi } from 'vitest';
import { IPC, type CanopyBridge } from '../../../shared/ipc';
import type * as FakeElectron from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

type IpcListener = (event: unknown, ...args: unknown[]) => void;

async function loadPreload() {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as typeof FakeElectron;
  electron.resetFakeElectron();
  await import('../../../electron/shell/preload');
  const call = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, CanopyBridge];
  return { electron, name: call[0], bridge: call[1] };
}

describe('preload', () => {
  it('exposes exactly the four bridge functions as window.canopy', async () => {
    const { electron, name, bridge } = await loadPreload();
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(name).toBe('canopy');
    expect(Object.keys(bridge).sort()).toEqual(['appInfo', 'onCommand', 'openFile', 'saveFile']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or its methods', async () => {
    const { electron, bridge } = await loadPreload();
    const exposed = Object.values(bridge) as unknown[];
    expect(exposed).not.toContain(electron.ipcRenderer);
    for (const method of Object.values(electron.ipcRenderer)) expect(exposed).not.toContain(method);
  });

  it('invokes the contract channels', async () => {
    const { electron, bridge } = await loadPreload();
    const request = { filters: [] };
    await bridge.appInfo();
    await bridge.openFile(request);
    expect(electron.ipcRenderer.invoke).toHaveBeenNthCalledWith(1, IPC.appInfo);
    expect(electron.ipcRenderer.invoke).toHaveBeenNthCalledWith(2, IPC.openFile, request);
  });

  it('onCommand forwards valid commands without the event, drops others, and unsubscribes', async () => {
    const { electron, bridge } = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = bridge.onCommand(listener);

    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] as [string, IpcListener];
    expect(channel).toBe(IPC.command);
    const event = { sender: electron.ipcRenderer };
    forward(event, 'undo');
    forward(event, 'rm -rf');
    forward(event, { command: 'undo' });
    expect(listener.mock.calls).toEqual([['undo']]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.command, forward);
  });
});
