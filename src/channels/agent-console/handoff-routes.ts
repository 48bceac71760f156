/**
 * The advisors' side of handoff requests, under /api/agent (the agent key is checked before):
 * the queue, one request with its contact, take, the live exchange (messages, close, a stream of
 * what the person writes) and the advisors' presence (the console's heartbeat).
 *
 * The stream is server-sent events read with fetch (the key travels in the Authorization header,
 * which EventSource cannot send): a line written in this process is pushed at once, one written
 * by another instance within `pollIntervalMs`.
 */
import express, { Router, type Response } from 'express';
import type { AdvisorPresenceService } from '../../handoff/presence.js';
import { ADVISOR_TITLES, type AdvisorTitle } from '../../handoff/live-copy.js';
import type { LiveExchange } from '../../handoff/live-exchange.js';
import type { HandoffDesk, HandoffStatus } from '../../handoff/types.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { handoffSummary } from './views.js';

export interface HandoffRoutesOptions {
  handoffs: HandoffDesk;
  live: LiveExchange;
  presence: AdvisorPresenceService;
  clock: Clock;
  logger: Logger;
  /** How often a stream also reads the store (lines written by another instance); default 2 s. */
  pollIntervalMs?: number;
}

export interface HandoffRoutes {
  router: Router;
  /** Ends the open streams (shutdown): consoles reconnect to another instance. */
  closeStreams(): void;
}

const STATUSES: readonly HandoffStatus[] = ['waiting', 'taken', 'closed'];
const KEEP_ALIVE_MS = 15_000;

export function createHandoffRoutes(options: HandoffRoutesOptions): HandoffRoutes {
  const { handoffs, live, presence, clock } = options;
  const log = options.logger;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const streams = new Set<Response>();
  const router = Router();
  const json = express.json({ limit: '8kb' });

  router.get('/handoffs', async (req, res) => {
    const status = stringParam(req.query.status);
    if (status && !STATUSES.includes(status as HandoffStatus)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`);
    const list = await handoffs.list(status ? { status: status as HandoffStatus } : {});
    res.json({ handoffs: list.map(handoffSummary) });
  });

  // One request with its masked transcript, the live exchange so far, and the callback contact:
  // this route is behind the agent key, the only place a contact is ever shown.
  router.get('/handoffs/:id', async (req, res) => {
    const request = await handoffs.get(req.params.id);
    if (!request) throw notFound();
    const { lines, next } = await handoffs.lines(request.id);
    res.json({ handoff: request, messages: lines, next });
  });

  router.post('/handoffs/:id/take', json, async (req, res) => {
    const body = objectBody(req.body);
    const agent = typeof body.agent === 'string' ? body.agent.trim().slice(0, 60) : '';
    if (body.title !== undefined && !ADVISOR_TITLES.includes(body.title as AdvisorTitle)) throw badRequest(`title must be one of ${ADVISOR_TITLES.join(', ')}`);
    const taken = await live.take(req.params.id, agent, body.title as AdvisorTitle | undefined);
    if (!taken) {
      if (!(await handoffs.get(req.params.id))) throw notFound();
      throw new AppError('Conflict', 'this request is no longer waiting', { status: 409 });
    }
    log.info({ event: 'agent.handoff.taken', handoffId: taken.id, mode: taken.mode, topic: taken.topic }, 'handoff request taken');
    res.json({ handoff: taken });
  });

  router.post('/handoffs/:id/messages', json, async (req, res) => {
    const { text } = objectBody(req.body);
    if (typeof text !== 'string') throw badRequest('text is required');
    const request = await live.fromAdvisor(req.params.id, text);
    log.info({ event: 'agent.handoff.message', handoffId: request.id }, 'advisor message delivered');
    res.json({ delivered: true });
  });

  router.post('/handoffs/:id/close', async (req, res) => {
    const closed = await live.close(req.params.id);
    if (!closed) {
      if (!(await handoffs.get(req.params.id))) throw notFound();
      throw new AppError('Conflict', 'this request is already closed', { status: 409 });
    }
    log.info({ event: 'agent.handoff.closed', handoffId: closed.id }, 'handoff request closed');
    res.json({ handoff: closed });
  });

  router.get('/handoffs/:id/events', async (req, res) => {
    const id = req.params.id;
    if (!(await handoffs.get(id))) throw notFound();
    const after = stringParam(req.query.after);
    if (after && !/^\d{1,6}$/.test(after)) throw badRequest('after must be a line index');
    let next = after ? Number(after) : 0;
    let lastStatus: HandoffStatus | undefined;
    let busy = false;
    let again = false;

    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    streams.add(res);

    const push = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          const [request, page] = await Promise.all([handoffs.get(id), handoffs.lines(id, next)]);
          const status = request?.status ?? 'closed';
          if (page.lines.length > 0 || status !== lastStatus) {
            res.write(`event: update\ndata: ${JSON.stringify({ lines: page.lines, next: page.next, status, agentName: request?.agentName })}\n\n`);
          }
          next = page.next;
          lastStatus = status;
        } while (again && !res.writableEnded);
      } catch (error) {
        log.warn({ event: 'agent.handoff.stream_failed', handoffId: id, err: error }, 'handoff stream read failed');
      } finally {
        busy = false;
      }
    };
    const unsubscribe = live.subscribe(id, () => void push());
    const poll = setInterval(() => void push(), pollIntervalMs);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    res.once('close', () => {
      streams.delete(res);
      unsubscribe();
      clearInterval(poll);
      clearInterval(keepAlive);
    });
    await push();
  });

  // The console beats while it is open and logged in; an advisor is "online" while it does.
  router.post('/presence', json, async (req, res) => {
    const { sessionId, agent } = objectBody(req.body);
    if (typeof sessionId !== 'string') throw badRequest('sessionId is required');
    await presence.heartbeat(sessionId, typeof agent === 'string' ? agent.trim() : '');
    res.json(await presence.status(clock.now()));
  });

  router.delete('/presence/:sessionId', async (req, res) => {
    await presence.leave(req.params.sessionId);
    res.status(204).end();
  });

  router.get('/presence', async (_req, res) => {
    res.json(await presence.status(clock.now()));
  });

  return {
    router,
    closeStreams: () => {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function stringParam(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function badRequest(message: string): AppError {
  return new AppError('BadArgument', message, { status: 400 });
}

function notFound(): AppError {
  return new AppError('NotFound', 'no such handoff request', { status: 404 });
}
