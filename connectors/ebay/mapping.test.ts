import fs from 'node:fs';
import path from 'node:path';
import { parseJsonExact } from '../sdk/exact-json';
import type { OrderDto, PulledOrder } from '../sdk/types';
import { cancelRequested, fulfillmentsOf, mapOrder, offerView, orderLines, remoteListing } from './mapping';
import { sumAmounts } from './money';

type Raw = Record<string, any>;

/** A fixture's text exactly as eBay sends it, parsed the way the HTTP helper parses answers. */
function text(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8');
}
const fixture = (name: string): Raw => parseJsonExact<Raw>(text(name));

function mapped(result: PulledOrder): OrderDto & { raw?: unknown } {
  if (!result.ok) throw new Error(`expected a mapped order, got: ${result.error}`);
  return result.order;
}

/** What the engine's intake makes of the order's money: subtotal + shipping − discount + tax, in cents. */
function intakeTotal(o: OrderDto): string {
  const cents = (v: string | null | undefined) => Math.round(Number(v ?? '0') * 100);
  const sub = o.lines.reduce((n, l) => n + l.quantity * cents(l.unitPrice) - cents(l.discount), 0);
  return ((sub + cents(o.shipping) - cents(o.discount) + cents(o.tax)) / 100).toFixed(2);
}

