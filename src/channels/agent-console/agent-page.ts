/**
 * The agent console page at /agent: a static page (public/agent/) with its own script and styles,
 * under a strict Content-Security-Policy. The page holds no data: it asks for the agent key, keeps
 * it in sessionStorage (never in the URL) and calls /api/agent.
 */
import express, { Router } from 'express';
import { join } from 'node:path';

export const AGENT_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export function createAgentPage(options: { publicDir: string }): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', AGENT_PAGE_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  // "/agent" itself (no redirect to "/agent/", so that the address stays the one agents bookmark).
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(options.publicDir, 'index.html'));
  });
  router.use(express.static(options.publicDir, { index: false, redirect: false, maxAge: '5m' }));
  return router;
}
