import { MethodFields } from './method-fields';

/** Per-method field sets and default filters, as simulators share them. */

const TABLE = new MethodFields({
  'trades.increment': {
    returns: ['tid', 'status', 'has_buyer_message', 'orders.oid', 'orders.title'],
    defaultParams: { type: 'fixed,auction' },
  },
  'trade.fullinfo': { returns: ['tid', 'status', 'buyer_message', 'orders'], defaultFields: ['tid', 'status'] },
});

const TRADE = { tid: 1, status: 'PAID', type: 'fixed', buyer_message: '快点', has_buyer_message: true, orders: { order: [{ oid: 11, title: 'T', price: '9.00' }] } };

describe('MethodFields', () => {
  it('given fields the method does not return when a call asks for them then they are left out', () => {
    const sel = TABLE.select('trades.increment', 'tid,buyer_message,has_buyer_message,orders.title,orders.price');
    expect(TABLE.project(TRADE, sel)).toEqual({ tid: 1, has_buyer_message: true, orders: { order: [{ title: 'T' }] } });
  });

  it('given a list the method returns only field by field when asked for whole then each element has those fields', () => {
    expect(TABLE.project(TRADE, TABLE.select('trades.increment', 'orders'))).toEqual({ orders: { order: [{ oid: 11, title: 'T' }] } });
    expect(TABLE.project({ orders: [{ oid: 2, price: '1' }] }, TABLE.select('trades.increment', 'orders.oid'))).toEqual({ orders: [{ oid: 2 }] });
  });

  it('given no fields when the method has defaults then they are used, and without defaults it is refused', () => {
    expect(TABLE.project(TRADE, TABLE.select('trade.fullinfo', ''))).toEqual({ tid: 1, status: 'PAID' });
    expect(() => TABLE.select('trades.increment', undefined)).toThrow(/needs fields/);
    expect(TABLE.project(TRADE, TABLE.all('trade.fullinfo'))).toEqual({ tid: 1, status: 'PAID', buyer_message: '快点', orders: TRADE.orders });
  });

  it('given a filter left out when the method has a default then the default filters', () => {
    const params = TABLE.withDefaults('trades.increment', { page_no: '1' });
    expect(params).toEqual({ page_no: '1', type: 'fixed,auction' });
    expect(TABLE.withDefaults('trades.increment', { type: 'step' }).type).toBe('step');
    expect(['fixed', 'step', 'auction'].filter((t) => MethodFields.inList(params.type, t))).toEqual(['fixed', 'auction']);
    expect(MethodFields.inList(undefined, 'anything')).toBe(true);
  });

  it('given a method without a table entry then it says so', () => {
    expect(() => TABLE.select('trades.sold.get', 'tid')).toThrow(/no field set for trades.sold.get/);
  });
});
