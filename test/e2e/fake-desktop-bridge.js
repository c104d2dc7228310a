// The preload's `window.canopy`, faked in a browser page, to look at the renderer as
// the desktop app shows it where Electron cannot run. The workshop answers as main
// would once a workshop runs on this machine at 192.168.1.5:4455, serving the web
// app; the document port it hands out leads nowhere (there are no other peers).
// Used by test/e2e/desktop-share.spec.ts and scripts/screenshots.mjs.
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
  const push = (next) => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  window.canopy = {
    appInfo: async () => ({ name: 'Canopy', version: '0.0.0-test', platform: 'linux' }),
    saveFile: async () => ({ saved: false }),
    openFile: async () => null,
    onCommand: () => () => {},
    workshop: {
      async start(docId) {
        push({
          ...status,
          running: true,
          code: 'K7QM3XPA',
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
        window.postMessage('canopy:workshop-port', location.origin, [channel.port2]);
      },
    },
  };
})();
