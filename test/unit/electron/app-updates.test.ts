/**
 * The update decisions (electron/app-updates.ts) against a fake electron-updater:
 * when Canopy checks, what it says, and that it restarts only when asked to.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  UpdateController,
  updateSupport,
  type UpdateCheck,
  type UpdateEnvironment,
  type UpdateSupport,
} from '../../../electron/app-updates';
import {
  classifyUpdateError,
  type RestartQuestion,
  type UpdateNotice,
} from '../../../electron/update-notices';

/** Behaves like electron-updater's AppUpdater: a check rejects *and* emits 'error'. */
class FakeUpdater extends EventEmitter {
  private pending: { resolve(r: UpdateCheck | null): void; reject(e: Error): void }[] = [];
  readonly checkForUpdates = vi.fn(
    () =>
      new Promise<UpdateCheck | null>((resolve, reject) => this.pending.push({ resolve, reject })),
  );
  readonly quitAndInstall = vi.fn();

  answer(result: UpdateCheck | null): void {
    this.pending.shift()!.resolve(result);
  }
  failCheck(error: Error): void {
    this.emit('error', error);
    this.pending.shift()!.reject(error);
  }
}

const available = (version: string): UpdateCheck => ({
  isUpdateAvailable: true,
  updateInfo: { version },
});
const upToDate: UpdateCheck = { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } };

function netError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

