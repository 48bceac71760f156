import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/**
 * A stand-in for the Bot Framework connector service (what Teams or the Emulator expose as
 * `serviceUrl`): it records the replies the bot sends. `failNext` makes the next call fail (400: the connector client does not retry it).
 */
export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  failNext(status?: number): void;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let failStatus: number | undefined;
  let n = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      if (failStatus !== undefined) {
        res.writeHead(failStatus, { 'content-type': 'application/json' }).end('{"error":{"code":"BadArgument","message":"refused"}}');
        failStatus = undefined;
        return;
      }
      calls.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${++n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext: (status = 400) => {
      failStatus = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
