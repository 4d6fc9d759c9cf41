import { OrderStatus, ReturnType } from '../../orders';
import type { HoldReason } from '../../orders';
import type { DemoAddress, DemoBuyer, DemoMarket } from './demo-order-people';

/**
 * The demo order history's vocabulary (demo-order-plan.ts makes it, demo-orders.ts takes it in):
 * an order as its marketplace reports it, its parcels, holds and after-sales, and the clock and
 * money arithmetic the plan's parts share.
 */

/** Shanghai is 8 hours ahead of UTC all year. */
export const SHANGHAI = 8;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A line as the marketplace reports it. */
export interface DemoLine {
  externalLineId: string;
  sku: string;
  title: string;
  optionText: string;
  quantity: number;
  unitPrice: string;
  /** The line's share of the order-level discount (coupons, 满减). */
  orderDiscount: string;
  /** What the buyer paid for the line. */
  paid: string;
  productId: string;
}

/** Units that left in one parcel: lines (by index, all their units) with the parcel's waybill. */
export interface DemoParcel {
  lines: number[];
  carrier: string;
  trackingNumber: string;
  shippedAt: Date;
}

/** What the marketplace says of the order at a time. */
export interface DemoStep {
  status: OrderStatus;
  marketplaceStatus: string;
  at: Date;
}

/** After-sales on the order, through our returns (customer service and the warehouse). */
export interface DemoReturn {
  type: ReturnType;
  /** Where it ends: refunded (goods back first, unless REFUND_ONLY), waiting for customer service, approved and waiting for the goods, rejected, or exchanged (goods back, replacement sent). */
  outcome: 'REFUNDED' | 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'EXCHANGED';
  lines: { index: number; quantity: number }[];
  reason: string;
  /** How the returned goods are found (goods back only). */
  condition: 'SELLABLE' | 'DAMAGED';
  /** The refund, in the order currency (REFUNDED only). */
  amount: string | null;
  rejection: string | null;
}

export interface DemoOrder {
  channelKey: string;
  externalId: string;
  market: DemoMarket;
  placedAt: Date;
  paidAt: Date | null;
  buyer: DemoBuyer;
  address: DemoAddress;
  buyerMessage: string;
  lines: DemoLine[];
  shipping: string;
  discount: string;
  total: string;
  /** The first report (what the intake creates the order from), then the latest, when it moved on. */
  steps: DemoStep[];
  /** The parcels the latest report lists. */
  parcels: DemoParcel[];
  /** Holds the marketplace signals or staff set on the order (the intake sets UNMAPPED_SKU and INSUFFICIENT_STOCK itself). */
  hold: { reason: HoldReason; note: string } | null;
  /** Held by the intake itself: a line whose SKU we do not know, or more units than we have. */
  intakeHold: HoldReason.UNMAPPED_SKU | HoldReason.INSUFFICIENT_STOCK | null;
  /** A line's refund as the marketplace shows it: the buyer's open request before shipping, or the refund of a cancel. */
  lineRefund: 'REQUESTED' | 'REFUNDED' | null;
  return: DemoReturn | null;
}

/** A decimal amount in cents. */
export const cents = (v: string): number => {
  const [i, f = ''] = v.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0').slice(0, 2));
};
/** Cents as a decimal amount. */
export const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** Midnight (Shanghai) of the calendar day `daysAgo` days before `now`'s, as a UTC time. */
export function shanghaiMidnight(now: Date, daysAgo: number): number {
  const local = now.getTime() + SHANGHAI * HOUR;
  return Math.floor(local / DAY) * DAY - SHANGHAI * HOUR - daysAgo * DAY;
}

/** The Shanghai calendar day an order was placed on (YYYY-MM-DD): the history is taken in a day at a time. */
export function intakeDay(o: DemoOrder): string {
  return new Date(o.placedAt.getTime() + SHANGHAI * HOUR).toISOString().slice(0, 10);
}

/**
 * The order the history is taken in, and so reserves its stock, in: a day at a time, so our
 * order numbers follow the calendar as a shop's would; within a day as the intake orders a batch
 * (by channel, then marketplace id).
 */
export function intakeOrder(a: DemoOrder, b: DemoOrder): number {
  const [x, y] = [`${intakeDay(a)}\u0000${a.channelKey}`, `${intakeDay(b)}\u0000${b.channelKey}`];
  if (x !== y) return x < y ? -1 : 1;
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

/** The marketplace's own word for a unified status, as each connector reads it. */
export function marketplaceWord(market: DemoMarket, status: OrderStatus, detail: 'unpaid' | 'paid' | null = null): string {
  const kind = market.channelKey.replace(/-sim$/, '');
  const words: Record<string, Partial<Record<OrderStatus, string>>> = {
    taobao: {
      PENDING_PAYMENT: 'WAIT_BUYER_PAY', PAID: 'WAIT_SELLER_SEND_GOODS', PARTIALLY_SHIPPED: 'SELLER_CONSIGNED_PART', SHIPPED: 'WAIT_BUYER_CONFIRM_GOODS',
      DELIVERED: 'TRADE_BUYER_SIGNED', COMPLETED: 'TRADE_FINISHED', CANCELLED: detail === 'paid' ? 'TRADE_CLOSED' : 'TRADE_CLOSED_BY_TAOBAO',
    },
    aliexpress: {
      PENDING_PAYMENT: 'PLACE_ORDER_SUCCESS', PAID: 'WAIT_SELLER_SEND_GOODS', PARTIALLY_SHIPPED: 'SELLER_PART_SEND_GOODS', SHIPPED: 'WAIT_BUYER_ACCEPT_GOODS',
      DELIVERED: 'FUND_PROCESSING', COMPLETED: 'FINISH', CANCELLED: 'FINISH',
    },
    ebay: {
      PENDING_PAYMENT: 'NOT_STARTED / PENDING', PAID: 'NOT_STARTED / PAID', PARTIALLY_SHIPPED: 'IN_PROGRESS / PAID', SHIPPED: 'FULFILLED / PAID',
      CANCELLED: detail === 'paid' ? 'NOT_STARTED / FULLY_REFUNDED / cancel CANCELED' : 'NOT_STARTED / PENDING / cancel CANCELED',
    },
    amazon: { PENDING_PAYMENT: 'PENDING', PAID: 'UNSHIPPED', PARTIALLY_SHIPPED: 'PARTIALLY_SHIPPED', SHIPPED: 'SHIPPED', CANCELLED: 'CANCELLED' },
  };
  return words[kind === 'tmall' ? 'taobao' : kind]?.[status] ?? status;
}

/** The status the marketplace last reported. */
export function finalStatus(o: DemoOrder): OrderStatus {
  return o.steps[o.steps.length - 1].status;
}
