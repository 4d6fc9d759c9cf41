import { HoldReason, OrderStatus, ReturnType } from '../../orders';
import { RETURN_REASONS, unitOf } from './demo-order-people';
import { cents, DAY, DemoOrder, DemoReturn, finalStatus, HOUR, marketplaceWord, money } from './demo-order-model';

/**
 * The history's cases: which orders are held and why, which come back through after-sales and how
 * it ends, and that every stage of an order is on screen whatever the hour. Picked by hashes of the
 * orders' ids, among the orders whose age fits.
 */

/**
 * Every stage on screen whatever the hour: at least two orders waiting for payment (the newest
 * paid ones that had not shipped become unpaid) and one shipped in part (a recent order of two
 * parcels whose second has not left yet). Chance gives more most days.
 */
export function showEveryStage(orders: DemoOrder[], now: Date): void {
  const t = now.getTime();
  const newest = [...orders].sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
  let unpaid = orders.filter((o) => finalStatus(o) === OrderStatus.PENDING_PAYMENT).length;
  for (const o of newest) {
    if (unpaid >= 2) break;
    if (o.steps.length !== 1 || o.steps[0].status !== OrderStatus.PAID || t - o.placedAt.getTime() > 2 * DAY) continue;
    o.paidAt = null;
    o.steps = [{ status: OrderStatus.PENDING_PAYMENT, marketplaceStatus: marketplaceWord(o.market, OrderStatus.PENDING_PAYMENT), at: o.placedAt }];
    unpaid++;
  }
  if (orders.some((o) => finalStatus(o) === OrderStatus.PARTIALLY_SHIPPED)) return;
  const split = newest.find((o) => o.lines.length > 1 && o.parcels.length && o.lineRefund == null && t - o.parcels[0].shippedAt.getTime() < 8 * DAY);
  if (!split) return;
  const first = { ...split.parcels[0], lines: [0] };
  split.parcels = [first];
  split.steps = [split.steps[0], { status: OrderStatus.PARTIALLY_SHIPPED, marketplaceStatus: marketplaceWord(split.market, OrderStatus.PARTIALLY_SHIPPED), at: first.shippedAt }];
}

/** Orders of the last days still waiting to ship or just shipped: those a hold keeps back, ranked by a hash of their id. */
function recentPaid(orders: DemoOrder[], now: Date, channelKey: string, taken: Set<DemoOrder>): DemoOrder[] {
  const t = now.getTime();
  return orders
    .filter((o) => o.channelKey === channelKey && !taken.has(o) && o.paidAt && o.lineRefund == null)
    .filter((o) => t - o.placedAt.getTime() > 2 * HOUR && t - o.placedAt.getTime() < 10 * DAY)
    .filter((o) => [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED].includes(finalStatus(o)))
    .sort((a, b) => unitOf(a.externalId, 'hold') - unitOf(b.externalId, 'hold'));
}

/**
 * The held orders: kept PAID (nothing shipped), each for one reason the product has. The intake
 * holds those with an unknown SKU (a merchant code typed without its dashes) and those short of
 * stock (a wholesale-size quantity, set by reserveInIntakeOrder); the marketplace or staff hold
 * the rest (an address without street or postcode, a buyer asking to cancel, a size change).
 */
export function designateHolds(orders: DemoOrder[], now: Date): void {
  const taken = new Set<DemoOrder>();
  const hold = (channelKey: string, apply: (o: DemoOrder) => void) => {
    const [o] = recentPaid(orders, now, channelKey, taken);
    if (!o) return;
    taken.add(o);
    o.steps = o.steps.slice(0, 1);
    o.parcels = [];
    apply(o);
  };
  for (const key of ['taobao-sim', 'tmall-sim']) {
    hold(key, (o) => {
      o.intakeHold = HoldReason.UNMAPPED_SKU;
      o.lines[0].sku = o.lines[0].sku.replace(/-/g, '');
    });
    hold(key, (o) => {
      o.intakeHold = HoldReason.INSUFFICIENT_STOCK;
    });
  }
  hold('tmall-sim', (o) => {
    o.address = { ...o.address, address1: '' };
    o.hold = { reason: HoldReason.ADDRESS_INCOMPLETE, note: '收货地址缺少街道门牌，已联系买家补充' };
  });
  hold('ebay-sim', (o) => {
    o.address = { ...o.address, postalCode: null };
    o.hold = { reason: HoldReason.ADDRESS_INCOMPLETE, note: 'The shipping address has no postal code; asked the buyer through eBay messages' };
  });
  hold('taobao-sim', (o) => {
    o.lineRefund = 'REQUESTED';
    o.hold = { reason: HoldReason.CANCEL_REQUESTED, note: '买家申请退款（未发货）：WAIT_SELLER_AGREE' };
  });
  hold('ebay-sim', (o) => {
    o.steps[0].marketplaceStatus = 'NOT_STARTED / PAID / cancel IN_PROGRESS';
    o.hold = { reason: HoldReason.CANCEL_REQUESTED, note: 'The buyer asked to cancel (cancel IN_PROGRESS)' };
  });
  hold('taobao-sim', (o) => {
    o.buyerMessage = '拍错尺码了，麻烦改成大一码，谢谢';
    o.hold = { reason: HoldReason.MANUAL, note: '买家留言要求换大一码，客服确认后再发' };
  });
}
/** Orders whose goods have reached the buyer (or, where the marketplace never says, left over a week ago), ranked by a hash of their id. */
function delivered(orders: DemoOrder[], now: Date): DemoOrder[] {
  const week = now.getTime() - 8 * DAY;
  return orders
    .filter((o) => !o.hold && !o.intakeHold && o.parcels.length)
    .filter((o) => {
      const s = finalStatus(o);
      return s === OrderStatus.COMPLETED || s === OrderStatus.DELIVERED || (s === OrderStatus.SHIPPED && o.market.currency !== 'CNY' && o.parcels.every((p) => p.shippedAt.getTime() < week));
    })
    .sort((a, b) => unitOf(a.externalId, 'return') - unitOf(b.externalId, 'return'));
}

