import type { DemoCatalog } from '../sdk/types';
import { stringifyJsonExact } from '../sdk/exact-json';
import { formatTopTime } from './top-time';

/**
 * The demo shop on a fresh Taobao/Tmall simulator (`SIMULATORS=1`): TOP creates no items
 * through its API any more, so the items our catalogue publishes to are made here as the
 * shop's staff would make them in 千牛 (merchant code = our SKU, on sale, no stock yet), and a
 * dozen paid trades of demo SKUs wait for an ORDERS sync, in TOP's own fullinfo shape.
 */

/** Products made into items (each with its SKUs); the rest of the catalogue shows CREATE_BY_HAND. */
const DEMO_ITEMS = 8;
const SAMPLE_TRADES = 12;
/** Like real TOP ids: above 2^53, so they travel as bare 64-bit numbers. */
const TID_BASE = 4138573824700000000n;
const OID_BASE = 4238573824700000000n;

const RECEIVERS = [
  { name: '王**', state: '浙江省', city: '杭州市', district: '西湖区', address: '文***路**号', zip: '310000' },
  { name: '李**', state: '上海', city: '上海市', district: '浦东新区', address: '世***道**号', zip: '200120' },
  { name: '陈**', state: '广东省', city: '深圳市', district: '南山区', address: '科***路**号', zip: '518000' },
];

/** A SKU of an item made for the demo, with the ids TOP gave it. */
interface DemoLine {
  sku: string;
  price: string;
  optionText: string;
  numIid: string;
  skuId: string;
}

const fen = (yuan: string): bigint => {
  const [i, f = ''] = yuan.split('.');
  return BigInt(i) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
};
const yuan = (f: bigint): string => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;

async function post(controlUrl: string, path: string, body: string): Promise<string> {
  const res = await fetch(new URL(path, controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/** A paid trade of `lines` (sku, price), with a 10-yuan shop coupon on larger ones. */
function sampleTrade(i: number, lines: DemoLine[], now: Date): Record<string, unknown> {
  const tid = TID_BASE + BigInt(i);
  const goods = lines.map((l, k) => fen(l.price) * BigInt(1 + (k % 2)));
  const total = goods.reduce((a, b) => a + b, 0n);
  const coupon = total > 50000n ? 1000n : 0n;
  const shares = goods.map((g) => (total ? (coupon * g) / total : 0n));
  if (shares.length) shares[shares.length - 1] += coupon - shares.reduce((a, b) => a + b, 0n);
  const modified = new Date(now.getTime() - (SAMPLE_TRADES - i) * 60_000);
  const r = RECEIVERS[i % RECEIVERS.length];
  return {
    tid,
    tid_str: tid.toString(),
    status: 'WAIT_SELLER_SEND_GOODS',
    type: 'fixed',
    created: formatTopTime(new Date(modified.getTime() - 120_000)),
    modified: formatTopTime(modified),
    pay_time: formatTopTime(new Date(modified.getTime() - 60_000)),
    payment: yuan(total - coupon),
    total_fee: yuan(total),
    post_fee: '0.00',
    discount_fee: yuan(coupon),
    adjust_fee: '0.00',
    buyer_nick: `t**演示买家${i}`,
    buyer_open_uid: `AAH${i.toString(36).padStart(6, '0')}-DEMOwJedwSH`,
    seller_nick: '杭州好物旗舰店',
    buyer_message: i % 4 === 0 ? '请尽快发货，谢谢' : '',
    has_buyer_message: i % 4 === 0,
    shipping_type: 'express',
    receiver_name: r.name,
    receiver_country: '',
    receiver_state: r.state,
    receiver_city: r.city,
    receiver_district: r.district,
    receiver_address: r.address,
    receiver_zip: r.zip,
    receiver_mobile: '*******5678',
    orders: {
      order: lines.map((l, k) => {
        const oid = OID_BASE + BigInt(i) * 100n + BigInt(k);
        return {
          oid,
          oid_str: oid.toString(),
          status: 'WAIT_SELLER_SEND_GOODS',
          num_iid: BigInt(l.numIid),
          sku_id: l.skuId,
          outer_iid: l.sku,
          outer_sku_id: l.sku,
          title: l.sku,
          price: l.price,
          num: 1 + (k % 2),
          total_fee: yuan(goods[k]),
          payment: lines.length === 1 ? yuan(total - coupon) : yuan(goods[k]),
          divide_order_fee: yuan(goods[k] - shares[k]),
          part_mjz_discount: yuan(shares[k]),
          discount_fee: '0.00',
          adjust_fee: '0.00',
          sku_properties_name: l.optionText,
          refund_status: 'NO_REFUND',
        };
      }),
    },
  };
}

/** Seeds a fresh simulator with the demo shop's items and sample trades (see the module's `demo`). */
export async function seedTaobaoDemo(controlUrl: string, catalog: DemoCatalog, now = new Date()): Promise<void> {
  const products = catalog.products.filter((p) => p.skus.length).slice(0, DEMO_ITEMS);
  const skus: DemoLine[] = [];
  for (const p of products) {
    const made = JSON.parse(
      await post(
        controlUrl,
        '/__sim/items',
        JSON.stringify({
          title: p.title.slice(0, 60),
          skus: p.skus.map((s, k) => ({ outer_id: s.sku, price: s.price, quantity: 0, properties: `1627207:${28320 + k}` })),
        }),
      ),
    ) as { num_iid: string; skus: { sku_id: string; outer_id: string | null }[] };
    for (const s of p.skus) {
      const madeSku = made.skus.find((x) => x.outer_id === s.sku);
      if (madeSku) skus.push({ ...s, numIid: String(made.num_iid), skuId: String(madeSku.sku_id) });
    }
  }
  if (!skus.length) return;
  for (let i = 1; i <= SAMPLE_TRADES; i++) {
    const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => skus[(i * 3 + k) % skus.length]);
    await post(controlUrl, '/__sim/orders', stringifyJsonExact(sampleTrade(i, lines, now)));
  }
}
