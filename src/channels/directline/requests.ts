/** Reading what a Direct Line client sent (bodies, queries); anything wrong is a 400 BadArgument. */
import type { ChannelAccount } from '../shared/index.js';
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
}

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
  if (type === 'message' && activity.text === undefined && activity.value === undefined) throw dlError.badArgument('A message needs text or value');
  return activity;
}

/** The user a client names, as `{"user":{"id"}}` or as `{"User":{"Id"}}` (what the official client's test harness sends). */
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
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw dlError.badArgument('watermark must be a non-negative integer');
  return Number(raw);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
