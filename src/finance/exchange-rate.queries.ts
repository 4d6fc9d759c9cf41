import type { Context } from '../context';
import { badInput } from '../common/errors';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { selectRows } from '../common/sql';
import { ExchangeRateFilter } from './exchange-rate.inputs';
import { ExchangeRate, ExchangeRateRow } from './exchange-rate.types';

export const EXCHANGE_RATE_COLUMNS = `r.id, r.base, r.quote, r.rate::text as rate, r.effective_at, r.created_by, r.created_at`;

/** What a rate lookup asks: the rate from `base` to `quote` in force at `at` (null: now). */
export interface RateWanted {
  quote: string;
  at: Date | null;
}

/**
 * The rate from `base` to each wanted currency in force at its moment: the latest entered with
 * effective_at at or before it, as a decimal string; null where none is. A currency's rate to
 * itself is 1. One statement for the whole list, whatever its length.
 */
export async function ratesAt(ctx: Context, base: string, wanted: readonly RateWanted[]): Promise<(string | null)[]> {
  const out: (string | null)[] = wanted.map((w) => (w.quote === base ? '1' : null));
  const asked = wanted.map((w, i) => ({ i, q: w.quote, t: w.at?.toISOString() ?? null })).filter((w) => w.q !== base);
  if (!asked.length) return out;
  const rows = await selectRows<{ i: number; rate: string | null }>(
    ctx.em,
    `select x.i, (select r.rate::text from exchange_rate r
                   where r.base = ? and r.quote = x.q and r.effective_at <= coalesce(x.t, now())
                   order by r.effective_at desc limit 1) as rate
       from jsonb_to_recordset(?::jsonb) as x(i int, q text, t timestamptz)`,
    [base, JSON.stringify(asked)],
  );
  for (const r of rows) out[r.i] = r.rate;
  return out;
}

/** The rate from `base` to `quote` in force now; null when none is. */
export async function currentRate(ctx: Context, base: string, quote: string): Promise<string | null> {
  return (await ratesAt(ctx, base, [{ quote, at: null }]))[0];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page of the rate history, latest effective first, keyset-paginated on (effective_at, id). */
export async function listExchangeRates(ctx: Context, args: ConnectionArgs, filter: ExchangeRateFilter | undefined): Promise<Page<ExchangeRate>> {
  const req = pageRequest(args, 2);
  const where: string[] = ['true'];
  const params: unknown[] = [];
  for (const side of ['base', 'quote'] as const) {
    const code = filter?.[side]?.trim().toUpperCase();
    if (code == null) continue;
    where.push(`r.${side} = ?`);
    params.push(code);
  }
  const conds = [...where];
  const pageParams = [...params];
  const newestFirst = !req.backward;
  if (req.cursor) {
    const [at, id] = req.cursor;
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || Number.isNaN(Date.parse(at))) throw badInput('The cursor is not valid for this list');
    conds.push(`(r.effective_at, r.id) ${newestFirst ? '<' : '>'} (?::timestamptz, ?::uuid)`);
    pageParams.push(at, id);
  }
  const dir = newestFirst ? 'desc' : 'asc';
  const rows = req.limit === 0 ? [] : await selectRows<ExchangeRateRow & { sort_at: string }>(
    ctx.em,
    `select ${EXCHANGE_RATE_COLUMNS}, to_char(r.effective_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
       from exchange_rate r where ${conds.join(' and ')} order by r.effective_at ${dir}, r.id ${dir} limit ?`,
    [...pageParams, req.limit + 1],
  );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from exchange_rate r where ${where.join(' and ')}`, params))[0].n;
  return buildPage(
    rows.map((r) => Object.assign(ExchangeRate.fromRow(r), { sortAt: r.sort_at })),
    req,
    (e) => [e.sortAt, e.dbId],
    count,
    { after: !!args.after, before: !!args.before },
  );
}
