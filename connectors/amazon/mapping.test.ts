import { parseJsonExact } from '../sdk/exact-json';
import type { OrderDto, PulledOrder } from '../sdk/types';
import { amazonMalformedOrderJson, amazonOrderJson, fixtureText } from './fixtures/orders';
import { mapOrder, shipView } from './mapping';

/** A fixture read as the HTTP helper reads an answer (big integers kept as their digits). */
const fixture = (name: string) => parseJsonExact<Record<string, unknown>>(fixtureText(name));

function mapped(p: PulledOrder): OrderDto & { raw?: unknown } {
  if (!p.ok) throw new Error(`quarantined: ${p.error}`);
  return p.order;
}

describe('Amazon order mapping (Orders API v2026-01-01)', () => {
  it('given a merchant-fulfilled order partly shipped then it is PARTIALLY_SHIPPED with the grand total, the lines priced and the parcel on its line', () => {
    const o = mapped(mapOrder(fixture('order-mfn-partially-shipped.json'), { marketplaces: ['ATVPDKIKX0DER'] }));
    expect(o).toMatchObject({
      externalId: '123-4567890-1234567',
      status: 'PARTIALLY_SHIPPED',
      marketplaceStatus: 'PARTIALLY_SHIPPED',
      fulfilledBy: 'MERCHANT',
      marketplaceId: 'ATVPDKIKX0DER',
      currency: 'USD',
      paidTotal: '154.99',
      tax: '0.02',
      shipping: null,
      discount: '0.00',
      flags: [],
    });
    expect(o.modifiedAt.toISOString()).toBe('2024-12-25T14:45:00.000Z');
    expect(o.placedAt?.toISOString()).toBe('2024-12-25T10:30:00.000Z');
    expect(o.lines).toEqual([
      expect.objectContaining({ externalLineId: '12345678901234', sku: 'ECHO-DOT-4-CHARCOAL', quantity: 2, unitPrice: '49.99', paid: '99.98', discount: null, shipments: [{ quantity: 2, carrier: 'UPS', trackingNumber: '1Z999AA1234567890', shippedAt: new Date('2024-12-25T14:00:00Z') }] }),
      expect.objectContaining({ externalLineId: '12345678901235', sku: 'FIRE-TV-4K-2021', quantity: 1, unitPrice: '49.99', paid: '49.99', shipments: [] }),
    ]);
    expect(o.buyer).toEqual({ name: 'John Smith', nickname: null, email: 'buyer-email@marketplace.amazon.com', phone: null });
    expect(o.shippingAddress).toEqual({ name: 'John Smith, Smith Industries LLC', phone: '555-123-4567', country: 'US', province: 'WA', city: 'Seattle', district: 'King County', address1: '123 Main Street', address2: 'Suite 456', postalCode: '98101' });
  });

  it('given an Amazon-fulfilled order in Japan then it is fulfilled by the marketplace, in yen, with its Japanese text exact', () => {
    const o = mapped(mapOrder(fixture('order-afn-japan.json'), { marketplaces: ['A1VC38T7YXB528'] }));
    expect(o).toMatchObject({ status: 'SHIPPED', fulfilledBy: 'MARKETPLACE', currency: 'JPY', paidTotal: '19940', marketplaceId: 'A1VC38T7YXB528' });
    expect(o.marketplaceStatus).toBe('SHIPPED / AMAZON');
    expect(o.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.paid, l.title])).toEqual([
      ['ECHO-DOT-4-JP-CHARCOAL', 1, '5980', '5980', 'Echo Dot (第4世代) スマートスピーカー with Alexa チャコール'],
      ['FIRE-TV-4K-MAX-JP', 2, '6980', '13960', 'Fire TV Stick 4K Max ストリーミングデバイス'],
    ]);
    expect(o.shippingAddress).toEqual({ name: '山田 太郎', phone: '03-1234-5678', country: 'JP', province: '東京都', city: '渋谷区', district: null, address1: '神南1丁目2-3', address2: '渋谷ハイツ 405号室', postalCode: '150-0041' });
    // Amazon shipped it: the units left, parcel by parcel unknown (FBA orders carry no packages).
    expect(o.lines[1].shipments).toEqual([{ quantity: 2 }]);
  });

  it('given a cancelled order then it is CANCELLED, without a cancel-request flag, its lines kept', () => {
    const o = mapped(mapOrder(fixture('order-cancelled.json')));
    expect(o).toMatchObject({ status: 'CANCELLED', flags: [], currency: 'GBP', paidTotal: '0.00', marketplaceId: 'A1F83G8C2ARO7P' });
    expect(o.lines).toEqual([expect.objectContaining({ sku: 'ECHO-DOT-4-UK-CHARCOAL-SINGLE', quantity: 1, unitPrice: '34.99' })]);
    expect(o.shippingAddress).toBeNull();
    expect(o.buyer).toBeNull();
  });

  it('given a buyer cancellation request on an unshipped order then it stays PAID with the CANCEL_REQUESTED flag, and the discount is the line’s', () => {
    const o = mapped(mapOrder(fixture('order-cancel-requested.json')));
    expect(o).toMatchObject({ status: 'PAID', flags: ['CANCEL_REQUESTED'], currency: 'CAD', paidTotal: '68.97', shipping: '4.99', tax: '9.00', discount: '0.00' });
    expect(o.lines[0]).toMatchObject({ quantity: 2, unitPrice: '29.99', discount: '5.00', paid: '54.98', title: 'Tasse en céramique « Érable »' });
    expect(o.shippingAddress?.city).toBe('Montréal');
  });

  it('given fields Amazon adds later and numbers beyond 2^53 then they are kept exactly in raw and the amounts stay exact', () => {
    const text = fixtureText('order-unknown-fields.json');
    const o = mapped(mapOrder(parseJsonExact(text)));
    expect(o.lines[0]).toMatchObject({ externalLineId: '12345678901234567890', sku: 'TEA-SET-龙', title: '限定版 🐉 茶器セット — édition spéciale', unitPrice: '98765432109876.54', paid: '98765432109876.54' });
    expect(o.paidTotal).toBe('98765432109876.54');
    expect(o.modifiedAt.toISOString()).toBe('2026-03-10T14:30:00.123Z');
    const raw = o.raw as Record<string, any>;
    expect(raw.sustainabilityDisclosure).toEqual({ carbonNeutral: true, offsetTonnes: 0.000125, trackingSequence: '98765432109876543210' });
    expect(raw.salesChannel.storefrontVersion).toBe(3);
    expect(raw.orderItems[0].product.hologramId).toBe('H-1');
    expect(o.shippingAddress?.name).toBe('李雷');
  });

  it('given a seller without the PII role then the order comes clean: no buyer, the address without its personal parts, no address flag', () => {
    const o = mapped(mapOrder(fixture('order-no-pii.json')));
    expect(o).toMatchObject({ status: 'PAID', buyer: null, flags: [], paidTotal: '25.98' });
    expect(o.shippingAddress).toEqual({ name: null, phone: null, country: 'US', province: 'TX', city: 'Austin', district: null, address1: null, address2: null, postalCode: null });
    const incomplete = mapped(mapOrder({ ...fixture('order-no-pii.json'), recipient: { deliveryAddress: { name: 'Kim Lee', city: 'Austin', countryCode: 'US' } } }));
    expect(incomplete.flags).toEqual(['ADDRESS_INCOMPLETE']);
    expect(o.lines[0]).toMatchObject({ sku: 'NOTE-A5', quantity: 2, unitPrice: '12.99', shipments: [] });
  });

  it('given a pending order without proceeds then it waits for payment, in its marketplace’s currency, with no total yet', () => {
    const o = mapped(mapOrder(fixture('order-pending.json')));
    expect(o).toMatchObject({ status: 'PENDING_PAYMENT', currency: 'EUR', paidTotal: null, paidAt: null, discount: null });
    expect(o.lines[0]).toMatchObject({ sku: 'UHR-M', unitPrice: '0.00', paid: null, title: 'Wanduhr „Schwarzwald“ – Größe M' });
  });

  it('given the fulfilment statuses of the model (and v0’s spellings) then each maps by the table, UNFULFILLABLE with DO_NOT_SHIP', () => {
    const base = parseJsonExact<Record<string, any>>(amazonOrderJson(1, ['A']));
    const cases: [string, string][] = [
      ['PENDING_AVAILABILITY', 'PENDING_PAYMENT'],
      ['PENDING', 'PENDING_PAYMENT'],
      ['UNSHIPPED', 'PAID'],
      ['PARTIALLY_SHIPPED', 'PARTIALLY_SHIPPED'],
      ['SHIPPED', 'SHIPPED'],
      ['CANCELLED', 'CANCELLED'],
      ['UNFULFILLABLE', 'CANCELLED'],
      ['PartiallyShipped', 'PARTIALLY_SHIPPED'],
      ['Canceled', 'CANCELLED'],
      ['InvoiceUnconfirmed', 'SHIPPED'],
    ];
    for (const [said, unified] of cases) {
      const o = mapped(mapOrder({ ...base, fulfillment: { ...base.fulfillment, fulfillmentStatus: said } }));
      expect({ said, status: o.status }).toEqual({ said, status: unified });
    }
    expect(mapped(mapOrder({ ...base, fulfillment: { fulfillmentStatus: 'UNFULFILLABLE', fulfilledBy: 'AMAZON' } })).flags).toEqual(['DO_NOT_SHIP']);
  });

  it('given orders it cannot represent then each is quarantined with its raw body and why', () => {
    const unreadable = parseJsonExact(amazonMalformedOrderJson(7));
    expect(mapOrder(unreadable)).toMatchObject({ ok: false, externalId: '113-4000007-0000007', error: expect.stringContaining('proceeds.grandTotal.amount'), raw: unreadable });
    const base = parseJsonExact<Record<string, any>>(amazonOrderJson(2, ['A']));
    expect(mapOrder({ ...base, fulfillment: { fulfillmentStatus: 'TELEPORTED' } })).toMatchObject({ ok: false, error: expect.stringContaining('TELEPORTED') });
    expect(mapOrder({ ...base, proceeds: { grandTotal: { amount: 'twelve', currencyCode: 'USD' } } })).toMatchObject({ ok: false, error: expect.stringContaining('grandTotal') });
    expect(mapOrder({ ...base, proceeds: { grandTotal: { amount: '1.00', currencyCode: 'EUR' } } })).toMatchObject({ ok: false, error: expect.stringContaining('EUR') });
    expect(mapOrder({ ...base, lastUpdatedTime: 'yesterday', createdTime: undefined })).toMatchObject({ ok: false, error: expect.stringContaining('lastUpdatedTime') });
    expect(mapOrder({ ...base, orderItems: [] })).toMatchObject({ ok: false, error: 'the order has no orderItems' });
    expect(mapOrder('not an order')).toMatchObject({ ok: false, externalId: null });
  });

  it('given an order as a shipment reads it then it sees each item’s units left and the parcels sent', () => {
    const view = shipView(fixture('order-mfn-partially-shipped.json'))!;
    expect(view).toEqual({
      orderId: '123-4567890-1234567',
      marketplaceId: 'ATVPDKIKX0DER',
      fulfilledByAmazon: false,
      status: 'PARTIALLY_SHIPPED',
      items: [
        { id: '12345678901234', ordered: 2, left: 0 },
        { id: '12345678901235', ordered: 1, left: 1 },
      ],
      packages: [{ referenceId: '1', tracking: '1Z999AA1234567890' }],
    });
    expect(shipView(fixture('order-afn-japan.json'))!.fulfilledByAmazon).toBe(true);
  });
});
