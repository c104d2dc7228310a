import { describe, expect, it, vi } from 'vitest';
import {
  registerIpcHandlers,
  type IpcHandlerDeps,
  type InvokeEventLike,
} from '../../../electron/ipc-handlers';
import { IPC, MAX_FILE_BYTES } from '../../../shared/ipc';
import { NO_WORKSHOP } from '../../../shared/sync/workshop-status';
import type { TeamStatus } from '../../../shared/team/team-client';
import { INVOKE_CHANNELS } from './invoke-channels';

const TEAM_STATUS: TeamStatus = {
  state: 'synced',
  server: 'wss://canopy.example.org',
  unacknowledged: 0,
  refusedBlobs: 0,
  error: null,
};

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

const mainFrame = (url: string) => ({ senderFrame: { url, parent: null } });
const appEvent = mainFrame('app://canopy/index.html');

function setup(overrides: Partial<IpcHandlerDeps<InvokeEventLike>> = {}) {
  const handlers = new Map<string, Handler>();
  const deps = {
    trustedOrigins: ['app://canopy'],
    appInfo: vi.fn(() => ({ name: 'Canopy', version: '0.1.0', platform: 'linux' })),
    defaultDirectory: '/home/ada/Documents',
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/ada/plan.canopy' })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/ada/plan.canopy'] })),
    writeFile: vi.fn(async () => undefined),
    readFile: vi.fn(async () => new Uint8Array([1, 2, 3])),
    fileSize: vi.fn(async () => 3),
    rememberFile: vi.fn(async (_path: string) => undefined),
    setMenu: vi.fn(),
    workshop: {
      start: vi.fn(async () => ({ ...NO_WORKSHOP, running: true })),
      join: vi.fn(async () => ({ ...NO_WORKSHOP, running: true })),
      connect: vi.fn(),
      stop: vi.fn(async () => undefined),
      status: vi.fn(() => NO_WORKSHOP),
      link: vi.fn(),
    },
    room: {
      command: vi.fn(),
      state: vi.fn(() => ({ snapshot: null, offset: 0, refusal: null })),
    },
    openProjector: vi.fn(),
    team: {
      connect: vi.fn(async () => TEAM_STATUS),
      join: vi.fn(async () => ({ docId: 'doc-1', status: TEAM_STATUS })),
      disconnect: vi.fn(async () => undefined),
      status: vi.fn(() => TEAM_STATUS),
      invitation: vi.fn(() => 'team=abc'),
      link: vi.fn(),
    },
    ...overrides,
  } satisfies IpcHandlerDeps<InvokeEventLike>;
  registerIpcHandlers({ handle: (channel, listener) => handlers.set(channel, listener) }, deps);
  const invoke = async (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { handlers, deps, invoke };
}

const saveRequest = {
  suggestedName: 'plan.canopy',
  data: new Uint8Array([7, 8, 9]),
  filters: [{ name: 'Canopy', extensions: ['canopy'] }],
};
const openRequest = { filters: [{ name: 'Canopy', extensions: ['canopy'] }] };

