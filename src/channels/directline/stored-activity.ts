/**
 * What a Direct Line conversation keeps of each activity, and the full activity a client reads.
 * Kept: what was said (text, a card submit's value, the client's channelData), who said it when
 * (milliseconds from the conversation's start), and for the assistant's messages the reply itself:
 * its text, its buttons and a reference to its card (card-shelf.ts). Everything else an activity
 * carries (ids, channel, conversation, sender and recipient, the rendered Adaptive Card) is the
 * same for every activity of the conversation, or follows from the reply: it is rebuilt on read,
 * exactly as it was sent.
 */
import type { Card, Language, Reply } from '../../shared/conversation.js';
import { renderReply, type ChannelAccount } from '../shared/index.js';
import type { CardShelf } from './card-shelf.js';
import { activityId, type ConversationRecord, type PagedEntry } from './conversation-store.js';
import type { IncomingActivity } from './requests.js';

export const CHANNEL = 'directline';

/** The person's activity. */
export interface UserEntry {
  k: 'u';
  ms: number;
  /** Its type when not "message". */
  y?: string;
  t?: string;
  v?: Record<string, unknown>;
  l?: string;
  cd?: Record<string, unknown>;
  /** from.name, when the client gave one. */
  n?: string;
  /** from.id, when it is not the conversation's user (the secret's holder names its users). */
  f?: string;
  /** The client's id for it (its retry is recognised by it). */
  c?: string;
}

/** The assistant's message: the engine's reply. */
export interface BotEntry {
  k: 'b';
  ms: number;
  t: string;
  /** Suggested actions as [title, value]. */
  s?: Array<[string, string]>;
  /** The card's reference on the shelf. */
  cr?: string;
  la?: Language;
  /** Position of the message it answers. */
  r?: number;
}

/** An advisor's message in a live exchange. */
export interface AdvisorEntry {
  k: 'a';
  ms: number;
  t: string;
  /** How the advisor signs ("Nadia, conseillère"). */
  n: string;
}

export type StoredEntry = UserEntry | BotEntry | AdvisorEntry;

/** A full Bot Framework activity, as GET /activities and the streams give it. */
export type Activity = Record<string, unknown> & { type: string; id: string };

const since = (record: ConversationRecord, at: Date) => Math.max(0, at.getTime() - Date.parse(record.createdAt));

/** The person's activity, as stored (its text already bounded and masked by the caller). */
export function userEntry(record: ConversationRecord, activity: Omit<IncomingActivity, 'clientId'>, at: Date, clientKey: string | undefined): UserEntry {
  const entry: UserEntry = { k: 'u', ms: since(record, at) };
  if (activity.type !== 'message') entry.y = activity.type;
  if (activity.text !== undefined) entry.t = activity.text;
  if (activity.value) entry.v = activity.value;
  if (activity.locale) entry.l = activity.locale;
  if (activity.channelData) entry.cd = activity.channelData;
  if (activity.from.name) entry.n = activity.from.name;
  if (activity.from.id !== record.userId) entry.f = activity.from.id;
  if (clientKey) entry.c = clientKey;
  return entry;
}

/** The assistant's replies, their cards put on the shelf. */
export async function botEntries(record: ConversationRecord, replies: readonly Reply[], at: Date, cards: CardShelf): Promise<BotEntry[]> {
  const ms = since(record, at);
  return Promise.all(
    replies.map(async (reply) => {
      const entry: BotEntry = { k: 'b', ms, t: reply.text };
      if (reply.suggestedActions?.length) entry.s = reply.suggestedActions.map((a) => [a.title, a.value]);
      if (reply.card) entry.cr = await cards.put(reply.card);
      if (reply.language) entry.la = reply.language;
      return entry;
    }),
  );
}

export function advisorEntry(record: ConversationRecord, message: { text: string; fromName: string }, at: Date): AdvisorEntry {
  return { k: 'a', ms: since(record, at), t: message.text, n: message.fromName };
}

/** The full activities of a page, cards fetched from the shelf (a card no longer kept: its text alone). */
export async function renderEntries(record: ConversationRecord, entries: readonly PagedEntry[], bot: ChannelAccount, cards: CardShelf): Promise<Activity[]> {
  const refs = [...new Set(entries.flatMap(({ entry }) => (entry.k === 'b' && entry.cr ? [entry.cr] : [])))];
  const found = new Map<string, Card | undefined>(await Promise.all(refs.map(async (ref) => [ref, await cards.get(ref)] as const)));
  const user: ChannelAccount = { id: record.userId, role: 'user' };
  return entries.map(({ id, entry }) => {
    const common = { id, timestamp: new Date(Date.parse(record.createdAt) + entry.ms).toISOString(), channelId: CHANNEL, conversation: { id: record.id } };
    if (entry.k === 'u') {
      const from: ChannelAccount = { id: entry.f ?? record.userId, ...(entry.n ? { name: entry.n } : {}), role: 'user' };
      return {
        type: entry.y ?? 'message',
        ...common,
        from,
        recipient: bot,
        ...(entry.t !== undefined ? { text: entry.t } : {}),
        ...(entry.v ? { value: entry.v } : {}),
        ...(entry.l ? { locale: entry.l } : {}),
        ...(entry.cd ? { channelData: entry.cd } : {}),
      };
    }
    if (entry.k === 'a') {
      return { type: 'message', text: entry.t, textFormat: 'markdown', locale: 'fr-FR', ...common, from: { id: `${bot.id}-advisor`, name: entry.n, role: 'bot' }, recipient: user };
    }
    const card = entry.cr ? found.get(entry.cr) : undefined;
    const reply: Reply = {
      text: entry.t,
      ...(entry.s ? { suggestedActions: entry.s.map(([title, value]) => ({ title, value })) } : {}),
      ...(card ? { card } : {}),
      ...(entry.la ? { language: entry.la } : {}),
    };
    return { ...renderReply(reply, { channel: CHANNEL }), ...common, from: bot, recipient: user, ...(entry.r !== undefined ? { replyToId: activityId(record.id, entry.r) } : {}) };
  });
}