describe('eBay order mapping', () => {
  describe('given a paid two-line US order as getOrders lists it', () => {
    const order = mapped(mapOrder(fixture('order-paid-multiline'), { sites: ['EBAY_US', 'EBAY_DE'] }));

    it('then it is PAID on EBAY_US, with eBay’s own words and its times to the millisecond', () => {
      expect(order).toMatchObject({ externalId: '12-11502-82349', status: 'PAID', marketplaceStatus: 'NOT_STARTED / PAID', flags: [], marketplaceId: 'EBAY_US', currency: 'USD', fulfilledBy: 'MERCHANT' });
      expect(order.placedAt!.toISOString()).toBe('2026-01-14T18:03:27.000Z');
      expect(order.paidAt!.toISOString()).toBe('2026-01-14T18:03:31.000Z');
      expect(order.modifiedAt.toISOString()).toBe('2026-01-14T18:05:41.512Z');
    });

    it('then each line has its id, SKU, units and unit price from lineItemCost ÷ quantity', () => {
      expect(order.lines.map((l) => [l.externalLineId, l.sku, l.quantity, l.unitPrice, l.discount, l.paid, l.status])).toEqual([
        ['10036542210001', 'SUIT-001-BLK-50', 2, '25.90', null, '51.80', 'NOT_STARTED'],
        ['10036542210002', 'TIE-003-NAVY', 1, '12.50', null, '12.50', 'NOT_STARTED'],
      ]);
    });

    it('then money is eBay’s strings with the currency: shipping, tax and the total add up to the cent', () => {
      expect([order.shipping, order.tax, order.discount, order.paidTotal]).toEqual(['5.99', '5.84', '0.00', '76.13']);
      expect(intakeTotal(order)).toBe('76.13');
    });

    it('then the buyer and the address are as written, the checkout note is the buyer’s message', () => {
      expect(order.buyerId).toBe('emily.carter_2019');
      expect(order.buyer).toEqual({ name: 'Emily Carter', nickname: 'emily.carter_2019', email: '0a1b2c3d4e5f6a7b8c9d@members.ebay.com', phone: '4085550123' });
      expect(order.shippingAddress).toEqual({
        name: 'Emily Carter',
        phone: '4085550123',
        country: 'US',
        province: 'CA',
        city: 'San Jose',
        district: null,
        address1: '1450 N 1st Street',
        address2: 'Apt 12B',
        postalCode: '95112',
      });
      expect(order.buyerMessage).toBe('Please pack carefully, it is a gift');
    });

    it('then fields the connector does not read stay in the raw body', () => {
      const raw = JSON.stringify(order.raw);
      expect(raw).toContain('futureEbayField');
      expect(raw).toContain('kept as eBay sent it');
      expect(raw).toContain('STATE_SALES_TAX');
    });
  });

  it('given a line id beyond 2^53 written as a bare number then it arrives digit for digit, and non-Latin text is kept', () => {
    // Through JSON.parse 9223372036854775806 becomes 9223372036854775808.
    expect(text('order-de-umlauts')).toContain('"lineItemId": 9223372036854775806');
    const order = mapped(mapOrder(fixture('order-de-umlauts'), { sites: ['EBAY_US', 'EBAY_DE'] }));
    expect(order.lines[0].externalLineId).toBe('9223372036854775806');
    expect(order.lines[0]).toMatchObject({ sku: 'MANTEL-GRÜN-52', title: 'Herrenmantel aus Schurwolle, Grün – 紳士コート', unitPrice: '149.90' });
    expect(order.buyerId).toBe('jürgen_weiß_78');
  });

  it('given a German order then it is in EUR on EBAY_DE with the umlauts of its address kept', () => {
    const order = mapped(mapOrder(fixture('order-de-umlauts'), { sites: ['EBAY_US', 'EBAY_DE'] }));
    expect(order).toMatchObject({ status: 'PAID', currency: 'EUR', marketplaceId: 'EBAY_DE', paidTotal: '154.80', shipping: '4.90' });
    expect(order.shippingAddress).toEqual({
      name: 'Jürgen Weiß',
      phone: '+49 89 1234567',
      country: 'DE',
      province: 'Bayern',
      city: 'München',
      district: null,
      address1: 'Königstraße 12',
      address2: 'Hinterhaus, 3. OG',
      postalCode: '80331',
    });
    // The buyer's own currency (convertedFrom…) is not the order's.
    expect(JSON.stringify(order.lines)).not.toContain('GBP');
  });

  it('given an order partly fulfilled then it is PARTIALLY_SHIPPED, its lines say which, and the company stays beside the name', () => {
    const order = mapped(mapOrder(fixture('order-partially-fulfilled'), { sites: ['EBAY_GB'] }));
    expect(order).toMatchObject({ status: 'PARTIALLY_SHIPPED', marketplaceStatus: 'IN_PROGRESS / PAID', currency: 'GBP', marketplaceId: 'EBAY_GB' });
    expect(order.lines.map((l) => [l.externalLineId, l.quantity, l.unitPrice, l.status])).toEqual([
      ['10036542220001', 3, '20.00', 'FULFILLED'],
      ['10036542220002', 1, '30.00', 'NOT_STARTED'],
    ]);
    expect(order.shippingAddress).toMatchObject({ name: 'Mario Rossi, Rossi Sartoria Ltd', phone: '+44 20 7946 0958', country: 'GB', postalCode: 'NW1 6XE' });
  });

  it('given an order eBay cancelled (and refunded) then it is CANCELLED, cancellation first in the table, with no flag', () => {
    const order = mapped(mapOrder(fixture('order-cancelled')));
    expect(order).toMatchObject({ status: 'CANCELLED', marketplaceStatus: 'NOT_STARTED / FULLY_REFUNDED / cancel CANCELED', flags: [] });
    // No shipping step: nothing to flag as an incomplete address.
    expect(order.shippingAddress).toBeNull();
  });

  it('given a fully refunded order that was not cancelled then it is REFUNDED', () => {
    const o = fixture('order-cancelled');
    o.cancelStatus = { cancelState: 'NONE_REQUESTED', cancelRequests: [] };
    o.orderFulfillmentStatus = 'FULFILLED';
    expect(mapped(mapOrder(o)).status).toBe('REFUNDED');
  });

  it.each([
    ['PENDING', 'PENDING_PAYMENT'],
    ['FAILED', 'PENDING_PAYMENT'],
    ['PAID', 'PAID'],
  ])('given orderPaymentStatus %s on an order not started then it is %s', (payment, unified) => {
    const o = fixture('order-paid-multiline');
    o.orderPaymentStatus = payment;
    expect(mapped(mapOrder(o)).status).toBe(unified);
  });

  it('given a buyer’s cancellation request still open then the order keeps its status and is flagged for customer service', () => {
    const order = mapped(mapOrder(fixture('order-cancel-requested')));
    expect(order).toMatchObject({ status: 'PAID', marketplaceStatus: 'NOT_STARTED / PAID / cancel IN_PROGRESS', flags: ['CANCEL_REQUESTED'] });
    // getOrder fills cancelRequests; getOrders sends them empty: cancelState alone raises the flag there.
    const listed = fixture('order-cancel-requested');
    listed.cancelStatus.cancelRequests = [];
    expect(mapped(mapOrder(listed)).flags).toEqual(['CANCEL_REQUESTED']);
    // And a request alone, without the state: still open until eBay says it completed or was rejected.
    const requestOnly = fixture('order-cancel-requested');
    requestOnly.cancelStatus.cancelState = 'NONE_REQUESTED';
    expect(cancelRequested(requestOnly)).toBe(true);
    requestOnly.cancelStatus.cancelRequests[0].cancelRequestState = 'REJECTED';
    expect(cancelRequested(requestOnly)).toBe(false);
  });

  it('given a partial refund on a fulfilled order then it stays SHIPPED and the refund is on its line, with the promotion as the other line’s discount', () => {
    const order = mapped(mapOrder(fixture('order-partial-refund')));
    expect(order).toMatchObject({ status: 'SHIPPED', marketplaceStatus: 'FULFILLED / PARTIALLY_REFUNDED', flags: [] });
    const [socks, gloves] = order.lines;
    expect(socks.refund).toEqual({ status: 'REFUNDED', marketplaceStatus: 'REFUNDED', quantity: null, amount: '10.00' });
    expect(gloves).toMatchObject({ unitPrice: '50.00', discount: '7.00', paid: '43.00', refund: null });
    // The delivery discount is the order's; the item discount is already on its line.
    expect([order.shipping, order.discount, order.paidTotal]).toEqual(['6.00', '6.00', '63.00']);
    expect(intakeTotal(order)).toBe('63.00');
  });

  it('given a refund covering a whole line then its units are refunded too', () => {
    const o = fixture('order-partial-refund');
    o.lineItems[0].refunds[0].amount.value = '20.00';
    expect(mapped(mapOrder(o)).lines[0].refund).toMatchObject({ quantity: 2, amount: '20.00' });
  });

  it('given an order with neither an order nor line fulfilment state eBay names then it is quarantined with its raw body', () => {
    const o = fixture('order-paid-multiline');
    o.orderFulfillmentStatus = 'SOMETHING_NEW';
    o.lineItems[0].lineItemFulfillmentStatus = 'SOMETHING_NEW';
    const r = mapOrder(o);
    expect(r).toMatchObject({ ok: false, externalId: '12-11502-82349' });
    expect(!r.ok && r.error).toMatch(/unknown order status/);
    expect(!r.ok && JSON.stringify(r.raw)).toContain('futureEbayField');
  });

  it('given an unknown order state but known line states then the lines decide', () => {
    const o = fixture('order-partially-fulfilled');
    delete o.orderFulfillmentStatus;
    expect(mapped(mapOrder(o)).status).toBe('PARTIALLY_SHIPPED');
  });

  it.each([
    ['no lineItems', (o: Raw) => (o.lineItems = []), /no lineItems/],
    ['no orderId', (o: Raw) => delete o.orderId && delete o.legacyOrderId, /orderId is missing/],
    ['a line without an amount', (o: Raw) => delete o.lineItems[1].lineItemCost, /lineItemCost/],
    ['an amount that is not a number', (o: Raw) => (o.pricingSummary.total.value = 'seventy'), /pricingSummary.total.value/],
    ['a line in another currency', (o: Raw) => (o.lineItems[0].lineItemCost.currency = 'EUR'), /in EUR, the order in USD/],
    ['a quantity of zero', (o: Raw) => (o.lineItems[0].quantity = 0), /quantity/],
    ['no times at all', (o: Raw) => delete o.lastModifiedDate && delete o.creationDate, /lastModifiedDate/],
  ])('given %s then the order is quarantined, not the page', (_what, change, why) => {
    const o = fixture('order-paid-multiline');
    change(o);
    const r = mapOrder(o);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(why);
    expect(!r.ok && r.raw).toBe(o);
  });

  it('given a line id that lost its digits in parsing then the order is quarantined rather than imported under a wrong id', () => {
    const o = JSON.parse(text('order-de-umlauts'));
    const r = mapOrder(o);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/lineItemId/);
  });

  it('given a paid order without an address line then it is flagged ADDRESS_INCOMPLETE', () => {
    const o = fixture('order-paid-multiline');
    delete o.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.addressLine1;
    expect(mapped(mapOrder(o)).flags).toEqual(['ADDRESS_INCOMPLETE']);
  });

  it('given a line without a SKU (listed outside the Inventory API) then it names the eBay item so staff can map it', () => {
    const o = fixture('order-paid-multiline');
    delete o.lineItems[0].sku;
    expect(mapped(mapOrder(o)).lines[0].sku).toBe('EBAY:110554387483:410032217751');
  });

  it('given a purchase on a site the channel does not cover then the listing site the channel covers is the order’s', () => {
    const o = fixture('order-de-umlauts');
    o.lineItems[0].purchaseMarketplaceId = 'EBAY_AT';
    expect(mapped(mapOrder(o, { sites: ['EBAY_DE'] })).marketplaceId).toBe('EBAY_DE');
    expect(mapped(mapOrder(o)).marketplaceId).toBe('EBAY_AT');
  });

  it('then the money of the fixtures is consistent (a check of the fixtures themselves)', () => {
    const o = fixture('order-paid-multiline');
    expect(sumAmounts([o.pricingSummary.priceSubtotal.value, o.pricingSummary.deliveryCost.value, o.pricingSummary.tax.value])).toBe(o.pricingSummary.total.value);
  });
});

