/**
 * Lock-down applied to every webContents and to the session: the page can neither
 * leave the app's origin, open windows, embed <webview>, nor gain permissions.
 */
import { shell, type Session, type WebContents } from 'electron';
import { isAllowedNavigation, isSafeExternalUrl } from '../security-policy';

export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  const stayInApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  // Subframes too: an injected <iframe> must not load a foreign page.
  contents.on('will-frame-navigate', stayInApp);

  contents.on('will-attach-webview', (event) => event.preventDefault());

  // No second windows. Plain web links go to the OS browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Canopy needs no camera, notifications, geolocation…: deny every request and check. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
