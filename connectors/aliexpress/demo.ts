import { stringifyJsonExact } from '../sdk/exact-json';
import type { DemoCatalog } from '../sdk/types';
import { formatPacific } from './pacific-time';

/**
 * The demo shop on a fresh AliExpress simulator (`SIMULATORS=1`): sample orders of demo SKUs
 * waiting for an ORDERS sync, each in AliExpress's own wire shape (the `data` object of
 * aliexpress.solution.order.info.get: ids as bare 64-bit numbers, lists wrapped, money as
 * `{amount, currency_code}` strings, times in US Pacific). Among them: several lines in one
 * order, a partial shipment, a cancellation the buyer asked for (IN_CANCEL), and addresses
 * written in Cyrillic, Hangul and Arabic as the buyers typed them.
 *
 * The catalogue comes priced as the channel sells it (its price rule on finance's rate table, in
 * USD): the buyers paid the listing price. No products are made here: AliExpress products are
 * published through the API (unlike Taobao's hand-made items); the demo leaves the first products
 * as DRAFT listings in English for a LISTINGS sync to publish (src/sync/demo-listings.ts).
 */

/** Like real AliExpress order ids: 16 digits and more; these pass 2^53, so they must stay exact. */
const ORDER_BASE = 9012345678901200000n;

interface Buyer {
  login: string;
  first: string;
  last: string;
  country: string;
  address: Record<string, string>;
}

const BUYERS: Buyer[] = [
  {
    login: 'us1289374651demo', first: 'Emily', last: 'Carter', country: 'US',
    address: { contact_person: 'Emily Carter', country: 'US', province: 'California', city: 'San Jose', address: '1450 N 1st Street', address2: 'Apt 12B', zip: '95112', mobile_no: '4085550123', phone_country: '+1' },
  },
  {
    login: 'ru1029384756demo', first: 'Иван', last: 'Петров', country: 'RU',
    address: { contact_person: 'Иван Петров', country: 'RU', province: 'Москва', city: 'Москва', address: 'ул. Тверская, д. 1', address2: 'кв. 5', zip: '125009', mobile_no: '9161234567', phone_country: '+7' },
  },
  {
    login: 'kr5566778899demo', first: '민준', last: '김', country: 'KR',
    address: { contact_person: '김민준', country: 'KR', province: '서울특별시', city: '강남구', address: '테헤란로 152', address2: '12층', zip: '06236', mobile_no: '1012345678', phone_country: '+82' },
  },
  {
    login: 'sa4433221100demo', first: 'محمد', last: 'العتيبي', country: 'SA',
    address: { contact_person: 'محمد العتيبي', country: 'SA', province: 'الرياض', city: 'الرياض', address: 'طريق الملك فهد 2101', zip: '12214', mobile_no: '501234567', phone_country: '+966' },
  },
  {
    login: 'es7788990011demo', first: 'Lucía', last: 'García', country: 'ES',
    address: { contact_person: 'Lucía García', country: 'ES', province: 'Madrid', city: 'Madrid', address: 'Calle de Alcalá 45', address2: '3º B', zip: '28014', mobile_no: '612345678', phone_country: '+34' },
  },
];

interface Line {
  sku: string;
  optionText: string;
  /** US cents a unit. */
  cents: bigint;
  count: number;
  status?: string;
}

interface SampleOrder {
  status: string;
  buyer: Buyer;
  lines: Line[];
  /** Minutes before now the order was placed (under a day: the first pull looks a day back). */
  placedAgo: number;
  memo?: string;
  /** A parcel already sent: its tracking number (the lines it carried say WAIT_BUYER_ACCEPT_GOODS). */
  parcel?: string;
}

const dollars = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;

/** A price of the catalogue ("45.99", in the channel's currency) in cents. */
function cents(price: string): bigint {
  const [int, frac = ''] = price.split('.');
  return BigInt(int) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
}

