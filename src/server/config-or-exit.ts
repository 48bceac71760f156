/**
 * A wrong configuration stops a process with one line naming the variable, exit code 1, no stack
 * trace: the same for the assistant, the terminal chat and the standalone simulated backend.
 */
import { ConfigError } from '../shared/errors.js';

export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
