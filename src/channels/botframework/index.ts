/** The Bot Framework channel (/api/messages): the only module that imports botbuilder. */
export { createBotFrameworkChannel, type BotFrameworkChannel, type BotFrameworkOptions } from './bot-framework.js';
export { checkActivity, conversationNamespace, isBotFrameworkServiceUrl, isLoopbackUrl } from './trust.js';
