import type { ValidateFunction } from 'ajv';
import { Router } from 'express';
import { MINUTE_MS } from '../../../shared/clock.js';
import type { CoreContext } from '../core/context.js';
import { listPersonas, viewOf } from '../personas/view.js';
import { contractAjv, describeErrors } from '../../api-schemas/index.js';

const CLOCK_BODY = {
  type: 'object',
  required: ['advanceMinutes'],
  additionalProperties: false,
  // Up to ten years at once: enough for any expiry of the procedures.
  properties: { advanceMinutes: { type: 'number', minimum: 0, maximum: 5_256_000 } },
} as const;
// Compiled on the first POST /clock, with the contract's ajv instance (its schemas compile there too).
let clockValidator: ValidateFunction<{ advanceMinutes: number }> | undefined;
const clockBodyValidator = () => (clockValidator ??= contractAjv().compile<{ advanceMinutes: number }>(CLOCK_BODY));

/**
 * The simulator's own routes (CONTRACT.md): personas as they are now, the outbox, the movable
 * clock; plus the audit list and a reset for tests and demonstrations.
 */
export function createAdminRouter(ctx: CoreContext, reset: () => Promise<void>): Router {
  const router = Router();
  const clockBody = () => {
    const now = ctx.clock.now();
    return { now: now.toISOString(), offsetMinutes: Math.round(ctx.clock.offsetMs() / MINUTE_MS) };
  };

  router.get('/personas', async (_req, res) => {
    res.json(await listPersonas(ctx));
  });

  router.get('/personas/:id', async (req, res) => {
    const person = await ctx.persons.get(req.params.id);
    if (!person) {
      res.status(404).json({ error: { code: 'not_found', message: 'no such persona' } });
      return;
    }
    res.json(await viewOf(ctx, person));
  });

  router.get('/outbox', async (req, res) => {
    const to = typeof req.query.to === 'string' && req.query.to.trim() !== '' ? req.query.to : undefined;
    res.json(await ctx.outbox.list(to));
  });

  router.get('/clock', (_req, res) => {
    res.json(clockBody());
  });

  router.post('/clock', async (req, res) => {
    const body: unknown = req.body ?? {};
    const validateClock = clockBodyValidator();
    if (!validateClock(body)) {
      res.status(400).json({ error: { code: 'invalid_request', message: `body ${describeErrors(validateClock.errors)}` } });
      return;
    }
    const minutes = body.advanceMinutes;
    await ctx.clock.advance(minutes * MINUTE_MS);
    await ctx.audit.record({ at: ctx.clock.now().toISOString(), actor: 'operator', action: 'sim.clock.advanced', details: { minutes } });
    res.json(clockBody());
  });

  router.get('/audit', async (req, res) => {
    const actor = typeof req.query.actor === 'string' ? req.query.actor : undefined;
    const entries = await ctx.audit.list();
    res.json(actor ? entries.filter((e) => e.actor === actor) : entries);
  });

  router.post('/reset', async (_req, res) => {
    await reset();
    res.json({ status: 'reset' });
  });

  return router;
}
