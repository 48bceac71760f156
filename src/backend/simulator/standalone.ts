import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

export interface StandaloneOptions extends Omit<SimulatorOptions, 'publicUrl'> {
  port: number;
  host?: string;
  /** Public address of the server (links in e-mails); default http://localhost:<port>. */
  publicUrl?: string;
}

export interface StandaloneSimulator {
  simulator: Simulator;
  server: Server;
  port: number;
  /** Base URL of the backend API for BACKEND_URL: http://localhost:<port>/sim */
  url: string;
  close(): Promise<void>;
}

/**
 * The simulator on its own port (`npm run backend`), under the same `/sim` paths as when it is
 * embedded, so that BACKEND_URL=http://localhost:3979/sim works.
 */
export async function startStandaloneSimulator(options: StandaloneOptions): Promise<StandaloneSimulator> {
  let port = options.port;
  const origin = () => (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const simulator = await createSimulator({ ...options, publicUrl: () => `${origin()}/sim` });
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/sim', simulator.app);
  const server = app.listen(options.port, options.host ?? '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  return {
    simulator,
    server,
    port,
    url: `http://localhost:${port}/sim`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