function orderData(i: number, o: SampleOrder, now: Date): Record<string, unknown> {
  const id = ORDER_BASE + BigInt(i) * 10n;
  const placed = new Date(now.getTime() - o.placedAgo * 60_000);
  const paid = new Date(placed.getTime() + 60_000);
  const sent = new Date(paid.getTime() + 3_600_000);
  const money = (cents: bigint) => ({ amount: dollars(cents), currency_code: 'USD' });
  const total = o.lines.reduce((sum, l) => sum + l.cents * BigInt(l.count), 0n);
  const data: Record<string, unknown> = {
    id,
    order_status: o.status,
    fund_status: 'PAY_SUCCESS',
    gmt_create: formatPacific(placed),
    gmt_pay_success: formatPacific(paid),
    // Last changed when the parcel left, else a while after payment; within a day, so a first pull (which looks a day back) finds it.
    gmt_modified: formatPacific(o.parcel ? sent : new Date(now.getTime() - 60_000 * Math.max(1, o.placedAgo - 30))),
    buyerloginid: o.buyer.login,
    buyer_signer_fullname: `${o.buyer.first} ${o.buyer.last}`,
    seller_signer_fullname: 'Hangzhou Fine Tailoring Co., Ltd.',
    payment_type: 'migs',
    is_phone: i % 2 === 0,
    settlement_currency: 'USD',
    order_amount: money(total),
    logistics_amount: money(0n),
    buyer_info: { login_id: o.buyer.login, first_name: o.buyer.first, last_name: o.buyer.last, country: o.buyer.country },
    receipt_address: { ...o.buyer.address, detail_address: [o.buyer.address.address, o.buyer.address.address2].filter(Boolean).join(' ') },
    child_order_list: {
      global_aeop_tp_child_order_dto: o.lines.map((l, k) => ({
        id: id + BigInt(k + 1),
        child_order_id: (id + BigInt(k + 1)).toString(),
        order_sort_id: k + 1,
        product_id: 1005006500000000n + BigInt(i * 10 + k),
        sku_code: l.sku,
        product_name: `Fine Tailoring ${l.sku}`,
        product_standard: l.optionText,
        product_count: l.count,
        product_price: money(l.cents),
        init_order_amt: money(l.cents * BigInt(l.count)),
        logistics_type: 'CAINIAO_STANDARD',
        logistics_service_name: 'AliExpress Standard Shipping',
        order_status: l.status ?? o.status,
        fund_status: 'PAY_SUCCESS',
        issue_status: 'NO_ISSUE',
        send_goods_operator: 'SELLER_SEND_GOODS',
        ...(o.memo && k === 0 ? { buyer_memo: o.memo } : {}),
      })),
    },
  };
  if (o.memo) data.memo = o.memo;
  if (o.parcel) {
    data.logistics_status = 'SELLER_SEND_PART_GOODS';
    data.logistic_info_list = {
      global_aeop_tp_logistic_info_dto: [
        { logistics_no: o.parcel, logistics_type_code: 'CAINIAO_STANDARD', logistics_service_name: 'AliExpress Standard Shipping', gmt_send: formatPacific(sent), have_tracking_info: true, receive_status: 'default' },
      ],
    };
  }
  return data;
}

/** The sample orders for the catalogue's first SKUs (priced in USD, as the channel sells them): what the demo shows. */
export function sampleOrders(catalog: DemoCatalog, now = new Date()): string[] {
  const skus = catalog.products.flatMap((p) => p.skus).slice(0, 12);
  if (!skus.length) return [];
  const line = (k: number, count = 1, status?: string): Line => {
    const s = skus[k % skus.length];
    return { sku: s.sku, optionText: s.optionText, cents: cents(s.price), count, status };
  };
  const orders: SampleOrder[] = [
    // Several lines, paid, waiting to ship.
    { status: 'WAIT_SELLER_SEND_GOODS', buyer: BUYERS[0], lines: [line(0, 2), line(3), line(5)], placedAgo: 180, memo: 'Please pack carefully, it is a gift' },
    // One parcel sent with the first line; the second waits.
    { status: 'SELLER_PART_SEND_GOODS', buyer: BUYERS[4], lines: [line(1, 1, 'WAIT_BUYER_ACCEPT_GOODS'), line(6, 2, 'WAIT_SELLER_SEND_GOODS')], placedAgo: 1200, parcel: 'LP00912345678901' },
    // The buyer asked to cancel before it shipped: IN_CANCEL, a flag on a paid order.
    { status: 'IN_CANCEL', buyer: BUYERS[1], lines: [line(2)], placedAgo: 240, memo: 'Отмените, пожалуйста, заказ' },
    // Addresses as the buyers wrote them.
    { status: 'WAIT_SELLER_SEND_GOODS', buyer: BUYERS[2], lines: [line(4), line(7)], placedAgo: 120 },
    { status: 'WAIT_SELLER_SEND_GOODS', buyer: BUYERS[3], lines: [line(8)], placedAgo: 90 },
    { status: 'WAIT_SELLER_SEND_GOODS', buyer: BUYERS[1], lines: [line(9, 3)], placedAgo: 60 },
  ];
  return orders.map((o, i) => stringifyJsonExact(orderData(i, o, now)));
}

/** Seeds a fresh simulator with the demo's sample orders (see the module's `demo`). */
export async function seedAliExpressDemo(controlUrl: string, catalog: DemoCatalog, now = new Date()): Promise<void> {
  for (const body of sampleOrders(catalog, now)) {
    const res = await fetch(new URL('/__sim/orders', controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!res.ok) throw new Error(`POST /__sim/orders answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
}
