import type { ConnectorModule } from '../../connectors/sdk/types';
import { explainRefusal } from './refusals';

/** What staff read beside a marketplace's own code: the connector's table, the engine's codes, else the error class. */
const withTable = {
  refusals: {
    duplicate_sku: { reason: 'DUPLICATE_SKU', en: 'Taken.', zh: '重复。' },
    'isv.item-*': { reason: 'ITEM_PROBLEM', en: 'Item.', zh: '商品。' },
    'isv.item-not-exist*': { reason: 'LISTING_NOT_FOUND', en: 'Gone.', zh: '不存在。' },
  },
} as unknown as ConnectorModule;

describe('explainRefusal', () => {
  it("given a code in the connector's table then its explanation, the longest prefix winning", () => {
    expect(explainRefusal(withTable, 'duplicate_sku').reason).toBe('DUPLICATE_SKU');
    expect(explainRefusal(withTable, 'isv.item-not-exist:num_iid').reason).toBe('LISTING_NOT_FOUND');
    expect(explainRefusal(withTable, 'isv.item-is-delete').reason).toBe('ITEM_PROBLEM');
  });

  it("given one of the engine's own codes then the engine's explanation, in English and Chinese", () => {
    expect(explainRefusal(withTable, 'MALFORMED_ORDER', 'MALFORMED')).toMatchObject({ reason: 'ORDER_UNREADABLE', en: expect.stringMatching(/order/), zh: expect.stringMatching(/订单/) });
    expect(explainRefusal(undefined, 'NO_CONNECTOR').reason).toBe('NO_CONNECTOR');
  });

  it('given a code nobody explains then its error class speaks, and without one it reads as a refusal', () => {
    expect(explainRefusal(withTable, 'HTTP_503', 'RETRYABLE').reason).toBe('MARKETPLACE_UNAVAILABLE');
    expect(explainRefusal(undefined, '27:session-expired', 'AUTH_FAILED').reason).toBe('CREDENTIALS_REFUSED');
    expect(explainRefusal(undefined, 'constructor')).toMatchObject({ reason: 'MARKETPLACE_REFUSED', en: expect.any(String), zh: expect.any(String) });
  });
});
