/**
 * `npm run chat`: talk to the assistant's engine in a terminal (the same engine as the server,
 * built by assembleServices()). Works with piped input too: `echo bonjour | npm run --silent chat`.
 * Logs go to standard error, warnings and errors only, so that the conversation stays readable.
 */
import { loadConfig } from '../config/index.js';
import { createTurnRunner } from '../channels/shared/index.js';
import { runChatSession } from '../channels/terminal/index.js';
import { assembleServices } from '../server/assemble.js';
import { configOrExit } from '../server/config-or-exit.js';
import { errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';

async function main(): Promise<void> {
  const config = configOrExit(() => loadConfig());
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  // The services without HTTP: the engine, its stores and its backend.
  const assistant = await assembleServices(config, { logger });
  try {
    await runChatSession({
      runner: createTurnRunner({ engine: assistant.engine, apology: assistant.apology, logger }),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    });
  } finally {
    await assistant.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`chat: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
