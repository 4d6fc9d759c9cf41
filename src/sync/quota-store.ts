import type { EntityManager } from '@mikro-orm/postgresql';
import { QuotaExhaustedError } from '../../connectors/sdk/errors';
import { BucketCall, burstOf, intervalMs, PauseReason, pausedError, RateLimiter, waitAfterReservation } from '../../connectors/sdk/rate-limiter';
import type { RateLimit } from '../../connectors/sdk/types';

/**
 * Marketplace quotas shared by every worker and API process: the HTTP helper's rate buckets as
 * rows of `rate_bucket`, one per bucket key (the connector's rate key and bucket name, e.g. a TOP
 * app) and one per account whose own quota is paused. Each call reserves its slot with one short
 * statement (GCRA: the row's `tat` moves on by one interval) and then sleeps outside any
 * transaction until the slot; times are the database's clock, so processes on different machines
 * agree. Pauses (Retry-After, a ban, a used-up daily quota) push the row's `tat` past their end
 * and say why, so callers elsewhere wait or, past the wait a call may make, fail at once with
 * QuotaExhaustedError naming the reset.
 *
 * A reservation handed out before a pause made elsewhere is not recalled: its holder sends when
 * it wakes, is refused, and queues behind the pause (in one process, MemoryRateLimiter recalls).
 */

interface ReserveRow {
  now: number;
  tat: number | null;
  rate: number | null;
  burst: number | null;
  paused_until: number | null;
  pause_code: string | null;
  pause_message: string | null;
  pause_offset: number | null;
  account_until: number | null;
  account_code: string | null;
  account_message: string | null;
  account_offset: number | null;
}

const RESERVE = `
with p as (select ?::text as bucket, ?::text as account, ?::float8 as iv, ?::float8 as max_wait,
                  extract(epoch from clock_timestamp()) * 1000 as now),
a as (select extract(epoch from r.paused_until) * 1000 as until, r.pause_code, r.pause_message, r.pause_offset
        from rate_bucket r, p where r.key = p.account and r.paused_until > clock_timestamp()),
up as (
  insert into rate_bucket as b (key, tat)
  select p.bucket, p.now + p.iv from p where not exists (select 1 from a)
  on conflict (key) do update set
    tat = case when extract(epoch from b.paused_until) * 1000 > (select now + max_wait from p) then b.tat
               else greatest(b.tat, (select now from p)) + coalesce(1000.0 / nullif(b.rate, 0), (select iv from p)) end
  returning b.tat, b.rate, b.burst, extract(epoch from b.paused_until) * 1000 as paused_until, b.pause_code, b.pause_message, b.pause_offset
)
select p.now, up.tat, up.rate, up.burst, up.paused_until, up.pause_code, up.pause_message, up.pause_offset,
       a.until as account_until, a.pause_code as account_code, a.pause_message as account_message, a.pause_offset as account_offset
  from p left join up on true left join a on true`;

// After the pause one call at a time: `tat` goes `burst - 1` intervals past its end, counted at
// the rate and burst the bucket goes by (those its answers stated, else the call's published
// ones), as the reservations after it count them; at the published rate alone, a pause of 10 ms
// on a bucket whose answers state 100 a second held the calls after it for 9 × 45 s.
const PAUSE = `
with p as (select ?::float8 as until, ?::int as burst, ?::float8 as iv)
insert into rate_bucket as b (key, tat, paused_until, pause_code, pause_message, pause_offset, updated_at)
select ?, p.until + (p.burst - 1) * p.iv, to_timestamp(p.until / 1000), ?, ?, ?, now() from p
on conflict (key) do update set
  tat = greatest(b.tat, (select p.until + (coalesce(b.burst, p.burst) - 1) * coalesce(1000.0 / nullif(b.rate, 0), p.iv) from p)),
  pause_code = case when b.paused_until is null or excluded.paused_until >= b.paused_until then excluded.pause_code else b.pause_code end,
  pause_message = case when b.paused_until is null or excluded.paused_until >= b.paused_until then excluded.pause_message else b.pause_message end,
  pause_offset = case when b.paused_until is null or excluded.paused_until >= b.paused_until then excluded.pause_offset else b.pause_offset end,
  paused_until = greatest(b.paused_until, excluded.paused_until),
  updated_at = now()`;

