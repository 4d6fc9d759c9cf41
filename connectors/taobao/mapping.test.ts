import fs from 'node:fs';
import path from 'node:path';
import { parseJsonExact } from '../sdk/exact-json';
import type { OrderDto, PulledOrder, ReturnDto } from '../sdk/types';
import { tradeObject } from './fixtures/trades';
import { mapRefund, mapTrade, unifiedTradeStatus } from './mapping';
import { formatTopTime, parseTopTime } from './top-time';

type Raw = Record<string, any>;

/** A fixture exactly as TOP sends it (bare 64-bit ids), parsed the way the client parses answers. */
function fixture(name: string): Raw {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8');
  return parseJsonExact<Raw>(text);
}
const trade = (name: string): Raw => fixture(name).trade_fullinfo_get_response.trade;

function mapped(result: PulledOrder): OrderDto {
  if (!result.ok) throw new Error(`expected a mapped order, got: ${result.error}`);
  return result.order;
}

describe('Taobao trade mapping', () => {
  describe('given a paid two-line trade as trade.fullinfo.get returns it', () => {
    const raw = trade('trade-paid-multiline');
    const order = mapped(mapTrade(raw));

    it('then the 64-bit tid and oids arrive digit for digit', () => {
      // Through JSON.parse these would have become ...384800 and the like.
      expect(order.externalId).toBe('4138573824619384756');
      expect(order.lines.map((l) => l.externalLineId)).toEqual(['4138573824620384756', '4138573824621384756']);
    });

    it('then the order is PAID in CNY with TOP times read as GMT+8', () => {
      expect(order.status).toBe('PAID');
      expect(order.marketplaceStatus).toBe('WAIT_SELLER_SEND_GOODS');
      expect(order.flags).toEqual([]);
      expect(order.currency).toBe('CNY');
      expect(order.placedAt!.toISOString()).toBe('2026-01-15T02:12:03.000Z');
      expect(order.paidAt!.toISOString()).toBe('2026-01-15T02:13:27.000Z');
      expect(order.modifiedAt.toISOString()).toBe('2026-01-15T02:30:41.000Z');
    });

    it('then money strings pass through untouched and discounts stay on the lines', () => {
      expect(order.shipping).toBe('10.00');
      expect(order.discount).toBeNull();
      expect(order.lines.map((l) => [l.unitPrice, l.discount, l.quantity])).toEqual([
        ['129.00', '10.00', 2],
        ['189.00', '0.00', 1],
      ]);
    });

    it('then the SKU is the merchant code of the SKU, else of the item, with the option text', () => {
      expect(order.lines[0]).toMatchObject({ sku: 'TEE-001-RED-XL', optionText: '颜色分类:红色;尺码:XL', title: '纯棉短袖T恤 男女同款 夏季新款', status: 'WAIT_SELLER_SEND_GOODS' });
      expect(order.lines[1]).toMatchObject({ sku: 'MUG-CERAMIC', optionText: null });
    });

    it('then buyer and masked address are kept as they arrive, in Chinese', () => {
      expect(order.buyerId).toBe('AAHm5d-EAAeGwJedwSHpg8bT');
      expect(order.buyer).toMatchObject({ nickname: 't**小鱼' });
      expect(order.buyerMessage).toBe('请尽快发货，谢谢！周末家里有人。');
      expect(order.shippingAddress).toEqual({
        name: '张**',
        phone: '*******5678',
        country: 'CN',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区文新街道',
        address1: '文***路**号*幢*单元',
        address2: null,
        postalCode: '310012',
      });
    });
  });

  describe('given each TOP trade status', () => {
    const base = trade('trade-paid-multiline');
    it.each([
      ['TRADE_NO_CREATE_PAY', 'PENDING_PAYMENT'],
      ['WAIT_BUYER_PAY', 'PENDING_PAYMENT'],
      ['PAY_PENDING', 'PENDING_PAYMENT'],
      ['WAIT_PRE_AUTH_CONFIRM', 'PENDING_PAYMENT'],
      ['WAIT_SELLER_SEND_GOODS', 'PAID'],
      ['PAID_FORBID_CONSIGN', 'PAID'],
      ['SELLER_CONSIGNED_PART', 'PARTIALLY_SHIPPED'],
      ['WAIT_BUYER_CONFIRM_GOODS', 'SHIPPED'],
      ['TRADE_BUYER_SIGNED', 'DELIVERED'],
      ['TRADE_FINISHED', 'COMPLETED'],
      ['TRADE_CLOSED_BY_TAOBAO', 'CANCELLED'],
    ])('when the status is %s then the order is %s', (status, unified) => {
      expect(mapped(mapTrade({ ...base, status })).status).toBe(unified);
    });

    it('when a paid trade is closed with every sub-order refunded then it is REFUNDED', () => {
      expect(mapped(mapTrade(trade('trade-closed-refunded'))).status).toBe('REFUNDED');
    });

    it('when a closed trade was never paid then it is CANCELLED', () => {
      const closed = trade('trade-closed-refunded');
      expect(mapped(mapTrade({ ...closed, pay_time: undefined })).status).toBe('CANCELLED');
      expect(mapped(mapTrade(trade('trade-closed-unpaid'))).status).toBe('CANCELLED');
    });

    it('when a paid closed trade has a sub-order not refunded then it is CANCELLED', () => {
      expect(unifiedTradeStatus('TRADE_CLOSED', true, ['SUCCESS', 'CLOSED'])).toBe('CANCELLED');
      expect(unifiedTradeStatus('TRADE_CLOSED', true, ['SUCCESS', 'SUCCESS'])).toBe('REFUNDED');
    });

    it('when shipping is forbidden then the order is PAID and flagged DO_NOT_SHIP', () => {
      const order = mapped(mapTrade(trade('trade-forbid-consign')));
      expect(order).toMatchObject({ status: 'PAID', marketplaceStatus: 'PAID_FORBID_CONSIGN', flags: ['DO_NOT_SHIP'] });
      expect(order.shippingAddress!.country).toBe('HK');
      expect(order.lines[0].unitPrice).toBe('39.90');
    });
  });

  describe('given a shipped trade with one of two lines refunded', () => {
    const order = mapped(mapTrade(trade('trade-partial-refund')));
    it('then the order keeps its status and the refund shows on the line', () => {
      expect(order.status).toBe('SHIPPED');
      expect(order.lines.map((l) => l.status)).toEqual(['TRADE_CLOSED refund:SUCCESS', 'WAIT_BUYER_CONFIRM_GOODS']);
      // Refunded: the whole sub-order; the amount is on the refund (refunds.receive.get), not on the trade.
      expect(order.lines.map((l) => l.refund ?? null)).toEqual([{ status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 1, amount: null }, null]);
    });
    it('then the consigned line left whole in its parcel (company and waybill) and the one closed before consigning left in none', () => {
      expect(order.lines.map((l) => l.shipments)).toEqual([[], [{ quantity: 1, carrier: '顺丰速运', trackingNumber: 'SF1400123456789', shippedAt: null }]]);
    });
    it('then a sub-order\'s own consign time is when its parcel left', () => {
      const raw = trade('trade-partial-refund');
      raw.orders.order[1].consign_time = '2026-01-15 10:30:00';
      expect(mapped(mapTrade(raw)).lines[1].shipments![0].shippedAt).toEqual(parseTopTime('2026-01-15 10:30:00'));
    });
  });

  describe('given a trade waiting to be consigned', () => {
    it('then none of its lines has left', () => {
      expect(mapped(mapTrade(trade('trade-paid-multiline'))).lines.map((l) => l.shipments)).toEqual([[], []]);
    });
  });

  describe('given the money of a trade', () => {
    it('when a shop coupon takes 10.00 off 267.00 of goods then the order total is what the buyer paid, 257.00, and each line carries its share', () => {
      // Two sub-orders, 89.00 × 1 and 89.00 × 2; TOP spreads the coupon over them by amount (part_mjz_discount).
      const order = mapped(mapTrade(tradeObject(7, ['CPN-A', 'CPN-B'], { price: '89.00', coupon: '10.00' })));
      expect(order).toMatchObject({ paidTotal: '257.00', discount: '10.00', shipping: '0.00' });
      expect(order.lines.map((l) => [l.unitPrice, l.quantity, l.discount, l.orderDiscount, l.paid])).toEqual([
        ['89.00', 1, '0.00', '3.33', '85.67'],
        ['89.00', 2, '0.00', '6.67', '171.33'],
      ]);
    });

    it('when the trade does not spread its coupon then the lines still carry what was paid for them and the order total is the payment', () => {
      const order = mapped(mapTrade(trade('trade-paid-multiline')));
      // payment 437.00 = goods 447.00 − 10.00 on the first line − 10.00 coupon + 10.00 postage; divide_order_fee per line.
      expect(order).toMatchObject({ paidTotal: '437.00', shipping: '10.00', discount: null });
      expect(order.lines.map((l) => [l.discount, l.paid])).toEqual([
        ['10.00', '238.72'],
        ['0.00', '188.28'],
      ]);
    });

    it("when a sub-order has no divide_order_fee then its payment stands in, without the postage a single sub-order's payment carries", () => {
      const single = tradeObject(8, ['ONE'], { price: '50.00', postFee: '8.00' });
      const line = (single.orders as { order: Raw[] }).order[0];
      delete line.divide_order_fee;
      expect(mapped(mapTrade(single)).lines[0].paid).toBe('50.00');
      const two = tradeObject(9, ['A', 'B'], { price: '50.00', postFee: '8.00' });
      for (const o of (two.orders as { order: Raw[] }).order) delete o.divide_order_fee;
      expect(mapped(mapTrade(two)).lines.map((l) => l.paid)).toEqual(['50.00', '100.00']);
    });

    it("when the seller changed a line's price down (adjust_fee) then it counts in the line's own discount", () => {
      const base = trade('trade-paid-multiline');
      const orders = { order: [{ ...base.orders.order[0], adjust_fee: '-5.00' }, base.orders.order[1]] };
      expect(mapped(mapTrade({ ...base, orders })).lines[0].discount).toBe('15.00');
    });
  });

  describe('given a trade held back by TOP (fullinfo hold fields)', () => {
    const base = trade('trade-paid-multiline');
    it.each(['top_hold', 'team_buy_hold', 'share_group_hold', 'ofp_hold', 'forbid_consign'])('when %s is 1 then the order is flagged DO_NOT_SHIP, and when it drops to 0 it is not', (field) => {
      expect(mapped(mapTrade({ ...base, [field]: 1 })).flags).toEqual(['DO_NOT_SHIP']);
      expect(mapped(mapTrade({ ...base, [field]: 0 })).flags).toEqual([]);
    });
  });

  describe('given a list trade that says it has a buyer message without carrying it', () => {
    it('then it is quarantined rather than imported without the message', () => {
      const base = trade('trade-paid-multiline');
      const { buyer_message: _message, ...listed } = base;
      expect(mapTrade({ ...listed, has_buyer_message: true })).toMatchObject({ ok: false, error: expect.stringContaining('buyer message') });
      expect(mapped(mapTrade({ ...listed, has_buyer_message: false })).buyerMessage).toBeNull();
    });
  });

  describe('given a paid trade whose buyer asked for a refund before shipping', () => {
    it('then the order is flagged CANCEL_REQUESTED', () => {
      const base = trade('trade-paid-multiline');
      const orders = { order: [{ ...base.orders.order[0], refund_status: 'WAIT_SELLER_AGREE' }, base.orders.order[1]] };
      const mappedOrder = mapped(mapTrade({ ...base, orders }));
      expect(mappedOrder.flags).toEqual(['CANCEL_REQUESTED']);
      // Asked for, not refunded yet.
      expect(mappedOrder.lines[0].refund).toEqual({ status: 'REQUESTED', marketplaceStatus: 'WAIT_SELLER_AGREE', quantity: 0, amount: null });
    });
  });

  describe('given a paid trade without a street address', () => {
    it('then the order is flagged ADDRESS_INCOMPLETE', () => {
      expect(mapped(mapTrade({ ...trade('trade-paid-multiline'), receiver_address: '' })).flags).toEqual(['ADDRESS_INCOMPLETE']);
    });
  });

  describe('given trades that cannot be mapped', () => {
    it('when orders are missing then it is quarantined with its tid, raw body and reason', () => {
      const raw = trade('trade-malformed');
      const result = mapTrade(raw);
      expect(result).toEqual({ ok: false, externalId: '4138573824619777001', raw, error: expect.stringContaining('orders') });
    });

    const base = trade('trade-paid-multiline');
    it.each([
      ['no tid', { ...base, tid: undefined, tid_str: undefined }, 'tid'],
      ['no status', { ...base, status: undefined }, 'status'],
      ['an unknown status', { ...base, status: 'SOMETHING_NEW' }, 'SOMETHING_NEW'],
      ['a price that is not a decimal', { ...base, orders: { order: [{ ...base.orders.order[0], price: '12,00' }] } }, 'price'],
      ['a line without quantity', { ...base, orders: { order: [{ ...base.orders.order[0], num: 0 }] } }, 'num'],
      ['an id that lost its digits', { ...base, orders: { order: [{ ...base.orders.order[0], oid: 4138573824620384756, oid_str: undefined }] } }, 'safe integer'],
      ['no time at all', { ...base, modified: undefined, created: 'yesterday' }, 'modified'],
    ])('when it has %s then it is quarantined', (_what, raw, reason) => {
      const result = mapTrade(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toContain(reason);
        expect(result.raw).toBe(raw);
      }
    });

    it('when the trade is not an object then it is quarantined without an id', () => {
      expect(mapTrade(null)).toMatchObject({ ok: false, externalId: null, raw: null });
    });
  });
});

