import type { CatalogRows } from '../../catalog/catalog-rows';
import { OrderStatus } from '../../orders';
import { Rng } from './demo-catalog';
import { demoRates } from './demo-rates';
import { buyerMessageOf, chineseBuyer, DemoAddress, DemoBuyer, DemoMarket, digitsOf, foreignBuyer, parcelOf, unitOf } from './demo-order-people';
import { cents, DAY, DemoLine, DemoOrder, DemoStep, HOUR, marketplaceWord, money, SHANGHAI, shanghaiMidnight } from './demo-order-model';
import { hotSkus, priceIn, SellableSku, shelfOf } from './demo-order-shelf';
import { reserveInIntakeOrder, StockBook } from './demo-order-stock';
import { designateHolds, designateReturns, showEveryStage } from './demo-order-cases';

export { finalStatus } from './demo-order-model';
export type { DemoLine, DemoOrder, DemoParcel, DemoReturn, DemoStep } from './demo-order-model';

/**
 * The demo shop's order history: a few hundred orders over the last 90 days on the demo's
 * channels, planned here as the marketplaces would report them, and taken in by
 * demo-orders.ts through the orders intake like any pulled order.
 *
 * When: more on weekends, a sale day (店庆) three weeks back with the days around it, a shop
 * that grew over the quarter; at the hours people shop, in their own time zone (Chinese buyers
 * in the evening above all). Where: Taobao and Tmall in CNY, AliExpress in USD, eBay.com in USD
 * and eBay.de in EUR, Amazon.com in USD and Amazon.ca in CAD; abroad only the products the demo
 * lists there, at the channels' price rule on finance's demo rates. What became of each follows
 * from its age: unpaid for three days then closed, paid and waiting to ship, shipped in one or two
 * parcels with their carriers and tracking numbers, delivered, completed; a few cancelled after
 * payment, a few held (a SKU we do not know, stock short, an address without street, a buyer
 * asking to cancel, a size change to confirm), and some after-sales: returns refunded,
 * requested, approved, rejected, an exchange, refunds without a return.
 *
 * Deterministic: a seeded PRNG draws everything, the same number of draws per order whatever
 * the time, so the same orders (ids, channels, lines, money) come every time and only their
 * dates move with `now`; which of them are held or returned is picked by hashes of their ids.
 * The plan's parts: demo-order-model.ts (the shapes), demo-order-shelf.ts (what each channel
 * sells at what price), demo-order-people.ts (buyers, addresses, carriers), demo-order-stock.ts
 * (the stock the orders take), demo-order-cases.ts (holds and after-sales).
 */

/** How many orders the history has. */
export const DEMO_ORDER_COUNT = 320;
/** How far back it goes, in days. */
export const DEMO_ORDER_DAYS = 90;
/** The sale day (店庆), this many days before the seed. */
export const DEMO_SALE_DAYS_AGO = 23;

// ---- money ---------------------------------------------------------------------------------

/** Coupons and 满减: a shop coupon on larger baskets, 每满300减30 around the sale day, a small coupon on AliExpress. */
function orderDiscount(market: DemoMarket, goods: number, onSale: boolean, u: number): number {
  if (market.domestic) {
    if (onSale) return Math.min(Math.floor(goods / 30000) * 3000, 30000);
    if (goods >= 100000 && u < 0.3) return 10000;
    if (goods >= 30000 && u < 0.3) return 2000;
    return 0;
  }
  if (market.channelKey === 'aliexpress-sim' && goods >= 3000 && u < 0.25) return u < 0.1 ? 300 : 200;
  return 0;
}

/** Shipping charged: free at home above 99 yuan, on AliExpress and eBay; Amazon's standard shipping on some orders. */
function shippingOf(market: DemoMarket, goods: number, u: number): number {
  if (market.domestic) return goods < 9900 ? 1000 : 0;
  if (market.channelKey === 'amazon-sim' && u < 0.2) return 599;
  return 0;
}

