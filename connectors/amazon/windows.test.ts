import { stockLevels } from './fba-inventory';
import { cursorOf, INITIAL_LOOKBACK_MS, nextFrom, OVERLAP_MS, readWindow, restarted, SAFETY_LAG_MS, windowEnd } from './windows';

const at = (iso: string) => new Date(iso);

describe('the searchOrders window', () => {
  it('given no cursor then the pull starts a day back, open-ended, and the cursor survives JSON', () => {
    const now = at('2026-03-01T12:00:00Z');
    const w = readWindow(null, now);
    expect(w).toEqual({ from: new Date(now.getTime() - INITIAL_LOOKBACK_MS), token: null, cut: null, restarts: 0 });
    const paging = { from: at('2026-03-01T00:00:00Z'), token: 'tok/+=', cut: at('2026-03-01T11:58:00Z'), restarts: 1 };
    expect(readWindow(JSON.parse(JSON.stringify(cursorOf(paging))), now)).toEqual(paging);
    // A finished window keeps only its next start.
    expect(cursorOf({ from: at('2026-03-01T11:53:00Z'), token: null, cut: null, restarts: 0 })).toEqual({ from: '2026-03-01T11:53:00.000Z' });
  });

  it('given the cut-off Amazon stated (or not) then the window ends there (or at the request less the safety lag), and the next starts an overlap before', () => {
    const from = at('2026-03-01T10:00:00Z');
    const requested = at('2026-03-01T12:00:00Z');
    expect(windowEnd(from, at('2026-03-01T11:58:00Z'), requested, null)).toEqual(at('2026-03-01T11:58:00Z'));
    expect(windowEnd(from, null, requested, null)).toEqual(new Date(requested.getTime() - SAFETY_LAG_MS));
    // Later pages never move the end later than the first page's.
    expect(windowEnd(from, at('2026-03-01T11:59:00Z'), requested, at('2026-03-01T11:58:00Z'))).toEqual(at('2026-03-01T11:58:00Z'));
    expect(windowEnd(from, at('2026-03-01T09:00:00Z'), requested, null)).toEqual(from);
    expect(nextFrom(from, at('2026-03-01T11:58:00Z'))).toEqual(new Date(at('2026-03-01T11:58:00Z').getTime() - OVERLAP_MS));
    expect(nextFrom(from, at('2026-03-01T10:01:00Z'))).toEqual(from);
  });

  it('given a refused pagination token then the window starts again from its start, counting the restarts', () => {
    const w = { from: at('2026-03-01T10:00:00Z'), token: 't', cut: at('2026-03-01T11:00:00Z'), restarts: 0 };
    expect(restarted(w)).toEqual({ from: w.from, token: null, cut: null, restarts: 1 });
    expect(restarted(restarted(w)).restarts).toBe(2);
  });
});

describe('FBA inventory summaries', () => {
  it('given summaries with details then each SKU gets its fulfillable units, its inbound and what Amazon holds back', () => {
    const levels = stockLevels(
      [
        {
          asin: 'B00T9QONN6',
          fnSku: 'B00T9QONN6',
          sellerSku: 'Silicon Power 32GB',
          condition: 'NewItem',
          inventoryDetails: {
            fulfillableQuantity: 66,
            inboundWorkingQuantity: 21,
            inboundShippedQuantity: 3,
            inboundReceivingQuantity: 2,
            reservedQuantity: { totalReservedQuantity: 4, pendingCustomerOrderQuantity: 4, pendingTransshipmentQuantity: 0, fcProcessingQuantity: 0 },
            researchingQuantity: { totalResearchingQuantity: 1, researchingQuantityBreakdown: [] },
            unfulfillableQuantity: { totalUnfulfillableQuantity: 2, customerDamagedQuantity: 2 },
          },
          lastUpdatedTime: '2018-03-31T23:40:39Z',
          productName: 'Silicon Power 32GB',
          totalQuantity: 99,
        },
        { asin: 'B0020MLK00', sellerSku: 'EMTEC 1 GB', totalQuantity: 5, lastUpdatedTime: '' },
        { asin: 'B000NOSKU', fnSku: 'X001', totalQuantity: 9 },
      ],
      'ATVPDKIKX0DER',
    );
    expect(levels.map(({ raw: _raw, ...l }) => l)).toEqual([
      { sku: 'Silicon Power 32GB', available: 66, inbound: 26, unavailable: 7, pool: 'ATVPDKIKX0DER' },
      // Without details (a payload that left them out) the total stands for what is there.
      { sku: 'EMTEC 1 GB', available: 5, inbound: 0, unavailable: 0, pool: 'ATVPDKIKX0DER' },
    ]);
    expect((levels[0].raw as { fnSku: string }).fnSku).toBe('B00T9QONN6');
  });
});
