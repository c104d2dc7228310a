/**
 * The invitation a desktop host shows as a QR code: the address of the web app it
 * serves, with the workshop code in the fragment (which browsers never send to the
 * server). Opening it shows the join dialog with the code filled in; the fragment is
 * then removed, so the code does not stay in the address bar. A browser that was
 * given an address by hand goes to the same place (a host accepts only its own pages),
 * carrying the name the person typed.
 */
import { formatWorkshopCode, normalizeWorkshopCode } from '../../../shared/sync';
import { setLocalName } from './presence';
import { rememberClaimToken } from './web-room';

const PREFIX = '#join=';

export function invitationUrl(address: string, code: string, name?: string): string {
  const who = name?.trim() ? `&name=${encodeURIComponent(name.trim())}` : '';
  return `http://${address}/${PREFIX}${formatWorkshopCode(code)}${who}`;
}

/** The code of the invitation this page was opened with, once; null if none. */
export function takeInvitationCode(): string | null {
  if (!location.hash.startsWith(PREFIX)) return null;
  const [codePart, ...rest] = location.hash.slice(PREFIX.length).split('&');
  const code = normalizeWorkshopCode(decode(codePart ?? ''));
  for (const param of rest) {
    const [key, value] = param.split('=');
    if (key === 'name' && value) setLocalName(decode(value).slice(0, 40));
    // A facilitator link: the room's host gives the role to whoever shows its token.
    if (key === 'facilitator' && value) rememberClaimToken(decode(value));
  }
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return code ? formatWorkshopCode(code) : null;
}

/** A fragment typed or mangled by hand may hold a stray %: read it as it stands. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
