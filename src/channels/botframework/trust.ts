/**
 * What /api/messages may believe of an activity. Its channelId, conversation and serviceUrl are
 * whatever the body says; only a validated channel JWT makes them the Bot Framework's word. So:
 * - the engine's state is keyed by a namespace the channel sets, never by the body: every
 *   unauthenticated (Emulator) request shares the "emulator" namespace whatever channelId it
 *   names, and authenticated requests get "botframework:<channelId>" — neither can ever name a
 *   Direct Line conversation (whose namespace is "directline");
 * - replies go only where the policy allows: the Bot Framework service hosts in production, the
 *   local machine for an Emulator in production.
 */
import { AppError } from '../../shared/errors.js';

/** The fields the channel needs, checked (400 otherwise). */
export interface CheckedActivity {
  type: string;
  channelId: string;
  conversationId: string;
  fromId: string;
  recipientId: string;
  serviceUrl: string;
}

const MAX_ID = 512;

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

function idOf(value: unknown): string | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? text((value as { id?: unknown }).id, MAX_ID) : undefined;
}

/** An activity without what routing needs is the sender's mistake: 400, before anything runs. */
export function checkActivity(body: unknown): CheckedActivity {
  const bad = (what: string) => new AppError('BadArgument', `The activity needs ${what}`, { status: 400 });
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('to be a JSON object');
  const a = body as Record<string, unknown>;
  const type = text(a.type, 64);
  if (!type) throw bad('a type');
  const conversationId = idOf(a.conversation);
  if (!conversationId) throw bad('conversation.id');
  const fromId = idOf(a.from);
  if (!fromId) throw bad('from.id (the sender)');
  const recipientId = idOf(a.recipient);
  if (!recipientId) throw bad('recipient.id');
  const channelId = text(a.channelId, 64);
  if (!channelId) throw bad('a channelId');
  const serviceUrl = text(a.serviceUrl, 2048);
  if (!serviceUrl) throw bad('a serviceUrl');
  return { type, channelId, conversationId, fromId, recipientId, serviceUrl };
}

/** The engine's namespace for this request: set here, from how it was authenticated. */
export function conversationNamespace(authenticated: boolean, channelId: string): string {
  return authenticated ? `botframework:${encodeURIComponent(channelId)}` : 'emulator';
}

/** Replies may go to the local machine only (an Emulator beside the assistant). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

/**
 * The Bot Framework connector hosts (public cloud, US government clouds, Teams' regional and
 * government endpoints), over https on the default port.
 */
export function isBotFrameworkServiceUrl(url: string): boolean {
  try {
    const { hostname, protocol, port } = new URL(url);
    if (protocol !== 'https:' || port !== '') return false;
    return (
      hostname === 'smba.trafficmanager.net' ||
      ['.botframework.com', '.botframework.azure.us', '.teams.microsoft.com', '.teams.microsoft.us'].some((suffix) => hostname.endsWith(suffix))
    );
  } catch {
    return false;
  }
}

/** Without an app id, unauthenticated requests are taken (Emulator mode) unless that is switched off. */
export function isEmulatorMode(options: { appId?: string | undefined; emulator?: boolean | undefined }): boolean {
  return !options.appId && options.emulator !== false;
}