/** Spreads the order discount over the lines by their value, the rest on the last; sets each line's paid amount. */
function spread(lines: DemoLine[], discount: number): void {
  const goods = lines.map((l) => l.quantity * cents(l.unitPrice));
  const all = goods.reduce((a, b) => a + b, 0);
  let left = discount;
  lines.forEach((l, i) => {
    const share = i === lines.length - 1 ? left : Math.floor((discount * goods[i]) / all);
    left -= share;
    l.orderDiscount = money(share);
    l.paid = money(goods[i] - share);
  });
}

/** The order's money from its lines: the discount (满减 around the sale day) spread over them, shipping, what was paid. */
function price(o: DemoOrder, now: Date): void {
  const daysAgo = Math.round((shanghaiMidnight(now, 0) - shanghaiMidnight(o.placedAt, 0)) / DAY);
  const onSale = o.market.domestic && Math.abs(daysAgo - DEMO_SALE_DAYS_AGO) <= 1;
  const u = unitOf(o.externalId, 'money');
  const goods = o.lines.reduce((n, l) => n + l.quantity * cents(l.unitPrice), 0);
  const discount = orderDiscount(o.market, goods, onSale, u);
  const shipping = shippingOf(o.market, goods, u);
  spread(o.lines, discount);
  o.discount = money(discount);
  o.shipping = money(shipping);
  o.total = money(goods - discount + shipping);
}

/** The item a unit draw `u` falls on, each taking its weight's share of [0, 1). */
function weighted<T extends { weight: number }>(items: readonly T[], u: number): T {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let x = u * total;
  for (const i of items) if ((x -= i.weight) < 0) return i;
  return items[items.length - 1];
}

// ---- channels and the calendar -------------------------------------------------------------

interface ChannelPlan {
  key: string;
  weight: number;
  markets: (DemoMarket & { weight: number })[];
  /** Share of orders never paid (closed after three days). */
  unpaid: number;
}

const CHANNELS: ChannelPlan[] = [
  { key: 'taobao-sim', weight: 34, unpaid: 0.15, markets: [{ channelKey: 'taobao-sim', marketplaceId: null, currency: 'CNY', domestic: true, weight: 1 }] },
  { key: 'tmall-sim', weight: 24, unpaid: 0.12, markets: [{ channelKey: 'tmall-sim', marketplaceId: null, currency: 'CNY', domestic: true, weight: 1 }] },
  { key: 'aliexpress-sim', weight: 15, unpaid: 0.18, markets: [{ channelKey: 'aliexpress-sim', marketplaceId: null, currency: 'USD', domestic: false, weight: 1 }] },
  {
    key: 'ebay-sim', weight: 13, unpaid: 0.03,
    markets: [
      { channelKey: 'ebay-sim', marketplaceId: 'EBAY_US', currency: 'USD', domestic: false, weight: 7 },
      { channelKey: 'ebay-sim', marketplaceId: 'EBAY_DE', currency: 'EUR', domestic: false, weight: 3 },
    ],
  },
  {
    key: 'amazon-sim', weight: 14, unpaid: 0.05,
    markets: [
      { channelKey: 'amazon-sim', marketplaceId: 'ATVPDKIKX0DER', currency: 'USD', domestic: false, weight: 8 },
      { channelKey: 'amazon-sim', marketplaceId: 'A2EUQ1WTGCTBG2', currency: 'CAD', domestic: false, weight: 2 },
    ],
  },
];

/** The channel keys the history has orders on. */
export const DEMO_ORDER_CHANNELS = CHANNELS.map((c) => c.key);

/** How much people shop at each hour of their day: little at night, a lunch bump, most in the evening. */
const HOURLY = [0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1, 1.5, 1.8, 1.7, 1.5, 1.6, 1.7, 1.7, 1.6, 1.4, 1.3, 1.7, 2.2, 2.5, 2.2, 1.3];

/**
 * Day weights over the 90 days: weekends, a shop growing over the quarter, and at home the sale
 * (店庆: Taobao and Tmall buyers wait for it, a day's orders several times over, with the days
 * around it busier too).
 */
