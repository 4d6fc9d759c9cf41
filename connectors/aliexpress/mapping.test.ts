import fs from 'node:fs';
import path from 'node:path';
import { parseJsonExact } from '../sdk/exact-json';
import type { OrderDto, PulledOrder } from '../sdk/types';
import { aeList, unwrap } from './client';
import { AeOrderSource, keptSku, mapOrder, productSkus, remoteListing, shippableLines, trackingNumbersOf } from './mapping';
import { compareAmounts, readMoney, sumAmounts, timesAmount } from './money';

type Raw = Record<string, any>;

/** A fixture's text exactly as AliExpress sends it (bare 64-bit ids), parsed the way the HTTP helper parses answers. */
function fixture(name: string): Raw {
  return parseJsonExact<Raw>(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
}
/** The `data` of an order.info.get fixture, through the client's own envelope reading. */
const detail = (name: string): Raw => (unwrap(fixture(name), 'aliexpress.solution.order.info.get', 'orders') as Raw).result.data;
const listRows = (): Raw[] => aeList((unwrap(fixture('order-get-page'), 'aliexpress.solution.order.get', 'orders') as Raw).result.target_list, 'order_dto');
const copy = <T>(v: T): T => structuredClone(v);

function mapped(result: PulledOrder): OrderDto & { raw?: unknown } {
  if (!result.ok) throw new Error(`expected a mapped order, got: ${result.error}`);
  return result.order;
}

describe('AliExpress order mapping', () => {
  describe('given a paid two-line order as order.get lists it and order.info.get details it', () => {
    const [row] = listRows();
    const order = mapped(mapOrder({ list: row, detail: detail('order-info-paid-multiline') }));

    it('then the 64-bit order and line ids arrive digit for digit', () => {
      // Through JSON.parse 8123456789012345678 becomes 8123456789012345000.
      expect(order.externalId).toBe('8123456789012345678');
      expect(order.lines.map((l) => l.externalLineId)).toEqual(['8123456789012345679', '8123456789012345680']);
    });

    it('then it is PAID, in USD, with its Pacific times read as PST in January', () => {
      expect(order).toMatchObject({ status: 'PAID', marketplaceStatus: 'WAIT_SELLER_SEND_GOODS', flags: [], currency: 'USD', fulfilledBy: 'MERCHANT' });
      expect(order.placedAt!.toISOString()).toBe('2026-01-15T02:12:03.000Z');
      expect(order.paidAt!.toISOString()).toBe('2026-01-15T02:13:27.000Z');
      expect(order.modifiedAt.toISOString()).toBe('2026-01-15T02:30:41.000Z');
    });

    it('then money is the marketplace’s decimal strings: lines, discount, shipping and the paid total add up exactly', () => {
      expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.discount])).toEqual([
        ['SUIT-001-BLK-50', 2, '25.90', '2.00'],
        ['TIE-003-NAVY', 1, '12.50', null],
      ]);
      expect([order.shipping, order.discount, order.paidTotal]).toEqual(['4.99', '2.00', '67.29']);
      const goods = sumAmounts(order.lines.map((l) => timesAmount(l.unitPrice, l.quantity)));
      expect(sumAmounts([goods, order.shipping!, `-${order.discount}`])).toBe(order.paidTotal);
    });

    it('then buyer, address and message are kept as written', () => {
      expect(order.buyerId).toBe('us1289374651abcd');
      expect(order.buyer).toEqual({ name: 'Emily Carter', nickname: 'us1289374651abcd' });
      expect(order.shippingAddress).toEqual({
        name: 'Emily Carter',
        phone: '+1 4085550123',
        country: 'US',
        province: 'California',
        city: 'San Jose',
        district: null,
        address1: '1450 N 1st Street',
        address2: 'Apt 12B',
        postalCode: '95112',
      });
      expect(order.buyerMessage).toBe('Please pack carefully, it is a gift');
      expect(order.lines[0]).toMatchObject({ title: "Men's Slim Fit Two-Piece Suit, Black", optionText: 'Color:Black;Size:50', status: 'WAIT_SELLER_SEND_GOODS', refund: null });
    });

    it('then fields the connector does not know stay in the raw body', () => {
      expect(JSON.stringify(order.raw)).toContain('EU372000041');
      expect(JSON.stringify(order.raw)).toContain('8123456789012345678');
    });

    it('then the detail alone (getOrder) maps to the same order', () => {
      const alone = mapped(mapOrder({ detail: detail('order-info-paid-multiline') }));
      expect({ ...alone, raw: undefined }).toEqual({ ...order, raw: undefined, paidTotal: '67.29' });
    });
  });

  describe('given a row of order.get alone', () => {
    const rows = listRows();

    it('then the order maps from its product list, with the address missing and flagged', () => {
      const order = mapped(mapOrder({ list: rows[0] }));
      expect(order.lines.map((l) => [l.externalLineId, l.sku, l.quantity, l.unitPrice, l.status])).toEqual([
        ['8123456789012345679', 'SUIT-001-BLK-50', 2, '25.90', 'WAIT_SELLER_SEND_GOODS'],
        ['8123456789012345680', 'TIE-003-NAVY', 1, '12.50', 'WAIT_SELLER_SEND_GOODS'],
      ]);
      expect(order.paidTotal).toBe('67.29');
      expect(order.shippingAddress).toBeNull();
      expect(order.flags).toEqual(['ADDRESS_INCOMPLETE']);
    });

    it('then an unpaid order is PENDING_PAYMENT without an address flag', () => {
      const order = mapped(mapOrder({ list: rows[1] }));
      expect(order).toMatchObject({ externalId: '3051234567890123', status: 'PENDING_PAYMENT', flags: [], paidAt: null });
      expect(order.buyer).toMatchObject({ name: 'Léa Dubois' });
    });

    it('then a bare target_list array (as the metadata types it) is read like the wrapped one', () => {
      expect(aeList(rows, 'order_dto')).toHaveLength(2);
    });
  });

  describe('given a Russian order the buyer asked to cancel (IN_CANCEL), in roubles, written in Cyrillic', () => {
    const order = mapped(mapOrder({ detail: detail('order-info-in-cancel-cyrillic') }));

    it('then it keeps its state (paid, not sent) and raises CANCEL_REQUESTED', () => {
      expect(order).toMatchObject({ status: 'PAID', marketplaceStatus: 'IN_CANCEL', currency: 'RUB', paidTotal: '4590.00' });
      expect(order.flags).toEqual(['CANCEL_REQUESTED']);
    });

    it('then the Cyrillic address is kept letter for letter, the localised one beside it', () => {
      expect(order.shippingAddress).toEqual({
        name: 'Иванов Иван Иванович',
        phone: '+7 9161234567',
        country: 'RU',
        province: 'Московская область',
        city: 'Москва',
        district: null,
        address1: 'ул. Тверская, д. 7, кв. 12',
        address2: 'Россия, Москва, улица Тверская, дом 7, квартира 12',
        postalCode: '125009',
      });
      expect(order.buyer).toEqual({ name: 'Иван Иванов', nickname: 'ru7712009988xy' });
      expect(order.lines[0]).toMatchObject({ title: 'Костюм мужской двойка, чёрный', optionText: 'Цвет:Чёрный;Размер:50' });
    });

    it('then the pending refund shows on its line', () => {
      expect(order.lines[0].refund).toEqual({ status: 'REQUESTED', marketplaceStatus: 'wait_refund', quantity: 0, amount: null });
    });
  });

  describe('given a paid order under risk review (RISK_CONTROL), to Hong Kong, written in Chinese', () => {
    const order = mapped(mapOrder({ detail: detail('order-info-risk-chinese') }));

    it('then it is pending payment with a hold: not to be shipped', () => {
      expect(order).toMatchObject({ status: 'PENDING_PAYMENT', marketplaceStatus: 'RISK_CONTROL' });
      expect(order.flags).toEqual(['DO_NOT_SHIP']);
    });

    it('then the Chinese address and names are kept as written', () => {
      expect(order.shippingAddress).toMatchObject({ name: '陳小明', country: 'HK', province: '九龍', city: '旺角', address1: '彌敦道 600 號 12 樓 B 室', phone: '+852 6123 4567' });
      expect(order.lines[0].title).toBe('男士法式袖扣衬衫 灰色');
    });

    it('then a time in the hour daylight saving skips reads as PDT on the far side of it', () => {
      // 2026-03-08 02:00 PST does not exist; 01:40 PST is 09:40 UTC and 03:10 PDT is 10:10 UTC.
      expect(order.placedAt!.toISOString()).toBe('2026-03-08T09:40:00.000Z');
      expect(order.modifiedAt.toISOString()).toBe('2026-03-08T10:10:00.000Z');
    });
  });

  describe('given a partly shipped order in euros in July', () => {
    const raw = detail('order-info-partial-eur');
    const order = mapped(mapOrder({ detail: raw }));

    it('then it is PARTIALLY_SHIPPED with each line’s own status, its times read as PDT', () => {
      expect(order).toMatchObject({ status: 'PARTIALLY_SHIPPED', currency: 'EUR', flags: [] });
      expect(order.lines.map((l) => l.status)).toEqual(['WAIT_BUYER_ACCEPT_GOODS', 'WAIT_SELLER_SEND_GOODS']);
      expect(order.placedAt!.toISOString()).toBe('2026-07-01T16:15:00.000Z');
    });

    it('then the phone is put together from its country, area and number, and German letters survive', () => {
      expect(order.shippingAddress).toMatchObject({ name: 'Jürgen Weiß', phone: '+49 89 12345678', address1: 'Schleißheimer Straße 21' });
    });

    it('then the parcel on it and the lines still to send are read for shipping', () => {
      expect(trackingNumbersOf(raw)).toEqual(['LP00123456789012']);
      expect(shippableLines(raw)).toEqual([
        { id: '3061234567890124', quantity: 1, waiting: false },
        { id: '3061234567890125', quantity: 2, waiting: true },
      ]);
    });
  });

  it('given a shipped order in dispute and frozen (IN_ISSUE) then it stays SHIPPED with DISPUTE and FROZEN', () => {
    const order = mapped(mapOrder({ detail: detail('order-info-issue-frozen') }));
    expect(order).toMatchObject({ status: 'SHIPPED', marketplaceStatus: 'IN_ISSUE' });
    expect([...order.flags].sort()).toEqual(['DISPUTE', 'FROZEN']);
  });

  it('given the buyer confirmed receipt (FUND_PROCESSING) then it is DELIVERED', () => {
    const raw = copy(detail('order-info-issue-frozen'));
    Object.assign(raw, { order_status: 'FUND_PROCESSING', frozen_status: 'NO_FROZEN', issue_status: 'NO_ISSUE', issue_info: null, logistics_status: 'BUYER_ACCEPT_GOODS' });
    raw.child_order_list[0].order_status = 'FUND_PROCESSING';
    delete raw.child_order_list[0].child_issue_info;
    const order = mapped(mapOrder({ detail: raw }));
    expect(order).toMatchObject({ status: 'DELIVERED', flags: [] });
  });

  it('given frozen written in lower case (in_frozen) on a paid order then the flag is read all the same', () => {
    const raw = copy(detail('order-info-paid-multiline'));
    raw.order_status = 'in_frozen';
    const order = mapped(mapOrder({ detail: raw }));
    expect(order).toMatchObject({ status: 'PAID', marketplaceStatus: 'IN_FROZEN', flags: ['FROZEN'] });
  });

  describe('given finished orders (FINISH), told apart by end reason and refund', () => {
    it('then one refunded in full before shipping is REFUNDED, in reais, with its line refunded too', () => {
      const order = mapped(mapOrder({ detail: detail('order-info-finish-refunded-brl') }));
      expect(order).toMatchObject({ status: 'REFUNDED', currency: 'BRL', marketplaceStatus: 'FINISH (seller_accept_issue_refund)' });
      expect(order.lines[0].refund).toEqual({ status: 'REFUNDED', marketplaceStatus: 'refund_ok', quantity: 2, amount: '259.80' });
    });

    it('then one refunded in part after delivery is COMPLETED, the partial refund on its line', () => {
      const raw = copy(detail('order-info-finish-refunded-brl'));
      Object.assign(raw, { order_end_reason: 'buyer_accept_goods', logistics_status: 'BUYER_ACCEPT_GOODS', refund_info: null });
      raw.child_order_list[0].refund_info.refund_cash_amt = { amount_str: '50.00', currency_code: 'BRL' };
      const order = mapped(mapOrder({ detail: raw }));
      expect(order.status).toBe('COMPLETED');
      expect(order.lines[0].refund).toEqual({ status: 'REFUNDED', marketplaceStatus: 'refund_ok', quantity: null, amount: '50.00' });
    });

    it('then one never paid that the buyer cancelled is CANCELLED', () => {
      const order = mapped(mapOrder({ detail: detail('order-info-finish-unpaid') }));
      expect(order).toMatchObject({ status: 'CANCELLED', marketplaceStatus: 'FINISH (buyer_cancel_notpay_order)', flags: [] });
    });

    it('then one shipped and delivered is COMPLETED', () => {
      const raw = copy(detail('order-info-finish-unpaid'));
      Object.assign(raw, { order_end_reason: 'buyer_accept_goods', fund_status: 'PAY_SUCCESS', gmt_pay_success: '2026-06-01 10:01:00', logistics_status: 'BUYER_ACCEPT_GOODS' });
      expect(mapped(mapOrder({ detail: raw })).status).toBe('COMPLETED');
    });
  });

  describe('given payloads that lack or garble what an order needs', () => {
    it('then an order without lines and with a garbled amount is quarantined with its id and raw body', () => {
      const raw = detail('order-info-malformed');
      const result = mapOrder({ detail: raw });
      expect(result).toMatchObject({ ok: false, externalId: '8199999999999999999' });
      if (result.ok) throw new Error('unreachable');
      expect(result.error).toMatch(/no lines/);
      expect(result.raw).toBe(raw);
    });

    it('then an amount that is not a decimal is a bad record, not a number guessed', () => {
      const raw = copy(detail('order-info-paid-multiline'));
      raw.child_order_list.global_aeop_tp_child_order_dto[1].product_price = { amount: '12,50', currency_code: 'USD' };
      expect(mapOrder({ detail: raw })).toMatchObject({ ok: false, externalId: '8123456789012345678', error: expect.stringMatching(/product_price/) });
    });

    it('then a line priced in another currency than the order is a bad record', () => {
      const raw = copy(detail('order-info-paid-multiline'));
      raw.child_order_list.global_aeop_tp_child_order_dto[1].product_price = { amount: '11.40', currency_code: 'EUR' };
      expect(mapOrder({ detail: raw })).toMatchObject({ ok: false, error: expect.stringMatching(/EUR/) });
    });

    it('then a status no table knows is a bad record', () => {
      const raw = copy(detail('order-info-paid-multiline'));
      raw.order_status = 'SOMETHING_NEW';
      expect(mapOrder({ detail: raw })).toMatchObject({ ok: false, error: 'unknown order status SOMETHING_NEW' });
    });

    it('then missing optional objects (buyer, address, amounts of shipping and discount) do not stop the order', () => {
      const raw = copy(detail('order-info-paid-multiline'));
      for (const k of ['buyer_info', 'receipt_address', 'logistics_amount', 'order_discount_info', 'memo', 'logistic_info_list', 'buyerloginid']) delete raw[k];
      const order = mapped(mapOrder({ detail: raw }));
      expect(order).toMatchObject({ status: 'PAID', shipping: null, discount: null, shippingAddress: null, buyerId: null, flags: ['ADDRESS_INCOMPLETE'] });
    });

    it('then something that is not an order at all is quarantined without an id', () => {
      const source: AeOrderSource = { detail: 'oops' };
      expect(mapOrder(source)).toMatchObject({ ok: false, externalId: null });
    });
  });
});

