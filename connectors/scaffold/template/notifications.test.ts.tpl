import { __NAME__Notifications, readNotification, SIGNATURE_HEADER, signNotification } from './notifications';

describe('__Name__ push messages', () => {
  const credentials = { shopId: '1001', notificationSecret: 'ns_test' };
  const now = new Date();
  const body = Buffer.from(JSON.stringify({ shopId: '1001', events: [{ type: 'order.updated', orderId: '7300000000000000042' }, { type: 'return.updated', returnId: '74' }, { type: 'listing.updated', listingId: '9' }] }));
  const receive = (b: Buffer, signature: string | undefined, c: Record<string, string> = credentials) =>
    __NAME__Notifications.receive({ body: b, headers: signature === undefined ? {} : { [SIGNATURE_HEADER]: signature } }, { credentials: c, settings: {}, now });

  it('given a message signed with the shop’s secret when it is received then it names the order and the return to pull', async () => {
    expect(await receive(body, signNotification('ns_test', body))).toEqual({
      accepted: true,
      refs: [
        { type: 'ORDER', externalId: '7300000000000000042' },
        { type: 'RETURN', externalId: '74' },
      ],
    });
  });

  it('given another secret, no signature, other bytes or another shop when it is received then it is refused', async () => {
    expect(await receive(body, signNotification('other', body))).toMatchObject({ accepted: false });
    expect(await receive(body, undefined)).toMatchObject({ accepted: false });
    const respaced = Buffer.from(body.toString('utf8').replace('{', '{ '));
    expect(await receive(respaced, signNotification('ns_test', body))).toMatchObject({ accepted: false });
    expect(await receive(body, signNotification('ns_test', body), { ...credentials, shopId: '2002' })).toMatchObject({ accepted: false, reason: expect.stringContaining('another shop') });
    expect(await receive(body, signNotification('ns_test', body), { shopId: '1001' })).toMatchObject({ accepted: false });
  });

  it('given an order id beyond 2^53 when it is read then it stays exact', () => {
    const big = Buffer.from('{"shopId":1001,"events":[{"type":"order.updated","orderId":7300000000000000042}]}');
    expect(readNotification(big)).toEqual({ shopId: '1001', refs: [{ type: 'ORDER', externalId: '7300000000000000042' }] });
  });
});
