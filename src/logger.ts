import pino, { Logger } from 'pino';

/** JSON logs (pino); secrets that may appear in objects are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'credentials', '*.credentials'],
      censor: '[redacted]',
    },
  });
}
