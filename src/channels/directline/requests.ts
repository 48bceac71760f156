/** Reading what a Direct Line client sent (bodies, queries); anything wrong is a 400 BadArgument. */
import { MAX_MESSAGE_CHARS, type ChannelAccount } from '../shared/index.js';
import type { Caller } from './auth.js';
import { dlError } from './errors.js';

const USER_ID = /^[\p{L}\p{N}_.:@|-]{1,128}$/u;
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing']);

export interface IncomingActivity {
  type: string;
  from: ChannelAccount;
  text?: string;
  value?: Record<string, unknown>;
  locale?: string;
  channelData?: Record<string, unknown>;
  /**
   * The client's own id for this activity (Web Chat's channelData.clientActivityID, or the
   * activity's id): the same id sent again is a retry of the same activity.
   */
  clientId?: string;
}

const MAX_CLIENT_ID = 128;
/** Largest channelData or card value kept in the stored conversation (JSON characters). */
const MAX_STORED_JSON = 4096;

/** Keeps what the protocol needs from the client's activity; the token's user always wins over from.id. */
export function parseActivity(body: unknown, caller: Caller): IncomingActivity {
  if (!isObject(body)) throw dlError.badArgument('The body must be a JSON activity');
  const { type, text, value, locale, channelData, from } = body;
  if (typeof type !== 'string' || !ACCEPTED_TYPES.has(type)) throw dlError.badArgument('activity.type must be "message", "event" or "typing"');
  if (text !== undefined && typeof text !== 'string') throw dlError.badArgument('activity.text must be a string');
  const fromObject = isObject(from) ? from : {};
  let fromId: string;
  if (caller.kind === 'token') {
    fromId = caller.claims.userId;
  } else {
    if (typeof fromObject.id !== 'string' || !USER_ID.test(fromObject.id)) throw dlError.badArgument('activity.from.id is required');
    fromId = fromObject.id;
  }
  const activity: IncomingActivity = { type, from: { id: fromId, role: 'user' } };
  if (typeof fromObject.name === 'string') activity.from.name = fromObject.name.slice(0, 100);
  if (typeof text === 'string') activity.text = text;
  // A card submit carries an object; a postBack may carry a string, which is what the person "said".
  if (isObject(value)) activity.value = value;
  else if (typeof value === 'string' && activity.text === undefined) activity.text = value;
  if (typeof locale === 'string' && locale.length <= 20) activity.locale = locale;
  // Web Chat matches its own messages by channelData.clientActivityID: it must come back as sent.
  if (isObject(channelData)) activity.channelData = channelData;
  const clientId = isObject(channelData) && typeof channelData.clientActivityID === 'string' ? channelData.clientActivityID : body.id;
  if (typeof clientId === 'string' && clientId.length > 0 && clientId.length <= MAX_CLIENT_ID) activity.clientId = clientId;
  if (type === 'message' && activity.text === undefined && activity.value === undefined) throw dlError.badArgument('A message needs text or value');
  return activity;
}

/** The user a client names, as `{"user":{"id"}}` or as `{"User":{"Id"}}` (what the official client's test harness sends). */
/**
 * What is kept of an activity in the stored conversation, bounded: the text up to the length the
 * assistant reads, channelData and card values up to 4 KB (Web Chat's clientActivityID always stays:
 * it matches its own messages with it).
 */
export function storedForm(activity: IncomingActivity): Omit<IncomingActivity, 'clientId'> {
  const { clientId: _clientId, ...rest } = activity;
  const kept: Omit<IncomingActivity, 'clientId'> = { ...rest };
  if (kept.text !== undefined && kept.text.length > MAX_MESSAGE_CHARS) kept.text = `${kept.text.slice(0, MAX_MESSAGE_CHARS)}…`;
  if (kept.value && JSON.stringify(kept.value).length > MAX_STORED_JSON) delete kept.value;
  if (kept.channelData && JSON.stringify(kept.channelData).length > MAX_STORED_JSON) {
    const id = kept.channelData.clientActivityID;
    if (typeof id === 'string' && id.length <= MAX_CLIENT_ID) kept.channelData = { clientActivityID: id };
    else delete kept.channelData;
  }
  return kept;
}

export function requestedUserId(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const id = isObject(body.user) ? body.user.id : isObject(body.User) ? body.User.Id : undefined;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !USER_ID.test(id)) throw dlError.badArgument('user.id must be 1 to 128 letters, digits or _.:@|-');
  return id;
}

/** `channelData.easyRead` as the web chat's "Facile à lire" switch sends it; anything else is ignored. */
export function easyReadOf(activity: IncomingActivity): boolean | undefined {
  const value = activity.channelData?.easyRead;
  return typeof value === 'boolean' ? value : undefined;
}

export function parseWatermark(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  // Up to 15 digits: a conversation started again after its history was lost counts from a time.
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw dlError.badArgument('watermark must be a non-negative integer');
  return Number(raw);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
