/**
 * The invitation a desktop host shows as a QR code: the address of the web app it
 * serves, with the workshop code in the fragment (which browsers never send to the
 * server). Opening it shows the join dialog with the code filled in; the fragment is
 * then removed, so the code does not stay in the address bar.
 */
import { formatWorkshopCode, normalizeWorkshopCode } from '../../../shared/sync';

const PREFIX = '#join=';

export function invitationUrl(address: string, code: string): string {
  return `http://${address}/${PREFIX}${formatWorkshopCode(code)}`;
}

/** The code of the invitation this page was opened with, once; null if none. */
export function takeInvitationCode(): string | null {
  if (!location.hash.startsWith(PREFIX)) return null;
  const code = normalizeWorkshopCode(location.hash.slice(PREFIX.length));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return code ? formatWorkshopCode(code) : null;
}
