/**
 * What a member needs to reach a tree on a team server, and how it travels.
 *
 * - The server address (wss:// or ws://) and a token, which the server checks: it
 *   decides who may store ciphertext at all. A token reads `team.secret`; the team
 *   part names the room's folder on the server (`team/room`).
 * - The tree's document id and its 256-bit room key, which the server never sees.
 *
 * An invitation link carries all four in its fragment (`…#team=…`), which a browser
 * never sends to any server; the QR code holds the same link. Everything read from a
 * link is checked, and anything else refuses the whole link (CANOPY-408).
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import { TeamError } from './errors';
import { ROOM_KEY_BYTES, roomIdForKey } from './sealing';

export interface TeamAccess {
  /** ws:// or wss:// address of the team server. */
  server: string;
  token: string;
  docId: string;
  key: Uint8Array;
}

/** `team.secret`: a team name, then 32 random bytes in base64url. */
export const TOKEN_PATTERN = /^([a-z0-9][a-z0-9-]{0,31})\.([A-Za-z0-9_-]{43})$/;
const DOC_ID_PATTERN = /^[\w-]{1,64}$/;
const ADDRESS_PATTERN = /^(wss?):\/\/([^\s/?#@]+)(\/[^\s?#]*)?$/i;
const MAX_ADDRESS_CHARS = 2048;
const FRAGMENT_KEY = 'team=';

/** The team a token belongs to, or null when it is not a token. */
export function teamOfToken(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** The server's name for a tree's room: the token's team, then the key's room id. */
export function documentNameFor(access: Pick<TeamAccess, 'token' | 'key'>): string {
  const team = teamOfToken(access.token);
  if (!team) throw new TeamError('tokenRefused', 'not a token');
  return `${team}/${roomIdForKey(access.key)}`;
}

/**
 * A typed address as a WebSocket address: https:// becomes wss://, http:// ws://, a
 * bare host name wss://. Throws CANOPY-409 when it is not an address.
 */
export function normalizeServerAddress(text: string): string {
  let address = text.trim();
  if (/^https:\/\//i.test(address)) address = `wss://${address.slice(8)}`;
  else if (/^http:\/\//i.test(address)) address = `ws://${address.slice(7)}`;
  else if (!/^[a-z]+:\/\//i.test(address)) address = `wss://${address}`;
  address = address.replace(/\/+$/, '');
  if (address.length > MAX_ADDRESS_CHARS || !ADDRESS_PATTERN.test(address))
    throw new TeamError('badAddress', text.slice(0, 80));
  return address.replace(/^wss?/i, (s) => s.toLowerCase());
}

/** Checks every field; throws CANOPY-408 (or -409 for the address) otherwise. */
export function checkTeamAccess(access: TeamAccess): TeamAccess {
  if (typeof access.token !== 'string' || !TOKEN_PATTERN.test(access.token))
    throw new TeamError('badInvitation', 'token');
  if (typeof access.docId !== 'string' || !DOC_ID_PATTERN.test(access.docId))
    throw new TeamError('badInvitation', 'document id');
  if (!(access.key instanceof Uint8Array) || access.key.length !== ROOM_KEY_BYTES)
    throw new TeamError('badInvitation', 'key');
  if (typeof access.server !== 'string') throw new TeamError('badInvitation', 'address');
  return { ...access, server: normalizeServerAddress(access.server) };
}

/** The fragment of an invitation link, `team=…` (without the #). */
export function encodeInvitation(access: TeamAccess): string {
  const checked = checkTeamAccess(access);
  const json = JSON.stringify({
    v: 1,
    s: checked.server,
    t: checked.token,
    d: checked.docId,
    k: toBase64UrlEncoded(checked.key),
  });
  return FRAGMENT_KEY + toBase64UrlEncoded(new TextEncoder().encode(json));
}

/** Whether a link's fragment (with or without the #) is a team invitation at all. */
export function isInvitationFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(FRAGMENT_KEY);
}

/**
 * The access an invitation carries (a whole link, or its fragment with or without the
 * #); throws CANOPY-408 when it is not whole.
 */
export function decodeInvitation(link: string): TeamAccess {
  const hash = link.indexOf('#');
  const body = (hash >= 0 ? link.slice(hash + 1) : link).trim();
  if (!body.startsWith(FRAGMENT_KEY) || body.length > 8192) throw new TeamError('badInvitation');
  const payload = body.slice(FRAGMENT_KEY.length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw new TeamError('badInvitation');
  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64UrlEncoded(payload));
    parsed = JSON.parse(text);
  } catch {
    throw new TeamError('badInvitation');
  }
  const { v, s, t, d, k } = (parsed ?? {}) as Record<string, unknown>;
  if (v !== 1) throw new TeamError('badInvitation', 'version');
  if (typeof k !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(k))
    throw new TeamError('badInvitation', 'key');
  return checkTeamAccess({
    server: s as string,
    token: t as string,
    docId: d as string,
    key: fromBase64UrlEncoded(k),
  });
}