/**
 * The after-sales of the history, on orders the buyers have (and one refund before shipping):
 * returns refunded (one with its goods found damaged), a line of a larger order returned, small
 * refunds without a return (compensation for a flaw), returns waiting for customer service or for
 * the goods, one rejected, an exchange; and one paid order refunded in full before it shipped.
 */
export function designateReturns(orders: DemoOrder[], now: Date): void {
  const pool = delivered(orders, now);
  const take = (test: (o: DemoOrder) => boolean = () => true): DemoOrder | undefined => {
    const i = pool.findIndex(test);
    return i < 0 ? undefined : pool.splice(i, 1)[0];
  };
  const reasonOf = (o: DemoOrder) => {
    const reasons = o.market.domestic ? RETURN_REASONS.domestic : RETURN_REASONS.abroad;
    return reasons[Math.floor(unitOf(o.externalId, 'reason') * reasons.length)];
  };
  const whole = (o: DemoOrder) => o.lines.map((l, index) => ({ index, quantity: l.quantity }));
  const set = (o: DemoOrder | undefined, r: Omit<DemoReturn, 'reason' | 'condition' | 'amount' | 'rejection'> & Partial<DemoReturn>) => {
    if (o) o.return = { reason: reasonOf(o), condition: 'SELLABLE', amount: null, rejection: null, ...r };
  };

  set(take((o) => o.market.domestic && o.lines.length === 1 && o.lines[0].quantity === 1 && !o.lines[0].sku.startsWith('SOCK')), {
    type: ReturnType.EXCHANGE, outcome: 'EXCHANGED', lines: [{ index: 0, quantity: 1 }], reason: '尺码偏小，换大一码',
  });
  for (let k = 0; k < 7; k++) {
    const o = take();
    set(o, { type: ReturnType.RETURN_AND_REFUND, outcome: 'REFUNDED', lines: o ? whole(o) : [], amount: o?.total ?? null, condition: k === 3 ? 'DAMAGED' : 'SELLABLE' });
  }
  for (let k = 0; k < 3; k++) {
    const o = take((x) => x.lines.length > 1);
    const last = o ? o.lines.length - 1 : 0;
    set(o, { type: ReturnType.RETURN_AND_REFUND, outcome: 'REFUNDED', lines: o ? [{ index: last, quantity: o.lines[last].quantity }] : [], amount: o?.lines[last].paid ?? null });
  }
  for (let k = 0; k < 2; k++) {
    const o = take((x) => x.market.domestic);
    // A tenth of what the line was paid, in whole yuan: compensation for a flaw the buyer keeps.
    const amount = o ? money(Math.max(500, Math.floor(cents(o.lines[0].paid) / 1000) * 100)) : null;
    set(o, {
      type: ReturnType.REFUND_ONLY, outcome: 'REFUNDED', lines: o ? [{ index: 0, quantity: o.lines[0].quantity }] : [], amount,
      reason: o?.market.domestic ? '衣服有小瑕疵，协商补偿' : 'Small flaw, partial refund agreed',
    });
  }
  for (const outcome of ['REQUESTED', 'REQUESTED', 'REQUESTED', 'APPROVED', 'APPROVED', 'REJECTED'] as const) {
    const o = take();
    set(o, {
      type: ReturnType.RETURN_AND_REFUND, outcome, lines: o ? [{ index: 0, quantity: o.lines[0].quantity }] : [],
      rejection: outcome === 'REJECTED' ? (o?.market.domestic ? '已超过七天无理由退货期限，且吊牌已拆' : 'Returned after the 30-day return window') : null,
    });
  }
  // 仅退款 before shipping: the buyer changed their mind, customer service refunded it all.
  const waiting = orders
    .filter((o) => o.market.domestic && !o.hold && !o.intakeHold && o.lineRefund == null && o.steps.length === 1 && o.steps[0].status === OrderStatus.PAID)
    .sort((a, b) => unitOf(a.externalId, 'refund') - unitOf(b.externalId, 'refund'))[0];
  set(waiting, { type: ReturnType.REFUND_ONLY, outcome: 'REFUNDED', lines: waiting ? whole(waiting) : [], amount: waiting?.total ?? null, reason: '不想要了，未发货申请仅退款' });
}
