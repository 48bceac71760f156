import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { rateLimit, type HttpRateLimit } from '../shared/rate-limit.js';

/** Web Chat styles itself with inline <style> elements; scripts come only from this server. */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; media-src 'self' blob:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/** What the page needs to open a conversation: a Direct Line token, never the secret. */
export interface WebChatToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}

export interface WebChatPageOptions {
  /** Creates a conversation and a token for a new user (the Direct Line channel does it). */
  issueToken: () => Promise<WebChatToken>;
  logger: Logger;
  /** Folder of index.html, webchat.js, webchat.css. */
  publicDir: string;
  /** The official botframework-webchat browser bundle (default: the installed package's dist/webchat.js). */
  bundlePath?: string;
  /** New conversations per client address (WEBCHAT_TOKENS_PER_MINUTE); none when absent. */
  tokenLimit?: HttpRateLimit;
}

/**
 * The web chat page at `/`: the official Web Chat bundle served from node_modules (no CDN), the
 * page's own script and styles, and `POST /api/webchat/token`, which hands the browser a token
 * bound to a new conversation and user, so that the secret stays on the server.
 */
export function createWebChatPage(options: WebChatPageOptions): Router {
  const bundlePath = options.bundlePath ?? defaultBundlePath();
  if (!existsSync(bundlePath)) throw new Error(`Web Chat bundle not found at ${bundlePath} (is botframework-webchat installed?)`);
  const log = options.logger.child({ component: 'webchat' });
  const router = Router();

  const limits = options.tokenLimit ? [rateLimit(options.tokenLimit, 'Too many new conversations from this address: try again in a moment.')] : [];
  router.post('/api/webchat/token', ...limits, async (_req, res) => {
    const grant = await options.issueToken();
    log.debug({ event: 'webchat.token.issued', conversationId: grant.conversationId }, 'web chat token issued');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: grant.token, conversationId: grant.conversationId, userId: grant.userId, expires_in: grant.expires_in });
  });

  router.get('/vendor/webchat.js', (_req, res) => {
    res.sendFile(bundlePath, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });

  // The policy goes on the page's own files only: other pages mounted beside it keep theirs.
  router.use(express.static(options.publicDir, { index: 'index.html', maxAge: '5m', setHeaders: (res) => res.setHeader('Content-Security-Policy', PAGE_CSP) }));
  return router;
}

function defaultBundlePath(): string {
  // The package's "exports" hide its dist folder from resolution: resolve the package, then walk.
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  return join(dirname(main), '..', 'dist', 'webchat.js');
}
