/**
 * The contract between the channels and the engine. A channel turns whatever it receives
 * (a Direct Line activity, a Bot Framework activity, a terminal line) into a TurnInput, and turns
 * the TurnOutput's replies into what it sends back. Nothing here knows about botbuilder.
 */

/** Where a turn comes from; used for channel-aware rendering and in transcripts. */
export type ChannelName = 'webchat' | 'directline' | 'msteams' | 'emulator' | 'terminal' | 'test' | (string & {});

export type Language = 'fr' | 'en';

/** The same words in both languages (content from dialogs/ or knowledge/). */
export type LocalizedText = Readonly<Record<Language, string>>;

/** The language a client's locale asks for, when nothing else tells it: English for "en-…", French otherwise. */
export function languageOfLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

export interface TurnInput {
  /** What the person typed (or the value of a button they pressed). May be empty. */
  text: string;
  /** Structured value of a card submit or postBack, when the channel has one. */
  value?: Record<string, unknown>;
  /** Stable id of the person on this channel (Direct Line: the token's user). */
  userId: string;
  conversationId: string;
  channel: ChannelName;
  /** BCP 47 locale of the client, e.g. "fr-FR", "en-US", when the channel tells it. */
  locale?: string;
  /**
   * The person's "Facile à lire" (easy-to-read) switch, when the channel has one (the web chat
   * sends it with every message): true asks for the FALC wording, false for the usual one.
   */
  easyRead?: boolean;
}

/** A button that sends `value` back as the person's message (imBack). */
export interface SuggestedAction {
  title: string;
  value: string;
}

/** A card kept channel-neutral; channels render it (Adaptive Card 1.5 for Teams and Web Chat). */
export interface Card {
  title?: string;
  text?: string;
  /** Key facts shown as a two-column list ("Valable" → "30 minutes"). */
  facts?: Array<{ title: string; value: string }>;
  /** Numbered steps. */
  steps?: string[];
  /** Buttons: `value` is sent back as a message, `url` opens a page. */
  actions?: Array<{ title: string; value?: string; url?: string }>;
}

export interface Reply {
  /** Markdown-light text: paragraphs, **bold**, lists, links. Always present (cards have a text fallback). */
  text: string;
  suggestedActions?: SuggestedAction[];
  card?: Card;
  /** Language of this reply (follows the person's language). */
  language?: Language;
}

export interface TurnOutput {
  replies: Reply[];
  /** True when the turn created a request for a human advisor. */
  handoff?: boolean;
  /**
   * True when the person's message answered a secret question (a password, a one-time code):
   * channels must neither keep nor log its text (Direct Line masks the stored activity).
   */
  inputWasSecret?: boolean;
}

/** What every channel calls. */
export interface Engine {
  /** The first message of a conversation (Web Chat's welcome, Teams' conversationUpdate). */
  welcome(input: Omit<TurnInput, 'text'>): Promise<TurnOutput>;
  handleTurn(input: TurnInput): Promise<TurnOutput>;
  /**
   * Asked before the turn: whether this message answers a password or code question, so that a
   * channel never stores its text (optional: simple engines never ask for secrets).
   */
  expectsSecret?(input: TurnInput): Promise<boolean>;
}
