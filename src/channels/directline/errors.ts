import { AppError } from '../../shared/errors.js';

/** Direct Line's error codes, answered as `{error:{code,message}}` by the app's error handler. */
export const dlError = {
  badArgument: (message: string) => new AppError('BadArgument', message, { status: 400 }),
  unauthorized: (message: string) => new AppError('Unauthorized', message, { status: 401 }),
  forbidden: (message: string) => new AppError('Forbidden', message, { status: 403 }),
  tokenExpired: () => new AppError('TokenExpired', 'Token expired', { status: 403 }),
  notFound: (message: string) => new AppError('NotFound', message, { status: 404 }),
};
