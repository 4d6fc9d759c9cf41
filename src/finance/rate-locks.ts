import type { Context } from '../context';
import { execute, pgArray } from '../common/sql';

/**
 * One PostgreSQL advisory lock per currency, held to the end of the transaction, so that an order
 * taken in while finance enters its currency's rate is rated by one of the two and never missed
 * by both: a new rate takes it exclusively (its backfill then sees every order committed before
 * it), an order intake shares it (its lookup then sees every rate committed before it). Intakes
 * never wait for each other.
 */
const key = (quote: string) => `exchange_rate:${quote}`;

/** Shares the locks of these currencies (sorted, so two takers never deadlock). */
export async function shareRateLocks(ctx: Context, quotes: readonly string[]): Promise<void> {
  const wanted = [...new Set(quotes)].sort();
  if (!wanted.length) return;
  await execute(ctx.em, `select pg_advisory_xact_lock_shared(hashtext(k)) from unnest(?::text[]) with ordinality as x(k, n) order by n`, [pgArray(wanted.map(key))]);
}

/** Takes the lock of a currency for a new rate of it. */
export async function takeRateLock(ctx: Context, quote: string): Promise<void> {
  await execute(ctx.em, `select pg_advisory_xact_lock(hashtext(?))`, [key(quote)]);
}