function dayWeights(now: Date, domestic: boolean): number[] {
  return Array.from({ length: DEMO_ORDER_DAYS }, (_, d) => {
    const weekday = new Date(shanghaiMidnight(now, d) + SHANGHAI * HOUR).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 1.45 : 1;
    const sale = !domestic ? 1 : d === DEMO_SALE_DAYS_AGO ? 6 : d === DEMO_SALE_DAYS_AGO + 1 ? 2 : d === DEMO_SALE_DAYS_AGO - 1 ? 1.8 : 1;
    // Today is under way: only its hours so far count.
    const elapsed = d === 0 ? (now.getTime() - shanghaiMidnight(now, 0)) / DAY : 1;
    return (1 + 0.6 * (1 - d / DEMO_ORDER_DAYS)) * weekend * sale * elapsed;
  });
}

/** When the order was placed: a day, an hour in the buyer's time, a minute; never later than a few minutes ago. */
function placedAt(now: Date, days: number[], offset: number, u: { day: number; hour: number; minute: number }): { at: Date; daysAgo: number } {
  const daysAgo = weighted(days.map((weight, d) => ({ d, weight })), u.day).d;
  const hour = weighted(HOURLY.map((weight, h) => ({ h, weight })), u.hour).h;
  // The buyer's clock: their hour of the Shanghai calendar day, moved to UTC from their offset.
  let at = shanghaiMidnight(now, daysAgo) + (SHANGHAI - offset) * HOUR + hour * HOUR + Math.floor(u.minute * HOUR);
  while (at > now.getTime() - 5 * 60_000) at -= DAY;
  return { at: new Date(at), daysAgo };
}

// ---- statuses ----------------------------------------------------------------------------

/** What the order's draws say of its life; the status at `now` follows from the times. */
interface Life {
  unpaid: boolean;
  /** Cancelled by the buyer after paying, before anything shipped (hours after payment), or never. */
  cancelAfterHours: number | null;
  payMinutes: number;
  shipHours: number;
  /** Lines after the first leave in a second parcel this many hours later; 0: one parcel. */
  secondParcelHours: number;
  transitDays: number;
  /** Days from delivery until the marketplace closes the sale (Taobao's automatic confirmation, AliExpress's FINISH); null: it never reports it. */
  closeDays: number | null;
}

/** Draws an order's life: seven draws, whatever it turns out to be. */
function lifeOf(channel: ChannelPlan, market: DemoMarket, lines: number, rng: Rng): Life {
  const [u1, u2, u3, u4, u5, u6, u7] = Array.from({ length: 7 }, () => rng.float());
  const home = market.domestic;
  const ae = market.channelKey === 'aliexpress-sim';
  return {
    unpaid: u1 < channel.unpaid,
    cancelAfterHours: u2 < 0.03 ? 1 + Math.floor(u3 * 18) : null,
    payMinutes: 1 + Math.floor(u3 * 19),
    shipHours: home ? 6 + u4 * 34 : 20 + u4 * 52,
    secondParcelHours: lines > 1 && u5 < 0.3 ? 20 + u5 * 120 : 0,
    transitDays: home ? 1.5 + u6 * 2 : ae ? 8 + u6 * 12 : 5 + u6 * 9,
    closeDays: home ? 7 + u7 * 3 : ae ? 3 + u7 * 7 : null,
  };
}

/** Our warehouses hand parcels to the carriers from 10:00 to 19:00 Shanghai time, Monday to Saturday: the first such time at or after `at`. */
function pickupTime(at: number): number {
  let t = at;
  for (;;) {
    const local = new Date(t + SHANGHAI * HOUR);
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    const midnight = t - (((t + SHANGHAI * HOUR) % DAY) + DAY) % DAY;
    if (local.getUTCDay() === 0 || hour >= 19) t = midnight + DAY + 10 * HOUR + (t % (45 * 60_000));
    else if (hour < 10) t = midnight + 10 * HOUR + (t % (45 * 60_000));
    else return t;
  }
}

