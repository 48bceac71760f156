import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../src/shared/paths.js';

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once `pattern` shows up on stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Runs a TypeScript entry point of the project with tsx, with exactly the environment given. */
export function spawnTs(file: string, env: Record<string, string>, args: string[] = []): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot(file), ...args], {
    cwd: fromRoot(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners: Array<() => void> = [];
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    listeners.forEach((l) => l());
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    listeners.forEach((l) => l());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out + err);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)}; stdout: ${out}; stderr: ${err}`)), timeoutMs);
        if (!check()) listeners.push(() => void check());
        void exited.then(() => {
          if (!check()) {
            clearTimeout(timer);
            reject(new Error(`process exited before ${String(pattern)}; stdout: ${out}; stderr: ${err}`));
          }
        });
      });
    },
  };
}
