/**
 * The reference for Direct Line throughput: a bare express endpoint that parses the same activity
 * (JSON body, its fields checked) and answers `{id}`, nothing else. Started as its own process by
 * directline-throughput.ts, like the assistant. Prints `{"event":"server.listening","port":N}`.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';

const app = express();
app.use(express.json({ limit: '64kb' }));
let n = 0;
app.post('/v3/directline/conversations/:id/activities', (req, res) => {
  const body = req.body as { type?: unknown; text?: unknown; from?: { id?: unknown } } | undefined;
  if (!body || body.type !== 'message' || typeof body.text !== 'string' || typeof body.from?.id !== 'string') {
    res.status(400).json({ error: { code: 'BadArgument' } });
    return;
  }
  n += 1;
  res.json({ id: `${req.params.id}|${String(n).padStart(7, '0')}` });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
