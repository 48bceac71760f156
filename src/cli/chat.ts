/**
 * `npm run chat`: talk to the assistant's engine in a terminal (the same engine as the server,
 * built by assemble()). Works with piped input too: `echo bonjour | npm run --silent chat`.
 * Logs go to standard error, warnings and errors only, so that the conversation stays readable.
 */
import { loadConfig } from '../config/index.js';
import { createTurnRunner } from '../channels/shared/index.js';
import { runChatSession } from '../channels/terminal/index.js';
import { assemble } from '../server/assemble.js';
import { ConfigError, errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const assistant = await assemble(config, { logger });
  try {
    await runChatSession({
      runner: createTurnRunner({ engine: assistant.engine, logger }),
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
