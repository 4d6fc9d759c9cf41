import { channelOrderTotals, orderTotals } from './order-amounts';

describe('marketplace order amounts', () => {
  const lines = [
    { quantity: 1, unitPrice: '89.00', discount: '0.00', orderDiscount: '3.33' },
    { quantity: 2, unitPrice: '89.00', discount: '0.00', orderDiscount: '6.67' },
  ];

  it('given no paid total then they are the order total of its lines, with no adjustment', () => {
    expect(channelOrderTotals(lines, '8.00', '1.00', null, null)).toEqual({ ...orderTotals(lines, '8.00', '1.00', null), adjustment: '0.00' });
  });

  it("given a paid total then it is the total to the cent, the lines' shares make the discount and nothing is left over", () => {
    expect(channelOrderTotals(lines, '0.00', null, null, '257.00')).toEqual({ subtotal: '267.00', shipping: '0.00', discount: '10.00', tax: '0.00', adjustment: '0.00', total: '257.00' });
  });

  it('given a paid total without shares then the discount is what it leaves over, and a total above the lines is an adjustment', () => {
    const bare = lines.map(({ orderDiscount: _share, ...l }) => l);
    expect(channelOrderTotals(bare, '10.00', null, null, '259.99')).toMatchObject({ discount: '17.01', adjustment: '0.00', total: '259.99' });
    expect(channelOrderTotals(bare, '10.00', null, null, '280.00')).toMatchObject({ discount: '0.00', adjustment: '3.00', total: '280.00' });
    // A discount given wins over the shares; the rest is the adjustment, either sign.
    expect(channelOrderTotals(lines, '0.00', '12.00', '1.50', '257.00')).toMatchObject({ discount: '12.00', tax: '1.50', adjustment: '0.50', total: '257.00' });
  });
});