// The calls reserved so far count as the same number of calls at the new rate: the time still
// owed beyond now (or the end of a pause) is scaled from the old interval (the rate adopted
// before, else the call's published one) to the new (rescaledTat in connectors/sdk/rate-limiter.ts).
const ADOPT = `
with p as (select ?::text as key, ?::float8 as rate, ?::int as burst, ?::float8 as iv, extract(epoch from clock_timestamp()) * 1000 as now)
insert into rate_bucket as b (key, tat, rate, burst, updated_at) select p.key, 0, p.rate, p.burst, now() from p
on conflict (key) do update set
  tat = (select case when b.tat <= s.base or s.before <= 0 or s.before = 1000.0 / p.rate then b.tat
                     else s.base + (b.tat - s.base) * (1000.0 / p.rate) / s.before end
           from p, lateral (select greatest(p.now, coalesce(extract(epoch from b.paused_until) * 1000, 0)) as base,
                                   coalesce(1000.0 / nullif(b.rate, 0), p.iv) as before) s),
  rate = excluded.rate, burst = coalesce(excluded.burst, b.burst), updated_at = now()`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The RateLimiter the sync engine hands every connector: buckets in PostgreSQL. */
export class PgRateLimiter implements RateLimiter {
  /** `root`: an entity manager whose connection is used outside any transaction. */
  constructor(private readonly root: EntityManager) {}

  private execute<T>(sql: string, params: unknown[]): Promise<T[]> {
    // No transaction context: each statement commits on its own, and nothing is held while callers sleep.
    return this.root.getConnection().execute<T[]>(sql, params, 'all');
  }

  async acquire(call: BucketCall, sleep: (ms: number) => Promise<void>): Promise<void> {
    const interval = intervalMs(call.limit?.ratePerSecond);
    for (;;) {
      const [r] = await this.execute<ReserveRow>(RESERVE, [call.bucket, call.account, interval, call.maxWaitMs]);
      const now = Number(r.now);
      const accountUntil = num(r.account_until);
      if (accountUntil !== null) {
        // This account's own quota is paused: nothing was reserved.
        if (accountUntil - now > call.maxWaitMs) throw paused(accountUntil, r.account_code, r.account_message, r.account_offset, 'account');
        await sleep(accountUntil - now);
        continue;
      }
      const pausedUntil = num(r.paused_until);
      if (pausedUntil !== null && pausedUntil - now > call.maxWaitMs) throw paused(pausedUntil, r.pause_code, r.pause_message, r.pause_offset, 'key');
      const rate = num(r.rate);
      const wait = waitAfterReservation(Number(r.tat), rate ? intervalMs(rate) : interval, burstOf(num(r.burst) ?? call.limit?.burst), now);
      if (wait > 0) await sleep(wait);
      return;
    }
  }

  async pause(target: string, until: number, reason: PauseReason, limit?: RateLimit): Promise<void> {
    // After the pause one call at a time: the burst is spent on the refusal that caused it.
    await this.execute(PAUSE, [until, burstOf(limit?.burst), intervalMs(limit?.ratePerSecond), target, reason.code.slice(0, 200), reason.message.slice(0, 1000), reason.utcOffsetMinutes ?? null]);
  }

  async adopt(bucket: string, rate: { ratePerSecond: number; burst?: number }, published?: RateLimit): Promise<void> {
    await this.execute(ADOPT, [bucket, rate.ratePerSecond, rate.burst ?? null, intervalMs(published?.ratePerSecond)]);
  }
}

function paused(until: number, code: string | null, message: string | null, offset: number | null, scope: 'key' | 'account'): QuotaExhaustedError {
  return pausedError(until, code || message ? { code: code ?? 'QUOTA_EXHAUSTED', message: message ?? '', utcOffsetMinutes: offset ?? undefined } : null, scope);
}