describe('eBay shipments and listings as read', () => {
  it('given an order then its lines with units are what a parcel without lines carries', () => {
    expect(orderLines(fixture('order-paid-multiline'))).toEqual([
      { id: '10036542210001', quantity: 2, status: 'NOT_STARTED' },
      { id: '10036542210002', quantity: 1, status: 'NOT_STARTED' },
    ]);
  });

  it('given getShippingFulfillments then each fulfillment has its tracking number (as compared) and units per line', () => {
    const list = [
      { fulfillmentId: '9405509699937003457459', shipmentTrackingNumber: '9405 5096 9993 7003 4574 59', shippingCarrierCode: 'USPS', lineItems: [{ lineItemId: '10036542210001', quantity: 1 }] },
      { fulfillmentId: 'x2', shipmentTrackingNumber: 'ab123', lineItems: [{ lineItemId: '10036542210001', quantity: 1 }, { lineItemId: '10036542210002', quantity: 1 }] },
    ];
    expect(fulfillmentsOf(list).map((f) => [f.id, f.tracking, [...f.units]])).toEqual([
      ['9405509699937003457459', '9405509699937003457459', [['10036542210001', 1]]],
      ['x2', 'AB123', [['10036542210001', 1], ['10036542210002', 1]]],
    ]);
  });

  it('given the offers of a SKU on two sites then the listing reads the first site’s price, the smaller quantity, live while one offer is', () => {
    const offers = [
      { offerId: '7002', sku: 'S1', marketplaceId: 'EBAY_DE', format: 'FIXED_PRICE', status: 'PUBLISHED', availableQuantity: 4, pricingSummary: { price: { value: '21.90', currency: 'EUR' } }, listing: { listingId: '395800000002', listingStatus: 'ACTIVE' } },
      { offerId: '7001', sku: 'S1', marketplaceId: 'EBAY_US', format: 'FIXED_PRICE', status: 'UNPUBLISHED', availableQuantity: 9, pricingSummary: { price: { value: '23.50', currency: 'USD' } } },
    ].map((o) => offerView(o)!);
    const item = { sku: 'S1', availability: { shipToLocationAvailability: { quantity: 6 } } };
    const ref = { sku: 'S1', itemId: '395800000001', extra: {} };
    expect(remoteListing(ref, item, offers, ['EBAY_US', 'EBAY_DE'])).toEqual({ ref, quantity: 6, price: '23.50', active: true });
    expect(remoteListing(ref, item, offers.filter((o) => o.marketplaceId === 'EBAY_US'), ['EBAY_US', 'EBAY_DE'])).toMatchObject({ active: false });
    expect(remoteListing(ref, null, [], ['EBAY_US'])).toBeNull();
  });
});
