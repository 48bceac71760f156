import express, { type Router } from 'express';
import { AppError } from '../../shared/errors.js';
import type { Nlu } from '../../nlu/types.js';

export interface NluRouterOptions {
  /** Longest accepted text, in characters. */
  maxTextLength?: number;
  /** Largest accepted JSON body (express.json limit); above it the answer is 413. */
  bodyLimit?: string;
}

/**
 * `POST /parse` (mounted under /api/nlu): `{text}` → `{text, intent, ranking, entities, language,
 * closeCall?}`. The text may hold personal data (a NIR, an e-mail): it is neither logged nor cached.
 */
export function createNluRouter(nlu: Nlu, options: NluRouterOptions = {}): Router {
  const maxTextLength = options.maxTextLength ?? 1000;
  const router = express.Router();
  router.post('/parse', express.json({ limit: options.bodyLimit ?? '16kb' }), (req, res) => {
    const body: unknown = req.body;
    const text = body && typeof body === 'object' && !Array.isArray(body) ? (body as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') throw new AppError('BadArgument', 'Expected a JSON body {"text": "<message>"}', { status: 400 });
    if (text.trim() === '') throw new AppError('BadArgument', '"text" must not be empty', { status: 400 });
    if (text.length > maxTextLength) throw new AppError('BadArgument', `"text" must be at most ${maxTextLength} characters`, { status: 400 });
    const result = nlu.parse(text);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      text: result.text,
      intent: result.intent,
      ranking: result.ranking,
      entities: result.entities,
      language: result.language,
      ...(result.closeCall ? { closeCall: result.closeCall } : {}),
    });
  });
  return router;
}