function setup(options: { support?: UpdateSupport; workshop?: boolean; restart?: boolean } = {}) {
  const updater = new FakeUpdater();
  const told: UpdateNotice[] = [];
  const asked: RestartQuestion[] = [];
  const progress: (number | null)[] = [];
  const loadUpdater = vi.fn(async () => updater);
  const controller = new UpdateController({
    support: options.support ?? { enabled: true },
    currentVersion: '0.1.0',
    loadUpdater,
    tell: async (notice) => {
      told.push(notice);
    },
    ask: async (question) => {
      asked.push(question);
      return options.restart ?? false;
    },
    workshopRunning: () => options.workshop ?? false,
    progress: (fraction) => progress.push(fraction),
  });
  /** Lets the controller's awaits run (each step is a resolved promise). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { controller, updater, told, asked, progress, loadUpdater, settle };
}

describe('updateSupport', () => {
  const files = (entries: Record<string, string>): UpdateEnvironment['readText'] => {
    return (file) => entries[file] ?? null;
  };
  const resources = '/opt/Canopy/resources';
  const feed = { [path.join(resources, 'app-update.yml')]: 'provider: generic\nurl: https://u/' };
  const base: UpdateEnvironment = {
    isPackaged: true,
    platform: 'win32',
    resourcesPath: resources,
    env: {},
    readText: files(feed),
  };

  it('is on for a packaged build with an update server, on Windows and macOS', () => {
    expect(updateSupport(base)).toEqual({ enabled: true });
    expect(updateSupport({ ...base, platform: 'darwin' })).toEqual({ enabled: true });
  });

  it('is off in development builds, whatever else is there', () => {
    const support = updateSupport({ ...base, isPackaged: false });
    expect(support).toMatchObject({ enabled: false, notice: { title: 'Updates are off' } });
  });

  it('is off when the build had no publish URL (no app-update.yml)', () => {
    for (const environment of [
      { ...base, readText: files({}) },
      { ...base, resourcesPath: undefined },
    ])
      expect(updateSupport(environment)).toMatchObject({
        enabled: false,
        notice: { title: 'Updates are not set up' },
      });
  });

  it('on Linux, is on for an AppImage or the .deb only', () => {
    const linux = { ...base, platform: 'linux' as const };
    expect(updateSupport(linux)).toMatchObject({
      enabled: false,
      notice: { message: expect.stringContaining('AppImage') },
    });
    expect(updateSupport({ ...linux, env: { APPIMAGE: '/home/a/Canopy.AppImage' } })).toEqual({
      enabled: true,
    });
    const deb = files({ ...feed, [path.join(resources, 'package-type')]: 'deb\n' });
    expect(updateSupport({ ...linux, readText: deb })).toEqual({ enabled: true });
    const rpm = files({ ...feed, [path.join(resources, 'package-type')]: 'rpm' });
    expect(updateSupport({ ...linux, readText: rpm })).toMatchObject({ enabled: false });
  });
});

describe('UpdateController', () => {
  it('when updates are off, never loads the updater and says why from the menu', async () => {
    const support = updateSupport({
      isPackaged: false,
      platform: 'darwin',
      resourcesPath: undefined,
      env: {},
      readText: () => null,
    });
    const { controller, told, loadUpdater } = setup({ support });
    await controller.checkOnStart();
    await controller.checkFromMenu();
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(told).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/development/) }),
    ]);
  });

  it('checks quietly on start: up to date or offline says nothing', async () => {
    const { controller, updater, told, settle } = setup();
    const first = controller.checkOnStart();
    await settle();
    updater.answer(upToDate);
    await first;
    const second = controller.checkOnStart();
    await settle();
    updater.failCheck(netError('net::ERR_INTERNET_DISCONNECTED'));
    await second;
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(told).toEqual([]);
  });

  it('from the menu, says "up to date" with the version', async () => {
    const { controller, updater, told, settle } = setup();
    const check = controller.checkFromMenu();
    await settle();
    updater.answer(upToDate);
    await check;
    expect(told).toEqual([
      expect.objectContaining({
        title: 'Canopy is up to date',
        message: 'Canopy 0.1.0 is the newest version.',
      }),
    ]);
  });

  it('from the menu, says the computer is offline (once, though the updater also emits)', async () => {
    const { controller, updater, told, settle } = setup();
    const check = controller.checkFromMenu();
    await settle();
    updater.failCheck(
      netError('net::ERR_INTERNET_DISCONNECTED\n    at SimpleURLLoaderWrapper.<anonymous>'),
    );
    await check;
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      kind: 'warning',
      title: 'Canopy is offline',
      message: expect.stringMatching(/^CANOPY-701: Canopy could not reach its update server/),
      detail: 'net::ERR_INTERNET_DISCONNECTED',
    });
  });

  it('from the menu, says the server has no release for this computer', async () => {
    const { controller, updater, told, settle } = setup();
    const check = controller.checkFromMenu();
    await settle();
    updater.failCheck(
      netError(
        'Cannot find channel "latest-mac.yml" update info: HttpError: 404',
        'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
      ),
    );
    await check;
    expect(told[0]?.message).toMatch(/^CANOPY-702: .*latest-mac\.yml/);
  });

  it('downloads a found update in the background, then asks before restarting', async () => {
    const { controller, updater, told, asked, progress, settle } = setup({ restart: true });
    const check = controller.checkFromMenu();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    expect(told.map((n) => n.message)).toEqual(['Canopy 0.2.0 is downloading in the background.']);
    updater.emit('download-progress', { percent: 42.5 });
    expect(progress).toEqual([0.425]);
    expect(asked).toEqual([]);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(progress.at(-1)).toBeNull();
    expect(asked).toEqual([
      expect.objectContaining({
        message: 'Canopy 0.2.0 is ready to install.',
        buttons: ['Restart to Update', 'Later'],
        defaultId: 0,
      }),
    ]);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });

  it('"Later" does not restart; the menu asks again instead of checking again', async () => {
    const { controller, updater, asked, settle } = setup({ restart: false });
    const check = controller.checkOnStart();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(asked).toHaveLength(1);
    await controller.checkFromMenu();
    expect(asked).toHaveLength(2);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('a quiet start finds an update: nothing is said until it is ready', async () => {
    const { controller, updater, told, asked, settle } = setup();
    const check = controller.checkOnStart();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    expect(told).toEqual([]);
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(asked).toHaveLength(1);
  });

  it('during a workshop, the question warns and Return means Later', async () => {
    const { controller, updater, asked, settle } = setup({ workshop: true });
    const check = controller.checkOnStart();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(asked[0]).toMatchObject({
      defaultId: 1,
      detail: expect.stringMatching(/^You are in a workshop/),
    });
  });

  it('the menu during a quiet check joins it and reports its outcome', async () => {
    const { controller, updater, told, settle } = setup();
    const quiet = controller.checkOnStart();
    await settle();
    const asked = controller.checkFromMenu();
    updater.answer(upToDate);
    await Promise.all([quiet, asked]);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(told.map((n) => n.title)).toEqual(['Canopy is up to date']);
  });

  it('a quiet check starting during a menu check does not silence the answer', async () => {
    const { controller, updater, told, settle } = setup();
    const asked = controller.checkFromMenu();
    await settle();
    const quiet = controller.checkOnStart();
    updater.answer(upToDate);
    await Promise.all([quiet, asked]);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(told.map((n) => n.title)).toEqual(['Canopy is up to date']);
  });

  it('says a failed check once, even a failed signature check', async () => {
    const { controller, updater, told, settle } = setup();
    const check = controller.checkFromMenu();
    await settle();
    updater.failCheck(
      netError('not signed by the application owner', 'ERR_UPDATER_INVALID_SIGNATURE'),
    );
    await check;
    await settle();
    expect(told.map((n) => n.message.slice(0, 10))).toEqual(['CANOPY-705']);
  });

  it('the menu during a download says it is on its way, without a new check', async () => {
    const { controller, updater, told, settle } = setup();
    const check = controller.checkOnStart();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    await controller.checkFromMenu();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(told.map((n) => n.title)).toEqual(['Update available']);
  });

  it('a failed download is said when the user is waiting for it, not after a quiet start', async () => {
    const quiet = setup();
    const check = quiet.controller.checkOnStart();
    await quiet.settle();
    quiet.updater.answer(available('0.2.0'));
    await check;
    quiet.updater.emit('error', netError('net::ERR_CONNECTION_RESET'));
    await quiet.settle();
    expect(quiet.told).toEqual([]);
    expect(quiet.progress.at(-1)).toBeNull();

    const watched = setup();
    const menu = watched.controller.checkFromMenu();
    await watched.settle();
    watched.updater.answer(available('0.2.0'));
    await menu;
    watched.updater.emit('error', netError('net::ERR_CONNECTION_RESET'));
    await watched.settle();
    expect(watched.told.map((n) => n.message.slice(0, 10))).toEqual(['Canopy 0.2', 'CANOPY-701']);
  });

  it('leaves no stray rejection when the background download fails', async () => {
    const { controller, updater, settle } = setup();
    const check = controller.checkOnStart();
    await settle();
    const failure = netError('net::ERR_CONNECTION_RESET');
    // Vitest fails the run on an unhandled rejection: this download promise is one
    // unless the controller handles it.
    updater.answer({ ...available('0.2.0'), downloadPromise: Promise.reject(failure) });
    await check;
    updater.emit('error', failure);
    await settle();
  });

  it('a tampered download is always said, even after a quiet start', async () => {
    const { controller, updater, told, asked, settle } = setup();
    const check = controller.checkOnStart();
    await settle();
    updater.answer(available('0.2.0'));
    await check;
    updater.emit(
      'error',
      netError('sha512 checksum mismatch, expected abc, got def', 'ERR_CHECKSUM_MISMATCH'),
    );
    await settle();
    expect(told).toEqual([
      expect.objectContaining({ kind: 'error', message: expect.stringMatching(/^CANOPY-705/) }),
    ]);
    expect(asked).toEqual([]);
  });

  it('loads the updater once, and again after a failed load', async () => {
    const { controller, updater, loadUpdater, told, settle } = setup();
    loadUpdater.mockRejectedValueOnce(new Error('bundle is broken'));
    await controller.checkFromMenu();
    expect(told[0]?.message).toMatch(/^CANOPY-706/);
    const check = controller.checkFromMenu();
    await settle();
    updater.answer(upToDate);
    await check;
    const again = controller.checkFromMenu();
    await settle();
    updater.answer(upToDate);
    await again;
    expect(loadUpdater).toHaveBeenCalledTimes(2);
  });
});

describe('classifyUpdateError', () => {
  it.each([
    ['net::ERR_NAME_NOT_RESOLVED', undefined, 'offline'],
    ['getaddrinfo ENOTFOUND updates.example.org', 'ENOTFOUND', 'offline'],
    ['net::ERR_PROXY_CONNECTION_FAILED', undefined, 'offline'],
    ['net::ERR_CERT_AUTHORITY_INVALID', undefined, 'untrusted'],
    ['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted'],
    ['HttpError: 404 Not Found', 'HTTP_ERROR_404', 'noRelease'],
    ['ZIP file not provided', 'ERR_UPDATER_ZIP_FILE_NOT_FOUND', 'noRelease'],
    ['HttpError: 503 Service Unavailable', 'HTTP_ERROR_503', 'serverError'],
    ['Cannot parse update info', 'ERR_UPDATER_INVALID_UPDATE_INFO', 'serverError'],
    ['not signed by the application owner', 'ERR_UPDATER_INVALID_SIGNATURE', 'integrity'],
    ['Code signature at URL did not pass validation', undefined, 'integrity'],
    ['EACCES: permission denied', 'EACCES', 'failed'],
  ])('%s → %s', (message, code, expected) => {
    expect(classifyUpdateError(netError(message, code))).toBe(expected);
  });

  it('takes a thrown string too', () => {
    expect(classifyUpdateError('net::ERR_INTERNET_DISCONNECTED')).toBe('offline');
  });
});
