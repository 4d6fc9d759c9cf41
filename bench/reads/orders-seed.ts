import { withClient } from '../support/postgres';

/**
 * Orders for the read benchmark, written by set-based SQL straight into the tables (the intake
 * is not what this benchmark measures, and 100,000 orders through the API take minutes):
 * 1–5 lines each over the catalogue's variants, five channels, buyers with names and phones,
 * totals that add up. Deterministic: order `i` is the same in every run. Nothing is reserved
 * (the orders are past payment, shipped or cancelled), so the stock books stay as seeded.
 */

const CHANNELS = ['tmall-main', 'taobao-outlet', 'aliexpress-global', 'ebay-us', 'amazon-us'];
const STATUSES = ['SHIPPED', 'COMPLETED', 'DELIVERED', 'CANCELLED'];

/** A SQL array of constant words (ours: no quotes inside). */
const sqlArray = (words: string[]) => `array[${words.map((w) => `'${w}'`).join(', ')}]`;

/** Inserts orders number `from` to `to` (inclusive) with their lines; returns how many lines. */
export async function seedOrders(url: string, from: number, to: number): Promise<number> {
  return withClient(url, async (c) => {
    await c.query('begin');
    // The lines first (a temporary table), so each order's totals are the sum of its own lines.
    await c.query(
      `create temporary table bench_line on commit drop as
       with vs as (select array_agg(v.id order by v.sku) as ids, count(*)::int as n from variant v),
            o as (select i, md5('bench-order:' || i)::uuid as order_id, 1 + (i * 7919) % 5 as lines,
                         (${sqlArray(CHANNELS)})[1 + i % ${CHANNELS.length}] as channel, (${sqlArray(STATUSES)})[1 + (i * 13) % ${STATUSES.length}] as status
                    from generate_series(${from}, ${to}) i)
       select o.i, o.order_id, o.channel, o.status, k as position, v.id as variant_id, v.sku, p.title,
              array_to_string(v.option_values, ' / ') as option_text,
              1 + (o.i + k) % 3 as quantity, v.price as unit_price
         from o cross join vs cross join lateral generate_series(0, o.lines - 1) k
         join variant v on v.id = vs.ids[1 + ((o.i * 31 + k * 17) % vs.n)]
         join product p on p.id = v.product_id`,
    );
    await c.query(
      `insert into sales_order (id, number, channel_id, external_id, status, payment_status, currency, subtotal, total,
                                buyer, shipping_address, placed_at, paid_at, shipped_at, cancelled_at, created_at, updated_at)
       select l.order_id, 'BENCH-' || lpad(l.i::text, 7, '0'), l.channel, (4200000000000000 + l.i)::text,
              l.status, case when l.status = 'CANCELLED' then 'UNPAID' else 'PAID' end, 'CNY', sum(l.quantity * l.unit_price), sum(l.quantity * l.unit_price),
              jsonb_build_object('name', (array['张伟','王芳','李娜','赵磊','陈静','刘洋','杨帆','黄敏'])[1 + l.i % 8],
                                 'nickname', 'nick' || (l.i % 20000), 'phone', '1380000' || lpad((l.i % 10000)::text, 4, '0'),
                                 'email', 'buyer' || (l.i % 20000) || '@example.com'),
              jsonb_build_object('name', (array['张伟','王芳','李娜','赵磊','陈静','刘洋','杨帆','黄敏'])[1 + l.i % 8],
                                 'phone', '1380000' || lpad((l.i % 10000)::text, 4, '0'), 'country', 'CN',
                                 'province', '浙江', 'city', '杭州', 'address1', '文一西路 ' || (l.i % 999) || ' 号'),
              timestamptz '2026-01-01 00:00:00+00' + l.i * interval '47 seconds',
              case when l.status <> 'CANCELLED' then timestamptz '2026-01-01 00:05:00+00' + l.i * interval '47 seconds' end,
              case when l.status <> 'CANCELLED' then timestamptz '2026-01-02 00:00:00+00' + l.i * interval '47 seconds' end,
              case when l.status = 'CANCELLED' then timestamptz '2026-01-01 01:00:00+00' + l.i * interval '47 seconds' end,
              now(), now()
         from bench_line l
        group by l.i, l.order_id, l.channel, l.status`,
    );
    const lines = await c.query(
      `insert into order_line (id, order_id, position, variant_id, sku, external_line_id, title, option_text, quantity, unit_price,
                               quantity_shipped, status)
       select md5('bench-line:' || l.i || ':' || l.position)::uuid, l.order_id, l.position, l.variant_id, l.sku, l.i || '-' || l.position,
              l.title, l.option_text, l.quantity, l.unit_price,
              case when l.status = 'CANCELLED' then 0 else l.quantity end, 'OPEN'
         from bench_line l`,
    );
    await c.query('commit');
    return lines.rowCount ?? 0;
  });
}
