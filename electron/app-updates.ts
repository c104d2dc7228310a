/**
 * When Canopy looks for updates and what it tells the user. electron-updater does the
 * work (fetching latest*.yml from the generic server baked in at build time, the
 * background download, checksums, installing); this module only decides, so it is
 * plain Node and tested with a fake updater. electron/shell/updates.ts wires it up.
 *
 * - Never in development builds, never without an update server (no app-update.yml),
 *   never from a Linux install that cannot replace itself.
 * - On start: a quiet check. Being offline or up to date is not worth a dialog.
 * - From Help → Check for Updates…: every outcome is said in words.
 * - A downloaded update asks before restarting; "Later" installs it on quit.
 */
import path from 'node:path';
import {
  classifyUpdateError,
  notices,
  problemNotice,
  restartQuestion,
  type RestartQuestion,
  type UpdateNotice,
} from './update-notices';

/** The part of electron-updater's AppUpdater this module uses. */
export interface Updater {
  checkForUpdates(): Promise<UpdateCheck | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateCheck {
  isUpdateAvailable: boolean;
  updateInfo: { version: string };
  /** The background download (autoDownload); its failure also arrives as 'error'. */
  downloadPromise?: Promise<unknown> | null;
}

export type UpdateSupport = { enabled: true } | { enabled: false; notice: UpdateNotice };

export interface UpdateEnvironment {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** Electron's process.resourcesPath; undefined outside Electron. */
  resourcesPath: string | undefined;
  env: Record<string, string | undefined>;
  /** The contents of a file, or null when it is missing. */
  readText(file: string): string | null;
}

/**
 * Whether this copy of Canopy can update itself. electron-builder writes
 * app-update.yml into the resources only when the build had a publish URL; the .deb
 * also writes package-type, and an AppImage runs with APPIMAGE set.
 */
export function updateSupport(environment: UpdateEnvironment): UpdateSupport {
  const { isPackaged, platform, resourcesPath, env, readText } = environment;
  if (!isPackaged) return { enabled: false, notice: notices.development() };
  if (!resourcesPath || readText(path.join(resourcesPath, 'app-update.yml')) === null)
    return { enabled: false, notice: notices.noFeed() };
  if (platform === 'linux') {
    const packageType = readText(path.join(resourcesPath, 'package-type'))?.trim();
    if (!env.APPIMAGE && packageType !== 'deb')
      return { enabled: false, notice: notices.unsupportedPackage() };
  }
  return { enabled: true };
}

export interface UpdateControllerOptions {
  support: UpdateSupport;
  currentVersion: string;
  /** Called once, on the first check: electron-updater is loaded only when needed. */
  loadUpdater(): Promise<Updater>;
  /** Shows a notice; resolves when the user has dismissed it. */
  tell(notice: UpdateNotice): Promise<void>;
  /** Resolves true for "restart now". */
  ask(question: RestartQuestion): Promise<boolean>;
  workshopRunning(): boolean;
  /** Download progress from 0 to 1, then null when it is over. */
  progress?(fraction: number | null): void;
  log?(message: string): void;
}

type State =
  | { name: 'idle' }
  | { name: 'checking' }
  | { name: 'downloading'; version: string; watched: boolean }
  | { name: 'ready'; version: string };

export class UpdateController {
  private state: State = { name: 'idle' };
  private updater: Promise<Updater> | null = null;
  private checking: Promise<void> | null = null;
  /** Someone asked from the menu while a quiet check was running: report its outcome. */
  private reportCheck = false;
  private asking = false;

  constructor(private readonly options: UpdateControllerOptions) {}

  /** The quiet check on start: says something only when an update is ready. */
  checkOnStart(): Promise<void> {
    if (!this.options.support.enabled) return Promise.resolve();
    return this.check(false);
  }

  /** Help → Check for Updates…: always answers. */
  async checkFromMenu(): Promise<void> {
    const { support } = this.options;
    if (!support.enabled) return this.options.tell(support.notice);
    const state = this.state;
    if (state.name === 'ready') return this.offerRestart(state.version);
    if (state.name === 'downloading') {
      state.watched = true;
      return this.options.tell(notices.downloading(state.version));
    }
    return this.check(true);
  }

  private check(interactive: boolean): Promise<void> {
    this.reportCheck ||= interactive;
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    this.state = { name: 'checking' };
    let result: UpdateCheck | null;
    try {
      result = await (await this.loadOnce()).checkForUpdates();
    } catch (error) {
      this.state = { name: 'idle' };
      this.options.log?.(`Update check failed: ${String(error)}`);
      if (this.takeReport()) await this.options.tell(problemNotice(error));
      return;
    }
    const report = this.takeReport();
    if (!result || !result.isUpdateAvailable) {
      this.state = { name: 'idle' };
      // null: electron-updater thinks it cannot update this copy (a check we ruled out).
      if (report)
        await this.options.tell(
          result ? notices.upToDate(this.options.currentVersion) : notices.noFeed(),
        );
      return;
    }
    // Reported through the 'error' event; unhandled here, it would be a stray rejection.
    result.downloadPromise?.catch(() => undefined);
    const version = result.updateInfo.version;
    // A download cached by an earlier run can finish before the check returns.
    if (this.state.name === 'checking')
      this.state = { name: 'downloading', version, watched: report };
    if (report && this.state.name === 'downloading')
      await this.options.tell(notices.downloading(version));
  }

  private takeReport(): boolean {
    const report = this.reportCheck;
    this.reportCheck = false;
    return report;
  }

  private loadOnce(): Promise<Updater> {
    this.updater ??= this.options.loadUpdater().then((updater) => {
      updater.on('download-progress', ({ percent }) =>
        this.options.progress?.(Math.min(Math.max(percent / 100, 0), 1)),
      );
      updater.on('update-downloaded', ({ version }) => {
        this.state = { name: 'ready', version };
        this.options.progress?.(null);
        void this.offerRestart(version);
      });
      updater.on('error', (error) => void this.onUpdaterError(error));
      return updater;
    });
    // A failed load (a broken bundle) is retried on the next check.
    this.updater.catch(() => {
      this.updater = null;
    });
    return this.updater;
  }

  /**
   * Errors of the download (and of installing, on macOS) arrive only as events; a
   * failed check also emits one, but its rejection is what reports it.
   */
  private async onUpdaterError(error: Error): Promise<void> {
    const state = this.state;
    if (state.name !== 'downloading' && state.name !== 'ready') return;
    this.state = { name: 'idle' };
    this.options.progress?.(null);
    this.options.log?.(`Update failed: ${String(error)}`);
    // A tampered or wrongly signed update is always worth saying, even unasked.
    const say =
      state.name === 'ready' || state.watched || classifyUpdateError(error) === 'integrity';
    if (say) await this.options.tell(problemNotice(error));
  }

  private async offerRestart(version: string): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    try {
      const restart = await this.options.ask(
        restartQuestion(version, this.options.workshopRunning()),
      );
      if (!restart) return;
      // Silent, and run Canopy again once installed: the user already said yes.
      (await this.loadOnce()).quitAndInstall(true, true);
    } catch (error) {
      this.options.log?.(`Installing the update failed: ${String(error)}`);
      await this.options.tell(problemNotice(error));
    } finally {
      this.asking = false;
    }
  }
}
