import pino, { Logger } from 'pino';
import { DriverException } from '@mikro-orm/core';
import { DatabaseError } from 'pg';

/** JSON logs (pino); secrets that may appear in objects are redacted, errors are bounded (see serializeError). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'credentials', '*.credentials'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  });
}

/** The same logger with bounded, redacted errors, whoever built it (tests and embedders pass their own). */
export function withSafeErrors(log: Logger): Logger {
  return log.child({}, { serializers: { err: serializeError } });
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_MESSAGE = 500;
const MAX_FRAMES = 12;
/** Fields of a PostgreSQL error that name things, never values. */
const DB_FIELDS = ['severity', 'constraint', 'table', 'column', 'dataType', 'schema', 'routine'] as const;

/** An error raised by PostgreSQL (through MikroORM or pg directly), with its SQLSTATE in `code`. */
export function isPostgresError(err: unknown): err is Error & { code: string } & Partial<Record<(typeof DB_FIELDS)[number], string>> {
  return (err instanceof DriverException || err instanceof DatabaseError) && typeof (err as { code?: unknown }).code === 'string' && SQLSTATE.test((err as { code: string }).code);
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s);

/**
 * pino's `err` serializer: a bounded error without SQL or values. MikroORM and pg put the whole
 * statement with its parameters inlined into `message` (and the stack's first line), and a
 * constraint violation's `detail` repeats the row, buyer phone and address included; so for
 * database errors only the SQLSTATE and the names PostgreSQL reports are kept. Other errors keep
 * a truncated message. Stacks keep their frames only (the first line repeats the message).
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (err === null || typeof err !== 'object') return typeof err === 'string' ? clip(err, MAX_MESSAGE) : err;
  const e = err as Record<string, unknown> & { constructor?: { name?: string } };
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Object' };
  const fromDatabase = (x: unknown) => x instanceof DriverException || x instanceof DatabaseError;
  if (!fromDatabase(err) && (fromDatabase(e.originalError) || fromDatabase(e.cause))) {
    // A wrapper (a GraphQLError around a database error) repeats the statement in its message.
    out.message = 'wraps a database error';
  } else if (fromDatabase(err)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    out.message = `database error${code ? ` ${code}` : ''}`;
    if (code) out.code = code;
    for (const k of DB_FIELDS) if (typeof e[k] === 'string') out[k] = clip(e[k] as string, 100);
  } else {
    out.message = clip(String(e.message ?? ''), MAX_MESSAGE);
    if (typeof e.code === 'string' || typeof e.code === 'number') out.code = clip(String(e.code), 100);
    const extensions = e.extensions as { code?: unknown } | undefined;
    if (typeof extensions?.code === 'string') out.extensionsCode = extensions.code;
    if (Array.isArray(e.path)) out.path = (e.path as unknown[]).slice(0, 20);
  }
  if (typeof e.stack === 'string') {
    out.stack = e.stack
      .split('\n')
      .filter((l) => l.trimStart().startsWith('at '))
      .slice(0, MAX_FRAMES)
      .map((l) => clip(l.trim(), 300))
      .join('\n');
  }
  if (depth < 2) {
    if (e.originalError) out.originalError = serializeError(e.originalError, depth + 1);
    if (e.cause) out.cause = serializeError(e.cause, depth + 1);
  }
  return out;
}
