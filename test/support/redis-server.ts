/**
 * A redis-server of a test's own, on a spare port (6400–6419), for fault tests: killed, frozen or
 * restarted mid-procedure without touching the shared Redis on 6379. Stopped by its pid. Absent
 * redis-server: the tests skip with a message, unless REQUIRE_REDIS=1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

const FIRST_PORT = 6400;
const LAST_PORT = 6419;

export interface OwnRedis {
  port: number;
  url: string;
  /** Starts (or starts again, empty) the server on its port. */
  start(): Promise<void>;
  /** SIGKILL: the connection drops and the data is gone (no persistence). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the connection stays open and nothing answers. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
  /** The server's process id while it runs (for CPU accounting). */
  pid(): number | undefined;
}

export function redisServerAvailable(): boolean {
  return redisToolsAvailable(['redis-server'], 'Redis fault tests');
}

/** True when the tools are installed; else a skip message, or an error under REQUIRE_REDIS=1. */
export function redisToolsAvailable(tools: readonly string[], what: string): boolean {
  const found = tools.every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
  const names = tools.join(' or ');
  if (!found) {
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but ${names} is not installed (apt-get install redis-server)`);
    console.warn(`[skip] ${names} is not installed: ${what} are skipped (REQUIRE_REDIS=1 makes them fail).`);
  }
  return found;
}

/** True when nothing listens on the port of 127.0.0.1. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reserves a free spare port; the server is not started yet. */
export async function ownRedis(): Promise<OwnRedis> {
  let port = 0;
  const count = LAST_PORT - FIRST_PORT + 1;
  // Each worker starts at its own offset, so that two files running at once rarely try the same port.
  for (let i = 0; port === 0 && i < count; i++) {
    const candidate = FIRST_PORT + ((process.pid + i) % count);
    if (await portFree(candidate)) port = candidate;
  }
  if (port === 0) throw new Error(`no free port for redis-server between ${FIRST_PORT} and ${LAST_PORT}`);
  let child: ChildProcess | undefined;
  const waitExit = async (c: ChildProcess) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    await new Promise((resolve) => c.once('exit', resolve));
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      child = started;
      // Never left behind, even when the test process ends without its afterAll.
      process.once('exit', () => {
        if (started.exitCode === null && started.signalCode === null) started.kill('SIGKILL');
      });
      for (let i = 0; i < 100 && !(await accepts(port)); i++) await sleep(50);
    },
    async kill() {
      if (!child?.pid) return;
      const c = child;
      process.kill(c.pid!, 'SIGKILL');
      await waitExit(c);
    },
    freeze() {
      if (child?.pid) process.kill(child.pid, 'SIGSTOP');
    },
    thaw() {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
    async stop() {
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
      const c = child;
      process.kill(c.pid!, 'SIGCONT');
      process.kill(c.pid!, 'SIGKILL');
      await waitExit(c);
    },
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
  };
}
