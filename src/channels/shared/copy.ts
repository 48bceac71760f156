/**
 * What the channels themselves say, in French, when the engine is not the one answering: a message
 * too long to read, a conversation that could not be found or is full. Short sentences, "vous",
 * and what to do next. A turn that failed gets the engine's own apology (dialogs/assistant.json,
 * message 'error'), which the server gives the channels: one apology, worded in one place.
 */
import { languageOfLocale, type LocalizedText, type Reply } from '../../shared/conversation.js';

/** Longest message the assistant reads, in characters; a long story of 2,000 characters fits. */
export const MAX_MESSAGE_CHARS = 5000;

/**
 * The apology for a failed turn, in the language the client's locale asks for (the channel does not
 * know the conversation's). The engine keeps its state when a turn fails: the person can try again.
 */
export function apologyReply(apology: LocalizedText, locale: string | undefined): Reply {
  const language = languageOfLocale(locale);
  return { text: apology[language], language };
}

export const TOO_LONG_REPLY: Reply = {
  text:
    'Votre message est trop long pour moi : 5 000 caractères au plus. ' +
    "Pouvez-vous le raccourcir, ou me l'envoyer en plusieurs fois ?",
  language: 'fr',
};

/** Before a new welcome, when a conversation's history was lost (expired, or the store emptied). */
export const CONVERSATION_LOST_REPLY: Reply = {
  text:
    'Je ne retrouve pas notre conversation précédente : elle a peut-être expiré. ' +
    'Reprenons depuis le début. Si vous étiez en pleine démarche, il faudra la recommencer.',
  language: 'fr',
};

export const CONVERSATION_FULL_REPLY: Reply = {
  text:
    'Cette conversation est devenue trop longue et je ne peux plus la poursuivre. ' +
    'Rechargez la page pour en commencer une nouvelle : je serai là.',
  language: 'fr',
};
