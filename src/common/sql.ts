import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs a read query on the request's connection (inside the current transaction, if any) and
 * types its rows. Parameters use `?` placeholders.
 */
export function selectRows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>;
}

/**
 * A PostgreSQL array literal for a `?::text[]` (or `?::uuid[]`) parameter. The query builder
 * would expand a JavaScript array into a comma list, so arrays travel as one literal.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
