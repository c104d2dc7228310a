/**
 * The room channel's messages: what a participant and the workshop's host say about
 * the room rather than the document (who is here, who facilitates, the timer, where
 * the facilitator is). JSON inside the encrypted session, only between a participant
 * and the host, and read like any input from the network: each message is checked
 * whole against its schema (bounded strings and numbers), anything else is refused
 * (CANOPY-104), and fields it does not know are dropped. Live state only: what must
 * persist (the agenda, the lock, answers) is in the document.
 */
import * as v from 'valibot';
import { SyncError } from '../errors';
import { KEY_PATTERN, SIGNATURE_PATTERN } from './identity';
import { BallotSchema, MAX_ANSWER_CHARS, RoundConfigSchema } from './rounds';

/** A message to the host is small: a name, a ballot, an answer of 1,000 characters. */
export const MAX_ROOM_MESSAGE_BYTES = 32 * 1024;
export const MAX_PEOPLE = 500;
/**
 * A message to a participant: a snapshot of a room of 100 is about 15 kB, and one of
 * MAX_PEOPLE with the longest names (40 characters, each up to 6 bytes as JSON) about
 * 200 kB. At 32 kB, as before, a room past about 210 people (everyone who was ever
 * in counts) sent a snapshot every participant refused, and each was disconnected.
 */
export const MAX_TO_PARTICIPANT_BYTES = 256 * 1024;

const Key = v.pipe(v.string(), v.regex(KEY_PATTERN));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40));
const Colour = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i));
const Id = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Time = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(8.64e15));
/** At most a day on a timer; adding time is in whole seconds. */
const Seconds = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 3600));
const NodeId = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));
const Tab = v.picklist(['tree', 'board', 'signals', 'flow', 'learning']);
const RoundId = v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/));

/** The open round as everyone sees it: its setup and how many took part, no ballot. */
export const RoundSchema = v.object({
  id: RoundId,
  config: RoundConfigSchema,
  /** People who voted, abstained or answered. */
  voters: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type RoomRound = v.InferOutput<typeof RoundSchema>;

/** Where the facilitator is: what followers are taken to. */
export const ViewSchema = v.object({
  tab: Tab,
  node: v.nullable(NodeId),
  zoom: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0.02), v.maxValue(8))),
});
export type RoomView = v.InferOutput<typeof ViewSchema>;

export const TimerSchema = v.object({
  label: v.pipe(v.string(), v.maxLength(120)),
  /** Whole length, ms (after any time added). */
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(48 * 3600_000)),
  /** While running: when it ends, by the host's clock. */
  endsAt: v.nullable(Time),
  /** While paused or stopped: what is left, ms. */
  remainingMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(48 * 3600_000)),
  running: v.boolean(),
  chime: v.boolean(),
});
export type RoomTimer = v.InferOutput<typeof TimerSchema>;

export const PersonSchema = v.object({
  key: Key,
  name: Name,
  colour: Colour,
  online: v.boolean(),
});
export type RoomPerson = v.InferOutput<typeof PersonSchema>;

/** From a participant to the host. */
export const ToHostSchema = v.variant('t', [
  v.object({
    t: v.literal('identify'),
    key: Key,
    name: Name,
    colour: Colour,
    sig: v.pipe(v.string(), v.regex(SIGNATURE_PATTERN)),
  }),
  v.object({ t: v.literal('profile'), name: Name, colour: Colour }),
  v.object({ t: v.literal('clock'), id: Id, sent: Time }),
  v.object({
    t: v.literal('timer'),
    op: v.picklist(['start', 'pause', 'resume', 'add', 'stop', 'chime']),
    seconds: v.optional(Seconds),
    label: v.optional(v.pipe(v.string(), v.maxLength(120))),
    on: v.optional(v.boolean()),
  }),
  v.object({ t: v.literal('view'), view: v.nullable(ViewSchema) }),
  v.object({ t: v.literal('summon'), view: ViewSchema }),
  v.object({ t: v.literal('handover'), to: Key }),
  v.object({ t: v.literal('claim'), token: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)) }),
  v.object({ t: v.literal('open-round'), round: RoundConfigSchema }),
  v.object({ t: v.literal('close-round'), id: RoundId, reveal: v.boolean() }),
  v.object({ t: v.literal('ballot'), id: RoundId, ballot: BallotSchema }),
  v.object({
    t: v.literal('answer'),
    id: RoundId,
    text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_ANSWER_CHARS)),
  }),
]);
export type ToHost = v.InferOutput<typeof ToHostSchema>;

/** From the host to a participant. */
export const ToParticipantSchema = v.variant('t', [
  v.object({
    t: v.literal('room'),
    you: Key,
    facilitator: v.nullable(Key),
    people: v.pipe(v.array(PersonSchema), v.maxLength(MAX_PEOPLE)),
    timer: v.nullable(TimerSchema),
    view: v.nullable(ViewSchema),
    round: v.nullable(RoundSchema),
    /** This participant's own part in the open round: their ballot, how many answers. */
    mine: v.nullable(v.object({ ballot: v.nullable(BallotSchema), answers: Id })),
  }),
  v.object({ t: v.literal('clock'), id: Id, sent: Time, host: Time }),
  v.object({
    t: v.literal('revealed'),
    id: RoundId,
    title: v.pipe(v.string(), v.maxLength(120)),
    /** The tally (rounds.ts); checked by shape where it is shown. */
    result: v.record(v.string(), v.unknown()),
  }),
  v.object({ t: v.literal('summon'), seq: Id, view: ViewSchema }),
  v.object({
    t: v.literal('refused'),
    code: v.pipe(v.string(), v.regex(/^CANOPY-\d{3}$/)),
    message: v.pipe(v.string(), v.maxLength(400)),
  }),
]);
export type ToParticipant = v.InferOutput<typeof ToParticipantSchema>;
export type RoomSnapshot = Extract<ToParticipant, { t: 'room' }>;

export function encodeRoom(message: ToHost | ToParticipant): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(message));
}

const utf8 = new TextEncoder();

/**
 * The part of a room snapshot every participant shares, encoded once for all of them:
 * its JSON without the opening brace, for encodeSnapshot to put after each one's own.
 */
export function encodeSharedSnapshot(shared: Omit<RoomSnapshot, 't' | 'you' | 'mine'>): Uint8Array {
  return utf8.encode(JSON.stringify(shared).slice(1));
}

/** One participant's snapshot: their own fields, then the shared part's bytes. */
export function encodeSnapshot(
  you: string,
  mine: RoomSnapshot['mine'],
  shared: Uint8Array,
): Uint8Array {
  const own = utf8.encode(
    `{"t":"room","you":${JSON.stringify(you)},"mine":${JSON.stringify(mine)}${shared.length > 1 ? ',' : ''}`,
  );
  const out = new Uint8Array(own.length + shared.length);
  out.set(own);
  out.set(shared, own.length);
  return out;
}

function decode<T>(
  schema: v.GenericSchema<unknown, T>,
  payload: Uint8Array,
  maxBytes: number,
  what: string,
): T {
  if (payload.length > maxBytes) throw new SyncError('frameTooLarge', what);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new SyncError('malformed', what);
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw new SyncError('malformed', what);
  return parsed.output;
}

export const decodeToHost = (payload: Uint8Array): ToHost =>
  decode(ToHostSchema, payload, MAX_ROOM_MESSAGE_BYTES, 'room message');
export const decodeToParticipant = (payload: Uint8Array): ToParticipant =>
  decode(ToParticipantSchema, payload, MAX_TO_PARTICIPANT_BYTES, 'room message');
