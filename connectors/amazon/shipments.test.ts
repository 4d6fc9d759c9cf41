import { PermanentError } from '../sdk/errors';
import type { ShipmentPush } from '../sdk/types';
import { amazonConnector } from './index';
import type { OrderShipView } from './mapping';
import { carrierFields, confirmShipmentBody, packageReferenceId, parcelItems } from './shipments';

const order: OrderShipView = {
  orderId: '113-4000001-0000001',
  marketplaceId: 'ATVPDKIKX0DER',
  fulfilledByAmazon: false,
  status: 'PARTIALLY_SHIPPED',
  items: [
    { id: '00000000001001', ordered: 2, left: 1 },
    { id: '00000000001002', ordered: 1, left: 1 },
    { id: '00000000001003', ordered: 1, left: 0 },
  ],
  packages: [{ referenceId: '1', tracking: '1ZFIRST' }],
};
const push = (p: Partial<ShipmentPush>): ShipmentPush => ({ orderExternalId: order.orderId, carrier: 'UPS', trackingNumber: '1Z999AA10123456784', shippedAt: new Date('2026-01-15T08:00:00Z'), ...p });

describe('Amazon confirmShipment', () => {
  it('given our parcel number then the package reference is its digits (positive and numeric, as the model takes it), the same on every attempt', () => {
    expect(packageReferenceId('SH-000042', '1Z')).toBe('42');
    expect(packageReferenceId('SH-000042', 'OTHER')).toBe('42');
    const derived = packageReferenceId(undefined, '1Z999AA10123456784');
    expect(derived).toMatch(/^[1-9]\d*$/);
    // The tracking number as compared (spaces and case aside) gives the same reference.
    expect(packageReferenceId(undefined, '1z999aa1 0123456784')).toBe(derived);
    expect(packageReferenceId(undefined, '1Z999AA10123456785')).not.toBe(derived);
    expect(packageReferenceId('PARCEL-X', 'T')).toMatch(/^[1-9]\d*$/);
  });

  it('given a carrier then a code on Amazon’s list goes as it is (aliases included), anything else as Other with its name', () => {
    expect(carrierFields(push({ carrier: 'UPS' }))).toEqual({ carrierCode: 'UPS' });
    expect(carrierFields(push({ carrier: 'ヤマト運輸' }))).toEqual({ carrierCode: 'Yamato Transport' });
    expect(carrierFields(push({ carrier: '顺丰' }))).toEqual({ carrierCode: 'SF Express' });
    expect(carrierFields(push({ carrier: 'Speedy Couriers Ltd' }))).toEqual({ carrierCode: 'Other', carrierName: 'Speedy Couriers Ltd' });
    expect(carrierFields(push({ carrier: 'Other', carrierName: '中通快递' }))).toEqual({ carrierCode: 'Other', carrierName: '中通快递' });
    expect(() => carrierFields(push({ carrier: 'Other' }))).toThrow(PermanentError);
    // The module declares the list, open: a table may map to a code not on it.
    expect(amazonConnector.carriers?.closed).toBe(false);
    expect(amazonConnector.carriers?.known.map((c) => c.code)).toEqual(expect.arrayContaining(['UPS', 'USPS', 'FedEx', 'DHL', 'Royal Mail', 'Deutsche Post', 'Yamato Transport', 'Japan Post', 'Other']));
  });

  it('given the parcel’s lines, line ids or nothing then its items carry the units given, else what is left to ship', () => {
    expect(parcelItems(push({ lines: [{ externalLineId: '00000000001001', quantity: 1 }, { externalLineId: '00000000001001', quantity: 0 + 1 }] }), order)).toEqual([{ orderItemId: '00000000001001', quantity: 2 }]);
    expect(parcelItems(push({ externalLineIds: ['00000000001002'] }), order)).toEqual([{ orderItemId: '00000000001002', quantity: 1 }]);
    expect(parcelItems(push({}), order)).toEqual([
      { orderItemId: '00000000001001', quantity: 1 },
      { orderItemId: '00000000001002', quantity: 1 },
    ]);
    expect(() => parcelItems(push({ lines: [{ externalLineId: 'NOPE', quantity: 1 }] }), order)).toThrow(/no item NOPE/);
    expect(() => parcelItems(push({ lines: [{ externalLineId: '00000000001001', quantity: 0 }] }), order)).toThrow(/not a number of units/);
    expect(parcelItems(push({ externalLineIds: ['00000000001003'] }), order)).toEqual([]);
  });

  it('given everything then the body is ConfirmShipmentRequest as the model writes it', () => {
    expect(
      confirmShipmentBody({ marketplaceId: 'ATVPDKIKX0DER', packageReferenceId: '42', carrier: { carrierCode: 'UPS' }, shippingMethod: ' Ground ', trackingNumber: '1Z999AA10123456784', shipDate: new Date('2026-01-15T08:00:00Z'), items: [{ orderItemId: '05015851154158', quantity: 1 }] }),
    ).toEqual({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: { packageReferenceId: '42', carrierCode: 'UPS', shippingMethod: 'Ground', trackingNumber: '1Z999AA10123456784', shipDate: '2026-01-15T08:00:00.000Z', orderItems: [{ orderItemId: '05015851154158', quantity: 1 }] },
    });
    const other = confirmShipmentBody({ marketplaceId: 'A1VC38T7YXB528', packageReferenceId: '7', carrier: { carrierCode: 'Other', carrierName: '西濃運輸' }, shippingMethod: null, trackingNumber: 'J1', shipDate: new Date(0), items: [] }) as { packageDetail: Record<string, unknown> };
    expect(other.packageDetail).toMatchObject({ carrierCode: 'Other', carrierName: '西濃運輸' });
    expect(other.packageDetail.shippingMethod).toBeUndefined();
  });
});
