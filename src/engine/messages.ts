/**
 * The messages of dialogs/assistant.json the engine says, and the variables it gives them. The
 * loader makes sure each message exists and names only these variables.
 */

/** Messages of assistant.json the engine uses; the loader makes sure each one exists. */
export const REQUIRED_MESSAGES = [
  'greeting',
  'thanks',
  'goodbye',
  'help',
  'helpInProcedure',
  'cancelled',
  'nothingToCancel',
  'restarted',
  'resume',
  'sameProcedure',
  'switchConfirm',
  'switchKept',
  'disambiguate',
  'outOfScope',
  'outOfScopeNear',
  'notUnderstood',
  'offerAdvisor',
  'stuck',
  'handoffDone',
  'handoffFailed',
  'idleReset',
  'error',
  'busy',
  'feedbackQuestion',
  'frenchOnly',
  'feedbackThanks',
  'feedbackSorry',
  'choiceInvalid',
  'correctionDone',
  'correctionTooLate',
  'lackingWaysOut',
  'asideOutOfScope',
  'asideUnanswered',
  'postponed',
  'complaint',
  'otherAdministration',
  'offerGuide',
  'guideDeclined',
  'easyReadOn',
  'easyReadOff',
  'simplerNothing',
  'callbackConsent',
  'callbackAskContact',
  'callbackBadContact',
  'callbackAskWhen',
  'callbackAnyTime',
  'callbackDonePhone',
  'callbackDoneEmail',
  'callbackDeclined',
  'handoffLive',
  'generalSubject',
  'didYouMean',
] as const;
export type MessageKey = (typeof REQUIRED_MESSAGES)[number];

/** Variables the engine gives to assistant.json messages. */
export const ENGINE_VARIABLES = ['procedure', 'next', 'prompt', 'first', 'second', 'helpline', 'minutes', 'title', 'what', 'name', 'contact', 'when', 'subject'] as const;
