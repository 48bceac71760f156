/**
 * The Bot Framework channel (/api/messages): bot-framework.ts is the only module that imports
 * botbuilder, and it is loaded on first use (lazy-channel.ts).
 */
export type { BotFrameworkChannel, BotFrameworkOptions } from './bot-framework.js';
export { createLazyBotFrameworkChannel, type LazyBotFrameworkChannel } from './lazy-channel.js';
export { checkActivity, conversationNamespace, isBotFrameworkServiceUrl, isEmulatorMode, isLoopbackUrl } from './trust.js';