describe('Taobao refund mapping', () => {
  const refunds: Raw[] = fixture('refunds-receive').refunds_receive_get_response.refunds.refund;
  const all = refunds.map(mapRefund).map((r) => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  });
  const byId = (id: string): ReturnDto => all.find((r) => r.externalId === id)!;

  it('given a refund without return then it is a REFUND_ONLY, REFUNDED, with exact ids', () => {
    expect(byId('178234567890123456')).toEqual({
      externalId: '178234567890123456',
      orderExternalId: '3987654321098765432',
      externalLineId: '3987654321098765432',
      type: 'REFUND_ONLY',
      status: 'REFUNDED',
      marketplaceStatus: 'SUCCESS',
      amount: '99.00',
      currency: 'CNY',
      reason: '不想要了',
      modifiedAt: new Date('2026-01-13T01:44:02.000Z'),
    });
  });

  it('given goods on their way back then it is RETURN_AND_REFUND, APPROVED', () => {
    expect(byId('178234567890124001')).toMatchObject({ type: 'RETURN_AND_REFUND', status: 'APPROVED', amount: '129.00', externalLineId: '4138573824620384756' });
  });

  it('given an exchange status then it is an EXCHANGE', () => {
    expect(byId('178234567890124002')).toMatchObject({ type: 'EXCHANGE', marketplaceStatus: 'WAIT_SELLER_CONSIGN_GOODS' });
  });

  it.each([
    ['WAIT_SELLER_AGREE', 'REQUESTED'],
    ['WAIT_BUYER_RETURN_GOODS', 'APPROVED'],
    ['WAIT_SELLER_CONFIRM_GOODS', 'APPROVED'],
    ['SELLER_REFUSE_BUYER', 'REJECTED'],
    ['SUCCESS', 'REFUNDED'],
    ['CLOSED', 'CLOSED'],
  ])('given refund status %s then the return is %s', (status, expected) => {
    const r = mapRefund({ ...refunds[0], status });
    expect(r.ok && r.value.status).toBe(expected);
  });

  it('given a refund without tid then it is refused with the reason', () => {
    expect(mapRefund({ ...refunds[0], tid: undefined })).toMatchObject({ ok: false, externalId: '178234567890123456', error: expect.stringContaining('tid') });
  });
});

describe('TOP times', () => {
  it('are GMT+8 both ways and refuse what is not a real time', () => {
    expect(formatTopTime(new Date('2026-01-15T16:30:00Z'))).toBe('2026-01-16 00:30:00');
    expect(parseTopTime('2026-01-16 00:30:00')!.toISOString()).toBe('2026-01-15T16:30:00.000Z');
    expect(parseTopTime('2026-02-30 10:00:00')).toBeNull();
    expect(parseTopTime('2026-01-16T00:30:00')).toBeNull();
  });
});
