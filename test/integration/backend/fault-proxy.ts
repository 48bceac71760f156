/**
 * A faulty network between the assistant and the simulated backend: an HTTP server that forwards
 * each request to the simulator, or misbehaves the way the next scripted fault says. The faults
 * model a backend that did the work but whose answer was lost, which is what idempotency keys and
 * honest "no confirmation" wording are for.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Forward, and answer what the backend answered. */
  | 'pass'
  /** Forward (the work is done), then break the connection without answering. */
  | 'reset'
  /** Forward (the work is done), then answer 500 instead of the backend's answer. */
  | 'error500'
  /** Forward (the work is done), and never answer. */
  | 'hang'
  /** Wait `ms`, then forward and answer: a backend that takes its time. */
  | { slowMs: number };

export interface FaultProxy {
  /** Base URL to give the client, e.g. http://127.0.0.1:1234/sim */
  base: string;
  /** The faults of the next requests, in order; after them, requests pass. */
  script(...faults: Fault[]): void;
  /** Every request received: method, path and Idempotency-Key. */
  requests: Array<{ method: string; path: string; idempotencyKey: string | undefined }>;
  /** Resolves when the proxy has received `count` requests in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the proxy in front of `target` (the simulator's base URL, ending with /sim). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const faults: Fault[] = [];
  const requests: FaultProxy['requests'] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const hanging = new Set<ServerResponse>();

  const forward = async (req: IncomingMessage, body: string) => {
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'accept', 'idempotency-key', 'x-request-id']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const path = (req.url ?? '/').replace(/^\/sim/, '');
    const response = await fetch(`${target}${path}`, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body } : {}) });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? 'application/json' };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const key = req.headers['idempotency-key'];
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', idempotencyKey: typeof key === 'string' ? key : undefined });
      for (const w of waiting.filter((x) => requests.length >= x.count)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
      const fault = faults.shift() ?? 'pass';
      if (typeof fault === 'object') await new Promise((resolve) => setTimeout(resolve, fault.slowMs));
      const answer = await forward(req, body);
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault === 'hang') {
        hanging.add(res);
        return;
      }
      if (res.destroyed) return;
      if (fault === 'error500') {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': answer.contentType }).end(answer.text);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/sim`,
    script: (...more) => {
      faults.push(...more);
    },
    requests,
    received: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.push({ count, resolve });
          }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
