import { AuthFailedError, PermanentError, RateLimitedError, RetryableError } from '../sdk/errors';
import { classify__Name__Response } from './errors';
import { orderIdOf, orderObject, returnIdOf, returnObject } from './fixtures/orders';
import { mapOrder, mapReturn } from './mapping';

describe('__Name__ mapping', () => {
  it('given a paid order when it is mapped then ids are strings and amounts stay decimal strings', () => {
    const pulled = mapOrder(orderObject(7, ['SKU-A', 'SKU-B'], { unitPrice: '0.10' }));
    if (!pulled.ok) throw new Error(pulled.error);
    expect(pulled.order).toMatchObject({ externalId: orderIdOf(7), status: 'PAID', marketplaceStatus: 'AWAITING_SHIPMENT', currency: 'USD', flags: [] });
    expect(pulled.order.lines.map((l) => [l.externalLineId, l.sku, l.unitPrice])).toEqual([
      [`${orderIdOf(7)}-1`, 'SKU-A', '0.10'],
      [`${orderIdOf(7)}-2`, 'SKU-B', '0.10'],
    ]);
  });

  it('given an order on hold without a street when it is mapped then it carries both flags', () => {
    const raw = { ...orderObject(1, ['SKU-A']), onHold: true, shippingAddress: { name: 'A', countryCode: 'US' } };
    const pulled = mapOrder(raw);
    expect(pulled.ok && pulled.order.flags).toEqual(['DO_NOT_SHIP', 'ADDRESS_INCOMPLETE']);
  });

  it('given an order the marketplace froze and ships itself when it is mapped then it is FROZEN and fulfilled by the marketplace', () => {
    const pulled = mapOrder({ ...orderObject(5, ['SKU-A']), frozen: true, fulfilledBy: 'MARKETPLACE', marketplaceId: 'US' });
    expect(pulled.ok && pulled.order).toMatchObject({ flags: ['FROZEN'], fulfilledBy: 'MARKETPLACE', marketplaceId: 'US' });
    expect(mapOrder(orderObject(6, ['SKU-A']))).toMatchObject({ ok: true, order: { fulfilledBy: 'MERCHANT', marketplaceId: null } });
  });

  it('given an order without lines, or with a status we do not know, when it is mapped then it is quarantined with its raw body', () => {
    const noLines = orderObject(2, ['SKU-A']);
    delete noLines.lines;
    for (const raw of [noLines, { ...orderObject(3, ['SKU-A']), status: 'LOST_IN_SPACE' }, { ...orderObject(4, ['SKU-A']), shippingFee: 4.99 }]) {
      const pulled = mapOrder(raw);
      expect(pulled).toMatchObject({ ok: false, externalId: raw.id, raw });
    }
  });
});

describe('__Name__ returns mapping', () => {
  it('given a refund asked for on a line when it is mapped then it keeps its ids, amount and status', () => {
    const mapped = mapReturn(returnObject(3, orderIdOf(9), `${orderIdOf(9)}-1`, { amount: '12.30' }));
    if (!mapped.ok) throw new Error(mapped.error);
    expect(mapped.ret).toMatchObject({ externalId: returnIdOf(3), orderExternalId: orderIdOf(9), externalLineId: `${orderIdOf(9)}-1`, type: 'REFUND_ONLY', status: 'REQUESTED', amount: '12.30', currency: 'USD' });
  });

  it('given a return with a status we do not know when it is mapped then it is quarantined with its raw body', () => {
    const raw = { ...returnObject(4, orderIdOf(9), null), status: 'LOST' };
    expect(mapReturn(raw)).toMatchObject({ ok: false, externalId: returnIdOf(4), raw });
  });
});

describe('__Name__ errors', () => {
  const classify = (status: number, data: unknown) => classify__Name__Response({ status, headers: {}, data }, 'orders');

  it('given each kind of answer when it is classified then the class is what the engine needs', () => {
    expect(classify(200, { orders: [] })).toBeUndefined();
    expect(classify(401, { error: { code: 'token_expired', message: 'expired' } })).toBeInstanceOf(AuthFailedError);
    expect(classify(400, { error: 'invalid_grant', error_description: 'The refresh token has expired' })).toMatchObject({ kind: 'AUTH_FAILED', code: 'invalid_grant', message: 'The refresh token has expired' });
    expect(classify(429, { error: { code: 'rate_limited', retryAfterSeconds: 2 } })).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 2000 });
    expect(classify(200, { error: { code: 'rate_limited' } })).toBeInstanceOf(RateLimitedError);
    expect(classify(503, '<html>Service Unavailable</html>')).toBeInstanceOf(RetryableError);
    expect(classify(200, '<html>proxy</html>')).toBeInstanceOf(RetryableError);
    expect(classify(404, { error: { code: 'order_not_found', message: 'No order 1' } })).toMatchObject({ kind: 'PERMANENT', code: 'order_not_found', message: 'No order 1' });
    expect(classify(409, null)).toBeInstanceOf(PermanentError);
  });
});
