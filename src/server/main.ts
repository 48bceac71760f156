/** Starts the assistant: `npm start` (see serve.ts for configuration errors and graceful shutdown). */
import { errorMessage } from '../shared/errors.js';
import { serve } from './serve.js';

serve().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${errorMessage(error)}\n`);
  process.exit(1);
});
