/**
 * The project's one error class. `code` is stable and machine-readable; `message` is for people
 * (developers, logs), never shown to end users as is: the channels and the turn error handler
 * turn errors into French copy.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

/** A configuration value is missing or wrong: the process stops with one clear line. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super('config_invalid', message, { status: 500 });
    this.name = 'ConfigError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
