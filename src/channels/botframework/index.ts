/** The Bot Framework channel (/api/messages): the only module that imports botbuilder. */
export { createBotFrameworkChannel, isLoopbackUrl, type BotFrameworkChannel, type BotFrameworkOptions } from './bot-framework.js';