/** The order's reports up to `now` and the parcels the latest lists. */
function progress(o: DemoOrder, life: Life, now: Date): void {
  const t = now.getTime();
  const placed = o.placedAt.getTime();
  const word = (s: OrderStatus, d: 'unpaid' | 'paid' | null = null) => marketplaceWord(o.market, s, d);
  const step = (status: OrderStatus, at: number, d: 'unpaid' | 'paid' | null = null): DemoStep => ({ status, marketplaceStatus: word(status, d), at: new Date(at) });
  if (life.unpaid) {
    o.paidAt = null;
    // The marketplace closes an unpaid order after three days.
    const closed = placed + 3 * DAY;
    o.steps = [step(OrderStatus.PENDING_PAYMENT, placed)];
    if (closed < t) o.steps.push(step(OrderStatus.CANCELLED, closed, 'unpaid'));
    return;
  }
  const paid = placed + life.payMinutes * 60_000;
  o.paidAt = new Date(paid);
  o.steps = [step(OrderStatus.PAID, paid)];
  const firstShip = pickupTime(paid + life.shipHours * HOUR);
  if (life.cancelAfterHours != null && paid + life.cancelAfterHours * HOUR < Math.min(t, firstShip)) {
    o.steps.push(step(OrderStatus.CANCELLED, paid + life.cancelAfterHours * HOUR, 'paid'));
    o.lineRefund = 'REFUNDED';
    return;
  }
  if (firstShip >= t) return;
  const secondShip = life.secondParcelHours ? pickupTime(firstShip + life.secondParcelHours * HOUR) : firstShip;
  const seed = o.externalId;
  const first = life.secondParcelHours ? [0] : o.lines.map((_, i) => i);
  o.parcels = [{ lines: first, ...parcelOf(o.market, `${seed}:1`), shippedAt: new Date(firstShip) }];
  if (life.secondParcelHours && secondShip >= t) {
    o.steps.push(step(OrderStatus.PARTIALLY_SHIPPED, firstShip));
    return;
  }
  if (life.secondParcelHours) o.parcels.push({ lines: o.lines.map((_, i) => i).slice(1), ...parcelOf(o.market, `${seed}:2`), shippedAt: new Date(secondShip) });
  const delivered = secondShip + life.transitDays * DAY;
  if (life.closeDays == null || delivered >= t) {
    o.steps.push(step(OrderStatus.SHIPPED, secondShip));
    return;
  }
  const closed = delivered + life.closeDays * DAY;
  o.steps.push(closed < t ? step(OrderStatus.COMPLETED, closed) : step(OrderStatus.DELIVERED, delivered));
}

// ---- ids -------------------------------------------------------------------------------------

/** The marketplace's order id and line ids, in each marketplace's shape (apart from the simulators' sample orders' ranges). */
function idsOf(market: DemoMarket, n: number, lines: number): { order: string; lines: string[] } {
  const seed = `demo-order:${n}`;
  switch (market.channelKey) {
    case 'taobao-sim':
    case 'tmall-sim': {
      // TOP trade ids: 19 digits (the simulator's sample trades start 41385…).
      const tid = `3${digitsOf(18, seed, 'tid')}`;
      return { order: tid, lines: Array.from({ length: lines }, (_, k) => `3${digitsOf(18, seed, 'oid', k)}`) };
    }
    case 'aliexpress-sim': {
      const id = `81${digitsOf(14, seed, 'ae')}`;
      return { order: id, lines: Array.from({ length: lines }, (_, k) => `${id.slice(0, 15)}${k + 1}`) };
    }
    case 'ebay-sim': {
      // 2-5-5 digits; the simulator's sample orders are 12-0000n-1000n.
      const id = `2${digitsOf(1, seed, 'e0')}-${digitsOf(5, seed, 'e1')}-${digitsOf(5, seed, 'e2')}`;
      return { order: id, lines: Array.from({ length: lines }, (_, k) => `10${digitsOf(10, seed, 'eli', k)}`) };
    }
    default: {
      // 3-7-7 digits: 111/112/114 on Amazon.com, 702 on Amazon.ca (the simulator's samples are 113-4… and 702-4…).
      const prefix = market.currency === 'CAD' ? '702' : `11${'124'[Math.floor(unitOf(seed, 'p') * 3)]}`;
      const id = `${prefix}-${'56789'[Math.floor(unitOf(seed, 'q') * 5)]}${digitsOf(6, seed, 'a1')}-${digitsOf(7, seed, 'a2')}`;
      return { order: id, lines: Array.from({ length: lines }, (_, k) => digitsOf(14, seed, 'ai', k)) };
    }
  }
}

