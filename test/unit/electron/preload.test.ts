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
  it('exposes exactly the bridge functions as window.canopy', async () => {
    const { electron, name, bridge } = await loadPreload();
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(name).toBe('canopy');
    expect(Object.keys(bridge).sort()).toEqual([
      'appInfo',
      'onCommand',
      'onFileOpened',
      'openFile',
      'openProjector',
      'rememberFile',
      'room',
      'saveFile',
      'setMenu',
      'team',
      'workshop',
    ]);
    const { workshop, team, room, ...rest } = bridge;
    expect(Object.keys(room).sort()).toEqual(['command', 'onState', 'onSummon', 'state']);
    expect(Object.keys(workshop).sort()).toEqual(
      ['connect', 'join', 'onStatus', 'requestLink', 'start', 'status', 'stop'].sort(),
    );
    expect(Object.keys(team).sort()).toEqual(
      ['connect', 'disconnect', 'invitation', 'join', 'onStatus', 'requestLink', 'status'].sort(),
    );
    for (const value of [
      ...Object.values(rest),
      ...Object.values(workshop),
      ...Object.values(team),
      ...Object.values(room),
    ])
      expect(typeof value).toBe('function');
  });

  it('invokes the workshop channels with their arguments', async () => {
    const { electron, bridge } = await loadPreload();
    await bridge.workshop.start('doc-1');
    await bridge.workshop.join({ code: 'K7QM-3XPA-9RT2', address: null });
    await bridge.workshop.connect('10.0.0.2:4455');
    await bridge.workshop.requestLink();
    await bridge.workshop.stop();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.workshopStart, 'doc-1'],
      [IPC.workshopJoin, { code: 'K7QM-3XPA-9RT2', address: null }],
      [IPC.workshopConnect, '10.0.0.2:4455'],
      [IPC.workshopLink],
      [IPC.workshopStop],
    ]);
  });

  it('passes room commands to main, and only well-formed room pushes to the page', async () => {
    const { electron, bridge } = await loadPreload();
    await bridge.room.command({ t: 'timer', op: 'pause' });
    await bridge.room.state();
    await bridge.openProjector('doc-1');
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.roomCommand, { t: 'timer', op: 'pause' }],
      [IPC.roomState],
      [IPC.projectorOpen, 'doc-1'],
    ]);
    const states: unknown[] = [];
    const views: unknown[] = [];
    bridge.room.onState((s) => states.push(s));
    bridge.room.onSummon((v) => views.push(v));
    const push = (channel: string, value: unknown) => {
      for (const [c, listener] of electron.ipcRenderer.on.mock.calls as [string, IpcListener][])
        if (c === channel) listener({}, value);
    };
    const state = { snapshot: null, offset: 12, refusal: null };
    push(IPC.roomChanged, state);
    push(IPC.roomChanged, { offset: 'soon' });
    const view = { tab: 'board', node: null, zoom: null };
    push(IPC.roomSummon, view);
    push(IPC.roomSummon, { tab: 'elsewhere', node: null, zoom: null });
    expect(states).toEqual([state]);
    expect(views).toEqual([view]);
  });

  it('forwards a workshop port from main to the page, to its own origin only', async () => {
    const postMessage = vi.fn();
    vi.stubGlobal('postMessage', postMessage);
    vi.stubGlobal('location', { origin: 'app://canopy' });
    try {
      const { electron } = await loadPreload();
      const [, forward] = electron.ipcRenderer.on.mock.calls.find(
        ([channel]) => channel === IPC.workshopPort,
      ) as [string, IpcListener];
      const port = { fake: 'port' };
      forward({ ports: [port] });
      forward({ ports: [] });
      forward({ ports: [port, port] });
      forward(null);
      expect(postMessage.mock.calls).toEqual([[IPC.workshopPort, 'app://canopy', [port]]]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('invokes the team channels with their arguments', async () => {
    const { electron, bridge } = await loadPreload();
    const request = { docId: 'doc-1', server: 'wss://canopy.example.org', token: 'acme.x' };
    await bridge.team.connect(request);
    await bridge.team.join('#team=abc');
    await bridge.team.status('doc-1');
    await bridge.team.invitation('doc-1');
    await bridge.team.requestLink('doc-1');
    await bridge.team.disconnect('doc-1', false);
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.teamConnect, request],
      [IPC.teamJoin, '#team=abc'],
      [IPC.teamStatus, 'doc-1'],
      [IPC.teamInvitation, 'doc-1'],
      [IPC.teamLink, 'doc-1'],
      [IPC.teamDisconnect, 'doc-1', false],
    ]);
  });

  it('forwards a team port to the page under its own channel', async () => {
    const postMessage = vi.fn();
    vi.stubGlobal('postMessage', postMessage);
    vi.stubGlobal('location', { origin: 'app://canopy' });
    try {
      const { electron } = await loadPreload();
      const [, forward] = electron.ipcRenderer.on.mock.calls.find(
        ([channel]) => channel === IPC.teamPort,
      ) as [string, IpcListener];
      const port = { fake: 'port' };
      forward({ ports: [port] });
      forward({ ports: [port, port] });
      expect(postMessage.mock.calls).toEqual([[IPC.teamPort, 'app://canopy', [port]]]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('passes on team status pushes and drops anything else', async () => {
    const { electron, bridge } = await loadPreload();
    const listener = vi.fn();
    bridge.team.onStatus(listener);
    const [, forward] = electron.ipcRenderer.on.mock.calls.find(
      ([channel]) => channel === IPC.teamChanged,
    ) as [string, IpcListener];
    const change = { docId: 'doc-1', status: { state: 'synced' } };
    forward({}, change);
    forward({}, { docId: 'doc-1' });
    forward({}, null);
    expect(listener.mock.calls).toEqual([[change]]);
  });

  it('passes on workshop status pushes and drops anything else', async () => {
    const { electron, bridge } = await loadPreload();
    const listener = vi.fn();
    bridge.workshop.onStatus(listener);
    const [, forward] = electron.ipcRenderer.on.mock.calls.find(
      ([channel]) => channel === IPC.workshopChanged,
    ) as [string, IpcListener];
    forward({}, { running: true, links: [] });
    forward({}, 'running');
    forward({}, null);
    expect(listener.mock.calls).toEqual([[{ running: true, links: [] }]]);
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

  it('setMenu sends the entries on its own channel', async () => {
    const { electron, bridge } = await loadPreload();
    const entries = [
      { id: 'file.new', label: 'New tree', menu: 'file' as const, accelerators: [], enabled: true },
    ];
    await bridge.setMenu(entries);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC.setMenu, entries);
  });

  it('onCommand forwards valid commands without the event, drops others, and unsubscribes', async () => {
    const { electron, bridge } = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = bridge.onCommand(listener);

    const [channel, forward] = electron.ipcRenderer.on.mock.calls.find(
      ([c]) => c === IPC.command,
    ) as [string, IpcListener];
    expect(channel).toBe(IPC.command);
    const event = { sender: electron.ipcRenderer };
    forward(event, 'edit.undo');
    forward(event, 'rm -rf');
    forward(event, { command: 'edit.undo' });
    forward(event, 'x'.repeat(200));
    expect(listener.mock.calls).toEqual([['edit.undo']]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.command, forward);
  });

  it('passes on files main opened, and drops payloads that are not one', async () => {
    const { electron, bridge } = await loadPreload();
    const listener = vi.fn();
    bridge.onFileOpened(listener);
    const [, forward] = electron.ipcRenderer.on.mock.calls.find(
      ([channel]) => channel === IPC.fileOpened,
    ) as [string, IpcListener];
    const file = { name: 'plan.canopy', data: new Uint8Array([1, 2]) };
    forward({}, file);
    forward({}, { name: 'plan.canopy', data: 'not bytes' });
    forward({}, { name: '', data: new Uint8Array(1) });
    forward({}, null);
    expect(listener.mock.calls).toEqual([[file]]);
  });

  it('remembers a dropped file by the path only the preload can read, and nothing without one', async () => {
    const { electron, bridge } = await loadPreload();
    const dropped = { name: 'plan.canopy' };
    electron.webUtils.getPathForFile.mockReturnValueOnce('/home/ada/plan.canopy');
    await bridge.rememberFile(dropped);
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(dropped);
    // A File made in the page has no path: nothing is sent.
    await bridge.rememberFile({ name: 'made-in-page.canopy' });
    electron.webUtils.getPathForFile.mockImplementationOnce(() => {
      throw new Error('not a File');
    });
    await bridge.rememberFile({});
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.rememberFile, '/home/ada/plan.canopy'],
    ]);
  });
});