describe('registerIpcHandlers', () => {
  it('registers exactly the invoke channels of the contract', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(INVOKE_CHANNELS);
  });

  describe('the room', () => {
    it('passes a well-formed command on, and answers the state', async () => {
      const { deps, invoke } = setup();
      await invoke(IPC.roomCommand, appEvent, {
        t: 'timer',
        op: 'start',
        seconds: 300,
        label: 'Vote',
      });
      expect(deps.room.command).toHaveBeenCalledWith({
        t: 'timer',
        op: 'start',
        seconds: 300,
        label: 'Vote',
      });
      await expect(invoke(IPC.roomState, appEvent)).resolves.toEqual({
        snapshot: null,
        offset: 0,
        refusal: null,
      });
    });

    it.each([
      [
        'an identify (main signs for the window)',
        { t: 'identify', key: 'a'.repeat(64), name: 'X', colour: '#000000', sig: 'b'.repeat(128) },
      ],
      ['a clock probe (main keeps the time)', { t: 'clock', id: 1, sent: 1 }],
      ['an unknown command', { t: 'reboot' }],
      ['a timer of a year', { t: 'timer', op: 'start', seconds: 365 * 24 * 3600 }],
      ['a summons to nowhere', { t: 'summon', view: { tab: 'kitchen', node: null, zoom: null } }],
    ])('refuses %s before anything runs', async (_, command) => {
      const { deps, invoke } = setup();
      await expect(invoke(IPC.roomCommand, appEvent, command)).rejects.toThrow(
        /refused: malformed/,
      );
      expect(deps.room.command).not.toHaveBeenCalled();
    });

    it('opens the projector for a document id, and nothing else', async () => {
      const { deps, invoke } = setup();
      await invoke(IPC.projectorOpen, appEvent, 'doc-1');
      expect(deps.openProjector).toHaveBeenCalledWith('doc-1');
      await expect(invoke(IPC.projectorOpen, appEvent, '../etc')).rejects.toThrow(/malformed/);
      expect(deps.openProjector).toHaveBeenCalledTimes(1);
    });
  });

  describe('sender validation', () => {
    const wrongSenders: [string, InvokeEventLike][] = [
      ['a foreign origin', mainFrame('https://evil.example/')],
      ['a look-alike host', mainFrame('app://canopy.evil/index.html')],
      ['a file: page', mainFrame('file:///tmp/index.html')],
      ['a subframe of the app', { senderFrame: { url: 'app://canopy/x', parent: {} } }],
      ['a destroyed frame', { senderFrame: null }],
    ];

    it.each(wrongSenders)(
      'refuses %s on every channel, before any handler runs',
      async (_, event) => {
        const { deps, invoke } = setup();
        await expect(invoke(IPC.appInfo, event)).rejects.toThrow(/IPC .* refused/);
        await expect(invoke(IPC.saveFile, event, saveRequest)).rejects.toThrow(/refused/);
        await expect(invoke(IPC.openFile, event, openRequest)).rejects.toThrow(/refused/);
        await expect(invoke(IPC.workshopStart, event, 'doc-1')).rejects.toThrow(/refused/);
        await expect(invoke(IPC.workshopLink, event)).rejects.toThrow(/refused/);
        await expect(invoke(IPC.rememberFile, event, '/home/ada/plan.canopy')).rejects.toThrow(
          /refused/,
        );
        expect(deps.rememberFile).not.toHaveBeenCalled();
        expect(deps.appInfo).not.toHaveBeenCalled();
        expect(deps.showSaveDialog).not.toHaveBeenCalled();
        expect(deps.showOpenDialog).not.toHaveBeenCalled();
        expect(deps.workshop.start).not.toHaveBeenCalled();
        expect(deps.workshop.link).not.toHaveBeenCalled();
      },
    );

    it('accepts the dev server origin when it is trusted', async () => {
      const { invoke } = setup({ trustedOrigins: ['http://localhost:5173'] });
      await expect(invoke(IPC.appInfo, mainFrame('http://localhost:5173/'))).resolves.toMatchObject(
        {
          name: 'Canopy',
        },
      );
      await expect(invoke(IPC.appInfo, appEvent)).rejects.toThrow(/untrusted origin/);
    });
  });

  describe('payload validation', () => {
    const malformed: [string, string, unknown[]][] = [
      ['saveFile without a request', IPC.saveFile, []],
      [
        'saveFile with a folder in the name',
        IPC.saveFile,
        [{ ...saveRequest, suggestedName: '../x' }],
      ],
      ['saveFile with a string as data', IPC.saveFile, [{ ...saveRequest, data: 'abc' }]],
      [
        'saveFile with a bad extension',
        IPC.saveFile,
        [{ ...saveRequest, filters: [{ name: 'x', extensions: ['*.*'] }] }],
      ],
      ['saveFile with extra arguments', IPC.saveFile, [saveRequest, 'extra']],
      ['openFile with no filters', IPC.openFile, [{}]],
      ['openFile with a string', IPC.openFile, ['/etc/passwd']],
      ['appInfo with an argument', IPC.appInfo, [{}]],
      ['workshopStart with a path as document id', IPC.workshopStart, ['../../etc']],
      ['workshopStart without a document id', IPC.workshopStart, []],
      [
        'workshopJoin with a huge code',
        IPC.workshopJoin,
        [{ code: 'x'.repeat(5000), address: null }],
      ],
      ['workshopJoin without an address field', IPC.workshopJoin, [{ code: 'K7QM3XPA9RT2' }]],
      ['workshopConnect with a number', IPC.workshopConnect, [4455]],
      ['workshopLink with an argument', IPC.workshopLink, [{ port: 1 }]],
      ['teamConnect without a token', IPC.teamConnect, [{ docId: 'doc-1', server: 'wss://x' }]],
      [
        'teamConnect with a huge token',
        IPC.teamConnect,
        [{ docId: 'doc-1', server: 'wss://x', token: 'x'.repeat(300) }],
      ],
      [
        'teamConnect with a path as document id',
        IPC.teamConnect,
        [{ docId: '../x', server: 'wss://x', token: 't' }],
      ],
      ['teamJoin with a huge link', IPC.teamJoin, ['x'.repeat(20_000)]],
      ['teamDisconnect without forget', IPC.teamDisconnect, ['doc-1']],
      ['teamLink without a document', IPC.teamLink, []],
      ['teamInvitation with a number', IPC.teamInvitation, [7]],
    ];

    it.each(malformed)('refuses %s', async (_, channel, args) => {
      const { deps, invoke } = setup();
      await expect(invoke(channel, appEvent, ...args)).rejects.toThrow(/malformed payload/);
      expect(deps.appInfo).not.toHaveBeenCalled();
      expect(deps.showSaveDialog).not.toHaveBeenCalled();
      expect(deps.showOpenDialog).not.toHaveBeenCalled();
      for (const f of Object.values(deps.workshop)) expect(f).not.toHaveBeenCalled();
      for (const f of Object.values(deps.team)) expect(f).not.toHaveBeenCalled();
    });
  });

  describe('team', () => {
    it('passes validated requests on, and links the sender to the tree', async () => {
      const { deps, invoke } = setup();
      const request = { docId: 'doc-1', server: 'canopy.example.org', token: 'acme.x' };
      await expect(invoke(IPC.teamConnect, appEvent, request)).resolves.toEqual(TEAM_STATUS);
      await invoke(IPC.teamJoin, appEvent, 'https://app.example.org/#team=abc');
      await invoke(IPC.teamLink, appEvent, 'doc-1');
      await expect(invoke(IPC.teamInvitation, appEvent, 'doc-1')).resolves.toBe('team=abc');
      await invoke(IPC.teamDisconnect, appEvent, 'doc-1', true);
      expect(deps.team.connect).toHaveBeenCalledWith(request);
      expect(deps.team.join).toHaveBeenCalledWith('https://app.example.org/#team=abc');
      expect(deps.team.link).toHaveBeenCalledWith(appEvent, 'doc-1');
      expect(deps.team.disconnect).toHaveBeenCalledWith('doc-1', true);
    });
  });

  describe('workshop', () => {
    it('passes validated requests on, and links the sender', async () => {
      const { deps, invoke } = setup();
      await expect(invoke(IPC.workshopStart, appEvent, 'doc-1')).resolves.toMatchObject({
        running: true,
      });
      await invoke(IPC.workshopJoin, appEvent, { code: 'k7qm 3xpa', address: '10.0.0.2:4455' });
      await invoke(IPC.workshopConnect, appEvent, '10.0.0.3:4455');
      await invoke(IPC.workshopLink, appEvent);
      await invoke(IPC.workshopStop, appEvent);
      expect(deps.workshop.start).toHaveBeenCalledWith('doc-1');
      expect(deps.workshop.join).toHaveBeenCalledWith({
        code: 'k7qm 3xpa',
        address: '10.0.0.2:4455',
      });
      expect(deps.workshop.connect).toHaveBeenCalledWith('10.0.0.3:4455');
      expect(deps.workshop.link).toHaveBeenCalledWith(appEvent);
      expect(deps.workshop.stop).toHaveBeenCalled();
    });
  });

  it('setMenu passes well-formed menu entries to main and refuses anything else', async () => {
    const { deps, invoke } = setup();
    const entries = [
      {
        id: 'file.new',
        label: 'New tree',
        menu: 'file',
        accelerators: ['CmdOrCtrl+N'],
        enabled: true,
      },
      {
        id: 'view.board',
        label: 'Go to Board',
        menu: 'view',
        accelerators: ['Alt+2'],
        enabled: false,
      },
      {
        id: 'edit.redo',
        label: 'Redo',
        menu: 'edit',
        accelerators: ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'],
        enabled: true,
      },
    ];
    await invoke(IPC.setMenu, appEvent, entries);
    expect(deps.setMenu).toHaveBeenCalledWith(entries);

    const bad = [
      [{ ...entries[0], id: 'file.new; rm -rf' }],
      [{ ...entries[0], menu: 'window' }],
      [{ ...entries[0], accelerators: ['CommandOrControl+Q'] }],
      [{ ...entries[0], accelerators: ['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+P', 'Alt+1'] }],
      [{ ...entries[0], label: 'x'.repeat(81) }],
      [{ ...entries[0], role: 'quit' }],
      Array.from({ length: 101 }, () => entries[0]),
      'file.new',
    ];
    for (const payload of bad)
      await expect(invoke(IPC.setMenu, appEvent, payload)).rejects.toThrow(/malformed payload/);
    await expect(invoke(IPC.setMenu, mainFrame('https://evil.example/'), entries)).rejects.toThrow(
      /untrusted origin/,
    );
    expect(deps.setMenu).toHaveBeenCalledTimes(1);
  });

  it('appInfo returns the injected info', async () => {
    const { invoke } = setup();
    expect(await invoke(IPC.appInfo, appEvent)).toEqual({
      name: 'Canopy',
      version: '0.1.0',
      platform: 'linux',
    });
  });

  describe('saveFile', () => {
    it('asks where to save, then writes the bytes through the injected fs', async () => {
      const { deps, invoke } = setup();
      const result = await invoke(IPC.saveFile, appEvent, saveRequest);
      expect(result).toEqual({ saved: true, name: 'plan.canopy' });
      expect(deps.showSaveDialog).toHaveBeenCalledWith(appEvent, {
        defaultPath: '/home/ada/Documents/plan.canopy',
        filters: saveRequest.filters,
      });
      expect(deps.writeFile).toHaveBeenCalledWith('/home/ada/plan.canopy', saveRequest.data);
    });

    it('writes nothing when the dialog is cancelled', async () => {
      const { deps, invoke } = setup({
        showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
      });
      expect(await invoke(IPC.saveFile, appEvent, saveRequest)).toEqual({ saved: false });
      expect(deps.writeFile).not.toHaveBeenCalled();
    });
  });

  describe('openFile', () => {
    it('returns the chosen file name and bytes', async () => {
      const { invoke } = setup();
      const result = await invoke(IPC.openFile, appEvent, openRequest);
      expect(result).toEqual({ name: 'plan.canopy', data: new Uint8Array([1, 2, 3]) });
    });

    it('returns null when the dialog is cancelled', async () => {
      const { deps, invoke } = setup({
        showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      });
      expect(await invoke(IPC.openFile, appEvent, openRequest)).toBeNull();
      expect(deps.readFile).not.toHaveBeenCalled();
    });

    it('refuses a file over the limit without reading it', async () => {
      const { deps, invoke } = setup({ fileSize: vi.fn(async () => MAX_FILE_BYTES + 1) });
      await expect(invoke(IPC.openFile, appEvent, openRequest)).rejects.toThrow(
        /"plan.canopy" is 65 MB; Canopy opens files up to 64 MB/,
      );
      expect(deps.readFile).not.toHaveBeenCalled();
    });

    it('refuses a file that grew past the limit while being read', async () => {
      const { invoke } = setup({
        readFile: vi.fn(async () => new Uint8Array(MAX_FILE_BYTES + 1)),
      });
      await expect(invoke(IPC.openFile, appEvent, openRequest)).rejects.toThrow(/up to 64 MB/);
    });
  });

  describe('Open Recent', () => {
    it('lists files opened and saved through the dialogs', async () => {
      const { deps, invoke } = setup();
      await invoke(IPC.openFile, appEvent, openRequest);
      await invoke(IPC.saveFile, appEvent, saveRequest);
      expect(vi.mocked(deps.rememberFile).mock.calls).toEqual([
        ['/home/ada/plan.canopy'],
        ['/home/ada/plan.canopy'],
      ]);
    });

    it('passes a dropped file’s path on, and refuses what is not a path', async () => {
      const { deps, invoke } = setup();
      await invoke(IPC.rememberFile, appEvent, '/home/ada/dropped.canopy');
      expect(deps.rememberFile).toHaveBeenCalledWith('/home/ada/dropped.canopy');
      for (const bad of [[''], [42], ['x'.repeat(5000)], ['/a.canopy', 'extra'], []])
        await expect(invoke(IPC.rememberFile, appEvent, ...bad)).rejects.toThrow(
          /malformed payload/,
        );
      expect(deps.rememberFile).toHaveBeenCalledTimes(1);
    });
  });
});
