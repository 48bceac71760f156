import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactText, redactValue } from './redact.js';

export type Logger = PinoLogger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  /** Where the JSON lines go (default: standard output). Tests pass a memory stream. */
  destination?: DestinationStream;
  name?: string;
}

/**
 * Structured JSON logs. Personal data is masked before a line is written, whatever the caller
 * passes: secrets by key (password, token, code…), NIR / e-mail / phone / codes inside any string,
 * the message included. Redaction is here, once, so that no call site can forget it.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'ameli-assistant',
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const safe = args.map((a: unknown) => (typeof a === 'string' ? redactMessage(a) : a)) as Parameters<typeof method>;
          method.apply(this, safe);
        },
      },
    },
    options.destination ?? standardOutput(),
  );
}

/**
 * Standard output, written asynchronously: lines are queued and written by the event loop (those
 * logged while a write is under way go out together), instead of one blocking write per line,
 * which took about a tenth of the server's CPU under load. pino flushes what is queued
 * synchronously when the process exits (process.exit, the end of a shutdown, an uncaught
 * exception), so a crash loses no line; only a SIGKILL can lose the lines of the last instants.
 */
function standardOutput(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/**
 * Log messages are mostly the same few constant strings ("turn handled"): their redaction is kept
 * (it is deterministic) rather than computed again for every line. Bounded.
 */
const MESSAGE_CACHE_SIZE = 512;
const redactedMessages = new Map<string, string>();
function redactMessage(message: string): string {
  const known = redactedMessages.get(message);
  if (known !== undefined) return known;
  const safe = redactText(message);
  if (redactedMessages.size >= MESSAGE_CACHE_SIZE) redactedMessages.clear();
  redactedMessages.set(message, safe);
  return safe;
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Collects log lines in memory, for tests that assert on what was (not) logged. */
export function createMemoryLogDestination(): DestinationStream & { lines(): string[]; text(): string } {
  const chunks: string[] = [];
  return {
    write(chunk: string) {
      chunks.push(chunk);
    },
    lines: () => chunks.join('').split('\n').filter(Boolean),
    text: () => chunks.join(''),
  };
}
