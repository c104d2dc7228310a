/**
 * Numbered team-server errors (CANOPY-4xx): why the team server or this app refused
 * something, in words the person who can fix it understands. The numbers are stable
 * for logs, tests and support. The server sends `code: message` as a refusal reason;
 * the client reads the code back with teamErrorFromReason.
 */
export const TEAM_ERRORS = {
  tokenRefused: {
    code: 'CANOPY-401',
    message:
      'The team server did not accept this token. Check the invitation, or ask whoever runs the team server for a token.',
  },
  tooManyDocuments: {
    code: 'CANOPY-402',
    message:
      'This token has as many trees on the team server as it may keep. Ask whoever runs the team server to raise the limit or to remove old trees.',
  },
  tooManyConnections: {
    code: 'CANOPY-403',
    message:
      'This token has as many connections open to the team server as it may. Close Canopy on another device, or ask for a higher limit.',
  },
  updateTooLarge: {
    code: 'CANOPY-404',
    message:
      'A change was larger than the team server accepts; it was not stored. It stays in your copy of the tree.',
  },
  notSealed: {
    code: 'CANOPY-405',
    message:
      'The team server accepts only sealed (end-to-end encrypted) changes and refused something else. Update Canopy.',
  },
  wrongKey: {
    code: 'CANOPY-406',
    message:
      'Nothing on the team server opens with this key: the invitation is for another tree, or it was damaged. Ask for the invitation again; nothing was sent.',
  },
  sealedRefused: {
    code: 'CANOPY-407',
    message:
      'Some sealed changes on the team server did not open with this tree’s key (damaged, or written without the key). They were ignored; your tree is unchanged.',
  },
  badInvitation: {
    code: 'CANOPY-408',
    message:
      'This is not a complete team-server invitation. Ask for the link or the QR code again.',
  },
  badAddress: {
    code: 'CANOPY-409',
    message:
      'A team server address starts with wss:// (or ws:// on a trusted network), like wss://canopy.example.org.',
  },
  storageFailed: {
    code: 'CANOPY-410',
    message:
      'The team server could not store a change (its database did not answer). Nothing was acknowledged; your copy keeps everything and sends it again.',
  },
  unreadableChange: {
    code: 'CANOPY-411',
    message:
      'A sealed change opened with this tree’s key but is not a change Canopy can read safely. It was ignored; your tree is unchanged.',
  },
  serverUpdateRefused: {
    code: 'CANOPY-412',
    message:
      'The team server sent a change that failed to decode safely; it was not applied and the connection was closed. Your tree is unchanged; Canopy tries again later.',
  },
} as const;

export type TeamErrorKey = keyof typeof TEAM_ERRORS;

export class TeamError extends Error {
  readonly code: string;
  readonly key: TeamErrorKey;
  constructor(key: TeamErrorKey, detail?: string) {
    const e = TEAM_ERRORS[key];
    super(`${e.code}: ${e.message}${detail ? ` (${detail})` : ''}`);
    this.name = 'TeamError';
    this.code = e.code;
    this.key = key;
  }
}

/** WebSocket close codes for the server's refusals after authentication. */
export const TEAM_CLOSE_CODE: Partial<Record<TeamErrorKey, number>> = {
  updateTooLarge: 4404,
  notSealed: 4405,
  storageFailed: 4410,
};

/** The short reason the server sends: the code only (the client has the words). */
export function teamReason(key: TeamErrorKey): string {
  return TEAM_ERRORS[key].code;
}

/** The error a refusal reason names, if it names one of ours. */
export function teamErrorFromReason(reason: string | undefined): TeamError | null {
  if (!reason) return null;
  for (const [key, value] of Object.entries(TEAM_ERRORS))
    if (reason.startsWith(value.code)) return new TeamError(key as TeamErrorKey);
  return null;
}
