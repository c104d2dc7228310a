/**
 * Why the host did not do what a participant asked in the room (CANOPY-5xx). These
 * do not close the connection: the participant's screen says why, and goes on.
 */
import type { ToParticipant } from './messages';

export const ROOM_ERRORS = {
  notFacilitator: {
    code: 'CANOPY-501',
    message: 'Only the facilitator can do that. Ask them, or ask them to hand the role to you.',
  },
  notIdentified: {
    code: 'CANOPY-502',
    message: 'This connection has not said who it is yet; Canopy does so by itself when it joins.',
  },
  badIdentity: {
    code: 'CANOPY-503',
    message:
      'Your identity could not be checked on this connection, so the room does not know you by it. Leave the workshop and join again.',
  },
  unknownParticipant: {
    code: 'CANOPY-504',
    message: 'That person is not in the room: hand the role to someone who has joined.',
  },
  badClaim: {
    code: 'CANOPY-505',
    message:
      'That facilitator link does not match this workshop’s host. Use the link the host printed when it started.',
  },
  roundOpen: {
    code: 'CANOPY-506',
    message: 'A round is already open: reveal or cancel it before opening another.',
  },
  noSuchRound: {
    code: 'CANOPY-507',
    message: 'That round is closed or was never opened; your screen shows the one that is open.',
  },
  badBallot: {
    code: 'CANOPY-508',
    message: 'That ballot does not fit the round, so it was not counted.',
  },
  tooManyAnswers: {
    code: 'CANOPY-509',
    message: 'You gave the most answers one person can give to this prompt.',
  },
  locked: {
    code: 'CANOPY-510',
    message:
      'The facilitator has made the tree read-only for this step, so the host undid your change. It opens again when they unlock it.',
  },
} as const;

export type RoomErrorKey = keyof typeof ROOM_ERRORS;

/** The refusal to send; `detail` says what exactly (e.g. which rule a ballot broke). */
export function roomRefusal(key: RoomErrorKey, detail?: string): ToParticipant {
  const { code, message } = ROOM_ERRORS[key];
  return { t: 'refused', code, message: detail ? `${message} (${detail})` : message };
}