describe('AliExpress money objects', () => {
  it('given SimpleMoney, GlobalMoneyStr, amount_str and cents only then each reads as the same exact decimal', () => {
    expect(readMoney({ amount: '12.50', currency_code: 'usd' }, 'm')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(readMoney({ amount_str: '12.50', currency_code: 'USD' }, 'm')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(readMoney({ cent: 1250, cent_factor: 100, currency: { currency_code: 'USD' } }, 'm')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(readMoney({ cent: 1250, cent_factor: 1, currency_code: 'JPY' }, 'm')).toEqual({ amount: '1250', currency: 'JPY' });
    expect(readMoney(null, 'm')).toBeNull();
    expect(readMoney({}, 'm')).toBeNull();
  });

  it('given an amount without currency or a currency without amount then it is refused', () => {
    expect(() => readMoney({ amount: '1.00' }, 'pay_amount')).toThrow(/pay_amount has no ISO currency/);
    expect(() => readMoney({ currency_code: 'USD' }, 'pay_amount')).toThrow(/no decimal amount/);
  });

  it('given sums that floats get wrong then the decimals are exact', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['4590.00', '-4590.00'])).toBe('0.00');
    expect(compareAmounts('12.5', '12.50')).toBe(0);
  });
});

describe('AliExpress products as product.info.get shows them', () => {
  const info: Raw = (unwrap(fixture('product-info-two-skus'), 'aliexpress.solution.product.info.get', 'listings') as Raw).result;

  it('given a product with two SKUs then each SKU reads with its code, stock, price, discount and attributes', () => {
    expect(productSkus(info).map((s) => [s.skuCode, s.stock, s.price, s.discountPrice])).toEqual([
      ['SUIT-001-BLK-50', 17, '25.90', '22.90'],
      ['SUIT-001-BLK-52', 0, '25.90', null],
    ]);
    expect(keptSku(productSkus(info)[1])).toEqual({
      sku_code: 'SUIT-001-BLK-52',
      price: '25.90',
      inventory: 0,
      sku_attributes_list: [{ sku_attribute_name_id: 14, sku_attribute_value_id: 193 }, { sku_attribute_name_id: 5, sku_attribute_value_id: 361387, sku_attribute_value: '52' }],
    });
  });

  it('given a listing ref then the remote listing is its SKU on a product on sale', () => {
    const ref = { sku: 'SUIT-001-BLK-50', itemId: '1005006543210987' };
    expect(remoteListing(info, ref)).toEqual({ ref: { ...ref, skuId: '14:193;5:361386' }, quantity: 17, price: '25.90', salePrice: '22.90', active: true });
    expect(remoteListing({ ...info, product_status_type: 'offline' }, ref)?.active).toBe(false);
    expect(remoteListing(info, { sku: 'NOT-THERE', itemId: '1005006543210987' })).toBeNull();
  });
});