// ---- the plan ----------------------------------------------------------------------------

/** The demo's order history as of `now` (seed: the PRNG's). */
export function planDemoOrders(rows: CatalogRows, now: Date, seed = 18): DemoOrder[] {
  const rng = new Rng(seed);
  const shelf = shelfOf(rows);
  const rates = new Map(demoRates('CNY').map((r) => [r.quote, r.rate]));
  const days = { home: dayWeights(now, true), abroad: dayWeights(now, false) };
  const hot = hotSkus(rows, shelf);
  const buyers = new Map<string, { buyer: DemoBuyer; address: DemoAddress; offset: number }[]>();
  const orders: DemoOrder[] = [];
  for (let n = 0; n < DEMO_ORDER_COUNT; n++) {
    const channel = weighted(CHANNELS, rng.float());
    const market = weighted(channel.markets, rng.float());
    // One buyer in six comes back (same account, same address).
    const repeat = rng.float();
    const known = buyers.get(market.channelKey + market.currency) ?? [];
    const person =
      repeat < 1 / 6 && known.length
        ? known[Math.floor(repeat * 6 * known.length) % known.length]
        : market.domestic
          ? { ...chineseBuyer(`buyer:${n}`), offset: SHANGHAI }
          : foreignBuyer(market, `buyer:${n}`);
    if (!known.includes(person)) buyers.set(market.channelKey + market.currency, [...known, person]);
    const when = placedAt(now, market.domestic ? days.home : days.abroad, person.offset, { day: rng.float(), hour: rng.float(), minute: rng.float() });

    // 1 line mostly, 2 or 3 now and then; different products; 2 units of a line sometimes (socks: up to 3).
    const u = rng.float();
    const count = u < 0.7 ? 1 : u < 0.92 ? 2 : 3;
    const products = market.domestic ? shelf.home : shelf.abroad;
    const chosen: SellableSku[] = [];
    const quantities: number[] = [];
    for (let k = 0; k < 3; k++) {
      const p = weighted(products, rng.float());
      const v = rng.float();
      const h = rng.float();
      // A line in ten at home is one of the season's best sellers, which run out in Hangzhou and ship from Shanghai.
      const s = market.domestic && h < 0.1 ? hot[Math.floor(h * 10 * hot.length)] : p.skus[Math.floor(v * p.skus.length)];
      const q = rng.float();
      if (k >= count || chosen.some((c) => c.productId === s.productId)) continue;
      chosen.push(s);
      quantities.push(s.sku.startsWith('SOCK') ? 1 + Math.floor(q * 3) : q < 0.12 ? 2 : 1);
    }
    const ids = idsOf(market, n, chosen.length);
    const lines: DemoLine[] = chosen.map((s, k) => ({
      externalLineId: ids.lines[k],
      sku: s.sku,
      title: market.domestic ? s.zhTitle : s.enTitle,
      optionText: market.domestic ? s.zhOptions : s.enOptions,
      quantity: quantities[k],
      unitPrice: priceIn(s.price, market, rates),
      orderDiscount: '0.00',
      paid: '0.00',
      productId: s.productId,
    }));
    const life = lifeOf(channel, market, lines.length, rng);
    const order: DemoOrder = {
      channelKey: market.channelKey, externalId: ids.order, market, placedAt: when.at, paidAt: null,
      buyer: person.buyer, address: person.address, buyerMessage: buyerMessageOf(market, ids.order),
      lines, shipping: '0.00', discount: '0.00', total: '0.00', steps: [], parcels: [],
      hold: null, intakeHold: null, lineRefund: null, return: null,
    };
    progress(order, life, now);
    orders.push(order);
  }
  showEveryStage(orders, now);
  designateHolds(orders, now);
  reserveInIntakeOrder(orders, shelf, new StockBook(rows, shelf));
  for (const o of orders) price(o, now);
  designateReturns(orders, now);
  return orders;
}
