import { sendType } from './index';

/** An order.info.get `data` with lines of these units and statuses. */
const order = (status: string, lines: [string, number, string | null][]) => ({
  id: 3061234567890123,
  order_status: status,
  child_order_list: lines.map(([id, count, own]) => ({ id, product_count: count, ...(own ? { order_status: own } : {}) })),
});

describe('AliExpress send_type for a parcel', () => {
  const twoLines = order('WAIT_SELLER_SEND_GOODS', [['L1', 1, 'WAIT_SELLER_SEND_GOODS'], ['L2', 2, 'WAIT_SELLER_SEND_GOODS']]);

  it('given a parcel with every unit (no lines) then it is all', () => {
    expect(sendType(twoLines, {})).toBe('all');
  });

  it('given one line of two then it is part', () => {
    expect(sendType(twoLines, { externalLineIds: ['L1'] })).toBe('part');
    expect(sendType(twoLines, { lines: [{ externalLineId: 'L2', quantity: 2 }] })).toBe('part');
  });

  it('given every line with all its units then it is all', () => {
    expect(sendType(twoLines, { lines: [{ externalLineId: 'L1', quantity: 1 }, { externalLineId: 'L2', quantity: 2 }] })).toBe('all');
  });

  it('given one unit of a two-unit line then it is part, and the second unit later is all', () => {
    expect(sendType(order('WAIT_SELLER_SEND_GOODS', [['L2', 2, 'WAIT_SELLER_SEND_GOODS']]), { lines: [{ externalLineId: 'L2', quantity: 1 }] })).toBe('part');
    expect(sendType(order('SELLER_PART_SEND_GOODS', [['L2', 2, 'SELLER_PART_SEND_GOODS']]), { lines: [{ externalLineId: 'L2', quantity: 1 }] })).toBe('part');
  });

  it('given the rest of a partly shipped order whose lines say what left then it is all', () => {
    const partly = order('SELLER_PART_SEND_GOODS', [['L1', 1, 'WAIT_BUYER_ACCEPT_GOODS'], ['L2', 2, 'WAIT_SELLER_SEND_GOODS']]);
    expect(sendType(partly, { externalLineIds: ['L2'] })).toBe('all');
  });

  it('given a partly shipped order whose lines say nothing then only a parcel of every line is all', () => {
    const unclear = order('SELLER_PART_SEND_GOODS', [['L1', 1, null], ['L2', 2, null]]);
    expect(sendType(unclear, { externalLineIds: ['L2'] })).toBe('part');
    expect(sendType(unclear, { externalLineIds: ['L1', 'L2'] })).toBe('all');
  });
});

describe('AliExpress send_type with the parcels this process pushed', () => {
  const twoLines = order('SELLER_PART_SEND_GOODS', [['L1', 1, 'WAIT_SELLER_SEND_GOODS'], ['L2', 2, 'WAIT_SELLER_SEND_GOODS']]);

  it('given the other line went in an earlier parcel of ours then the last line is all', () => {
    expect(sendType(twoLines, { lines: [{ externalLineId: 'L1', quantity: 1 }] }, new Map([['L2', 2]]))).toBe('all');
  });

  it('given only one unit of the other line went earlier then units stay behind: part', () => {
    expect(sendType(twoLines, { lines: [{ externalLineId: 'L1', quantity: 1 }] }, new Map([['L2', 1]]))).toBe('part');
  });
});
