// The preload's `window.canopy`, faked in a browser page, to look at the renderer as
// the desktop app shows it where Electron cannot run. The workshop answers as main
// would once a workshop runs on this machine at 192.168.1.5:4455, serving the web
// app; the document port it hands out leads nowhere (there are no other peers), but
// a test can report connections (setLinks) and speak for others on it (receive).
// Used by test/e2e/desktop-share.spec.ts, desktop-files.spec.ts and scripts/screenshots.mjs.
(() => {
  const listeners = new Set();
  // As shared/sync/workshop-status.ts's NO_WORKSHOP (this file cannot import it).
  const idle = {
    running: false,
    code: null,
    docId: null,
    listening: false,
    addresses: [],
    webApp: false,
    links: [],
    error: null,
  };
  let status = idle;
  const fake = {
    saved: [],
    remembered: [],
    roomCommands: [],
    projectors: [],
    nextPick: [],
    commandListeners: new Set(),
    /** The menu bar's entries, as the window last sent them (see shared/ipc.ts). */
    menu: [],
    fileListener: null,
    /** As main sends a file the system asked Canopy to open. */
    open(name, bytes) {
      fake.fileListener?.({ name, data: new Uint8Array(bytes) });
    },
    command(name) {
      for (const listener of fake.commandListeners) listener(name);
    },
    /** main's side of the window's port to the workshop document (see requestLink). */
    port: null,
    /** As main reports its connections to others (LinkStatus objects). */
    setLinks(links) {
      push({ ...status, links });
    },
    /** As a message from the workshop (a channel byte, then a y-protocols payload). */
    receive(bytes) {
      fake.port?.postMessage(new Uint8Array(bytes));
    },
  };
  window.__canopyFake = fake;
  const push = (next) => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  window.canopy = {
    appInfo: async () => ({ name: 'Canopy', version: '0.0.0-test', platform: 'linux' }),
    // Files: what the app saved and asked to remember, and hooks for a test to play
    // main's part (a double-clicked file, the Open dialog's answer, a menu command).
    async saveFile(request) {
      fake.saved.push(request);
      return { saved: true, name: request.suggestedName };
    },
    openFile: async () => fake.nextPick.shift() ?? null,
    onCommand(listener) {
      fake.commandListeners.add(listener);
      return () => fake.commandListeners.delete(listener);
    },
    async setMenu(entries) {
      fake.menu = entries;
    },
    onFileOpened(listener) {
      fake.fileListener = listener;
      return () => (fake.fileListener = null);
    },
    async rememberFile(file) {
      fake.remembered.push(file.name);
    },
    // The room: none here (the desktop's room is unit-tested with main's RoomService).
    room: {
      async command(command) {
        fake.roomCommands.push(command);
      },
      state: async () => ({ snapshot: null, offset: 0, refusal: null }),
      onState: () => () => {},
      onSummon: () => () => {},
    },
    async openProjector(docId) {
      fake.projectors.push(docId);
    },
    workshop: {
      async start(docId) {
        push({
          ...status,
          running: true,
          code: 'K7QM3XPA9RT2',
          docId,
          listening: true,
          addresses: ['192.168.1.5:4455'],
          webApp: true,
        });
        return status;
      },
      async join() {
        throw new Error('Joining is not part of this fake.');
      },
      async connect() {},
      async stop() {
        push(idle);
      },
      status: async () => status,
      onStatus(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async requestLink() {
        const channel = new MessageChannel();
        fake.port = channel.port1;
        window.postMessage('canopy:workshop-port', location.origin, [channel.port2]);
      },
    },
    // No tree of this fake is linked to a team server (test/e2e/team.spec.ts runs a real one).
    team: {
      async connect() {
        throw new Error('Team servers are not part of this fake.');
      },
      async join() {
        throw new Error('Team servers are not part of this fake.');
      },
      async disconnect() {},
      status: async () => null,
      invitation: async () => null,
      onStatus: () => () => {},
      async requestLink() {
        throw new Error('This tree is not connected to a team server.');
      },
    },
  };
})();
