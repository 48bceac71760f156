import express, { Router, type Request } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { cors } from '../shared/cors.js';
import { rateLimit, type HttpRateLimit } from '../shared/rate-limit.js';
import type { SafetyRule } from '../shared/safety-rule.js';

/** Web Chat styles itself with inline <style> elements; scripts come only from this server. */
export const PAGE_CSP =
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
  /** Folder of index.html, webchat.js, chat-core.js, embed.js and their styles. */
  publicDir: string;
  /** The official botframework-webchat browser bundle (default: the installed package's dist/webchat.js). */
  bundlePath?: string;
  /** New conversations per client address (WEBCHAT_TOKENS_PER_MINUTE); none when absent. */
  tokenLimit?: HttpRateLimit;
  /** Origins allowed to ask for a token (the assistant's own and WEBCHAT_ALLOWED_ORIGINS). Default: any. */
  allowOrigin?: (origin: string, req: Request) => boolean;
  /** The safety rule shown in the footer of the page and of the embedded chat. */
  safetyRule: SafetyRule;
}

/**
 * The web chat page at `/`, the embeddable widget at `/embed.js`, the official Web Chat bundle
 * served from node_modules (no CDN), and `POST /api/webchat/token`, which hands the browser a
 * token bound to a new conversation and user, so that the secret stays on the server. A page of a
 * site not in WEBCHAT_ALLOWED_ORIGINS gets 403 there.
 */
export function createWebChatPage(options: WebChatPageOptions): Router {
  const bundlePath = options.bundlePath ?? defaultBundlePath();
  if (!existsSync(bundlePath)) throw new Error(`Web Chat bundle not found at ${bundlePath} (is botframework-webchat installed?)`);
  const log = options.logger.child({ component: 'webchat' });
  const allowOrigin = options.allowOrigin ?? (() => true);
  const router = Router();

  const clientConfig = { safetyRule: options.safetyRule.fr };
  const page = fill(readFileSync(join(options.publicDir, 'index.html'), 'utf8'), '<!--safety-rule-->', escapeHtml(options.safetyRule.fr));
  const embed = fill(readFileSync(join(options.publicDir, 'embed.js'), 'utf8'), '/*config*/{}', scriptJson(clientConfig));

  const limits = options.tokenLimit ? [rateLimit(options.tokenLimit, 'Too many new conversations from this address: try again in a moment.')] : [];
  const tokenCors = cors({ allowOrigin, methods: 'POST', headers: 'content-type' });
  router.options('/api/webchat/token', tokenCors);
  router.post(
    '/api/webchat/token',
    (req, res, next) => {
      const origin = req.get('origin');
      if (origin === undefined || allowOrigin(origin, req)) {
        next();
        return;
      }
      log.warn({ event: 'webchat.token.origin_refused', origin: origin.slice(0, 200) }, 'token refused to a site not allowed');
      // Readable by the refused page, so that it can say why instead of failing silently.
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.vary('Origin');
      res.status(403).json({ error: { code: 'Forbidden', message: 'This site is not allowed to open the assistant (WEBCHAT_ALLOWED_ORIGINS).' } });
    },
    tokenCors,
    ...limits,
    async (_req, res) => {
      const grant = await options.issueToken();
      log.debug({ event: 'webchat.token.issued', conversationId: grant.conversationId }, 'web chat token issued');
      res.setHeader('Cache-Control', 'no-store');
      res.json({ token: grant.token, conversationId: grant.conversationId, userId: grant.userId, expires_in: grant.expires_in });
    },
  );

  router.get('/vendor/webchat.js', (_req, res) => {
    res.sendFile(bundlePath, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });

  const sendPage = (res: express.Response) => {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page);
  };
  router.get('/', (_req, res) => sendPage(res));
  router.get('/index.html', (_req, res) => sendPage(res));
  // Scripts other sites load with a <script> tag: short caching, so that a fix reaches them soon.
  router.get('/embed.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('text/javascript; charset=utf-8').send(embed);
  });

  // The widget's styles are public: any site may read them (tools that inspect a host page do).
  router.get('/embed.css', (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });
  // The policy goes on the page's own files only: other pages mounted beside it keep theirs.
  router.use(express.static(options.publicDir, { index: false, maxAge: '5m', setHeaders: (res) => res.setHeader('Content-Security-Policy', PAGE_CSP) }));
  return router;
}

function fill(template: string, placeholder: string, value: string): string {
  if (!template.includes(placeholder)) throw new Error(`web chat: the placeholder ${placeholder} is missing from a page file`);
  return template.split(placeholder).join(value);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe inside a script: no "</script>", no line separators that end a JavaScript string. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function defaultBundlePath(): string {
  // The package's "exports" hide its dist folder from resolution: resolve the package, then walk.
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  return join(dirname(main), '..', 'dist', 'webchat.js');
}
