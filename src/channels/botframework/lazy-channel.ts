/**
 * The Bot Framework channel as the server mounts it: botbuilder (and the Azure libraries under it)
 * takes a good part of a second to load, and most starts never see a Bot Framework request, so
 * bot-framework.ts is imported on the first request to /api/messages, on the first message an
 * advisor sends into such a conversation, or when `load()` is called (the server does after
 * listening when an app id is configured, so that Teams' first message does not wait for it).
 * Until then nothing of botbuilder is loaded; a request that arrives meanwhile waits for the load.
 */
import { Router } from 'express';
import type { BotFrameworkChannel, BotFrameworkOptions } from './bot-framework.js';
import { isEmulatorMode } from './trust.js';

export interface LazyBotFrameworkChannel extends BotFrameworkChannel {
  /** Loads botbuilder and creates the channel now (once); resolves with it. */
  load(): Promise<BotFrameworkChannel>;
  /** True once the channel has been created. */
  loaded(): boolean;
}

export function createLazyBotFrameworkChannel(options: BotFrameworkOptions, importChannel = () => import('./bot-framework.js')): LazyBotFrameworkChannel {
  let channel: BotFrameworkChannel | undefined;
  let loading: Promise<BotFrameworkChannel> | undefined;
  const load = () => {
    loading ??= importChannel().then(
      (module) => (channel = module.createBotFrameworkChannel(options)),
      (error: unknown) => {
        // A failed load is tried again by the next request rather than remembered.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const router = Router();
  router.use((req, res, next) => {
    if (channel) return channel.router(req, res, next);
    load().then((loadedChannel) => loadedChannel.router(req, res, next), next);
  });
  return {
    router,
    emulatorMode: isEmulatorMode(options),
    deliver: async (conversationId, message) => (await load()).deliver(conversationId, message),
    load,
    loaded: () => channel !== undefined,
  };
}
