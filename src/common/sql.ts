import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * The one way modules talk SQL outside the entities: every statement runs on the caller's
 * entity manager, so inside a unit of work it is part of that transaction (and outside one it
 * runs on its own). Parameters use `?` placeholders. The few statements meant to run outside
 * the caller's transaction (call quotas and a rotated marketplace credential commit on their
 * own, sign-in reads what is committed) use a connection of their own and say so where they do.
 */

/** Runs a read query and types its rows. */
export function selectRows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>;
}

/**
 * Runs a read query with its parameters sent beside the SQL text (bound: `$1…` on the wire)
 * instead of written into it. selectRows writes every parameter into the text as an escaped
 * literal, one character at a time; for the batched reads of the DataLoaders, whose parameter
 * is a page's hundreds of ids, that writing cost more of the API's CPU than anything else about
 * the statement (README, "Measured performance"). Give a list as one array parameter
 * (`where v.id = any(?::uuid[])` with the JavaScript array): a bound array travels as one
 * PostgreSQL array, not as the comma list selectRows makes of it. Same `?` placeholders, same
 * transaction, same statement counter as selectRows.
 */
export async function selectBound<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(sql, params as Knex.RawBinding[]);
  const tx = em.getTransactionContext();
  if (tx) query.transacting(tx);
  return ((await query) as { rows: T[] }).rows;
}

/**
 * Runs a statement for its effect (insert, update, delete, a row lock, a NOTIFY), not its rows.
 * Resolves to the driver's result, `{ affectedRows, rows, … }`, for the rare caller that counts.
 */
export function execute(em: EntityManager, sql: string, params: unknown[] = []): Promise<unknown> {
  return em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
}

/** `?, ?, ?`: the placeholders of an IN list of n values. */
export function inList(n: number): string {
  return new Array(n).fill('?').join(', ');
}

/**
 * Rows grouped by key, one list per key in the order of `keys` (a DataLoader's batch answer):
 * keys without rows get an empty list, rows of other keys are dropped, and rows keep their
 * order within a key (sort in SQL).
 */
export function groupRows<T>(rows: readonly T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/** One row (or null) per key, in the order of `keys`: a DataLoader's batch answer by id. */
export function rowPerKey<T>(rows: readonly T[], keys: readonly string[], keyOf: (row: T) => string): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/**
 * A PostgreSQL array literal for a `?::text[]` (or `?::uuid[]`) parameter. The query builder
 * would expand a JavaScript array into a comma list, so arrays travel as one literal.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * A timestamp as the driver returns it (text such as "2026-01-02 03:04:05.678+00") turned
 * into a Date; the driver leaves timestamps as text so no precision is lost on the way.
 */
export function toDate(value: string | Date): Date;
export function toDate(value: string | Date | null | undefined): Date | null;
export function toDate(value: string | Date | null | undefined): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`Unreadable timestamp from the database: ${value}`);
  return d;
}
