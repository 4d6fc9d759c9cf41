import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from './sql';

/**
 * Writes whose answer nobody reads (a mutation's audit entry) wait here to travel with a later
 * statement of the same transaction, as a data-modifying CTE in front of it, instead of taking
 * a round trip of their own while the transaction holds its row locks: the stock a hot SKU's
 * adjustment locks is free that much sooner. The unit of work sends whatever no statement
 * carried, on its own, just before it commits, and drops them when it rolls back.
 */

/** A data-modifying statement (insert, update, delete) with `?` placeholders. */
export interface Rider {
  sql: string;
  params: unknown[];
}

const waiting = new WeakMap<object, Rider[]>();

/** Leaves `rider` to go with the next statement of `transaction` that carries riders. */
export function addRider(transaction: object, rider: Rider): void {
  const list = waiting.get(transaction);
  if (list) list.push(rider);
  else waiting.set(transaction, [rider]);
}

/**
 * `sql` with the waiting riders of `transaction` in front of it as CTEs (they are taken: they
 * run with this statement, once). A statement that starts with its own WITH keeps it; a
 * recursive one cannot carry riders.
 */
export function carryRiders(transaction: object, sql: string, params: unknown[]): { sql: string; params: unknown[] } {
  const riders = waiting.get(transaction);
  if (!riders?.length) return { sql, params };
  const leading = /^\s*with\s+/i.exec(sql);
  if (leading && /^\s*with\s+recursive\b/i.test(sql)) return { sql, params };
  waiting.delete(transaction);
  const ctes = riders.map((r, i) => `rider_${i} as (${r.sql})`).join(',\n');
  return {
    sql: leading ? `with ${ctes},\n${sql.slice(leading[0].length)}` : `with ${ctes}\n${sql}`,
    params: [...riders.flatMap((r) => r.params), ...params],
  };
}

/** Sends the riders no statement carried, in one statement (the last one carrying the others). */
export async function sendRiders(em: EntityManager): Promise<void> {
  const riders = waiting.get(em);
  if (!riders?.length) return;
  const last = riders.pop()!;
  const { sql, params } = carryRiders(em, last.sql, last.params);
  waiting.delete(em);
  await execute(em, sql, params);
}

/** Forgets the riders of a transaction that rolled back. */
export function discardRiders(transaction: object): void {
  waiting.delete(transaction);
}
