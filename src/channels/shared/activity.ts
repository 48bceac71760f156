/**
 * The Bot Framework activity shapes the channels exchange, kept as plain types so that the
 * Direct Line server and the terminal need no botbuilder. They are structurally compatible with
 * botframework-schema's `Partial<Activity>`, which the Bot Framework channel passes them as.
 */

export interface ChannelAccount {
  id: string;
  name?: string;
  role?: 'user' | 'bot';
}

export interface CardAction {
  type: 'imBack' | 'postBack' | 'openUrl';
  title: string;
  value: string;
}

export interface Attachment {
  contentType: string;
  content: Record<string, unknown>;
}

/** What rendering produces: a message without routing fields (ids, from, conversation). */
export interface OutgoingMessage {
  type: 'message';
  text: string;
  textFormat: 'markdown';
  locale?: string;
  inputHint: 'acceptingInput' | 'expectingInput';
  suggestedActions?: { actions: CardAction[] };
  attachments?: Attachment[];
}
