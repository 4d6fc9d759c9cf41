import { accountAuth, memoryTokens } from '../sdk/auth';
import { createHttpClient } from '../sdk/http';
import { SimControl } from '../sdk/testkit';
import type { OrderDto } from '../sdk/types';
import { demoOrders, seedAmazonDemo } from './demo';
import { amazonConnector } from './index';
import { MARKETPLACE_CATALOGUE } from './marketplaces';
import { startAmazonSimulator } from './simulator';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';

describe('Amazon demo orders', () => {
  it('given the demo catalogue when seeded into a fresh simulator then a channel on Amazon.com and Amazon.ca pulls each sample order as it reads', async () => {
    const sim = await startAmazonSimulator({});
    try {
      const catalog = {
        products: [
          { title: '男士羊毛西装', skus: [{ sku: 'SUIT-BLK-50', price: '899.00', optionText: '颜色:黑色;尺码:50' }, { sku: 'SUIT-NVY-52', price: '899.00', optionText: '颜色:藏青;尺码:52' }] },
          { title: '真丝领带', skus: [{ sku: 'TIE-RED', price: '129.00', optionText: '颜色:红色' }] },
        ],
      };
      await seedAmazonDemo(sim.controlUrl, catalog);
      const credentials = await new SimControl(sim.controlUrl).credentials();
      const auth = amazonConnector.auth!;
      const base = { baseUrl: sim.baseUrl, accountKey: 'amazon-demo-test', rateLimits: amazonConnector.rateLimits, rateFromResponse: amazonConnector.rateFromResponse, classify: amazonConnector.classify };
      const tokens = memoryTokens(base.accountKey, { auth, credentials: () => credentials, save: async () => undefined });
      const http = createHttpClient({ ...base, auth: accountAuth({ auth, tokens, http: createHttpClient(base), credentials: () => credentials, settings: () => ({}), baseUrl: sim.baseUrl }) });
      const marketplaces = [US, CA].map((id) => MARKETPLACE_CATALOGUE.find((m) => m.id === id)!);
      const c = amazonConnector.create('AMAZON', { baseUrl: sim.baseUrl, credentials, marketplaceId: US, marketplaces, settings: { region: 'NA' }, currency: 'USD', http, saveCredentials: async () => undefined, now: () => new Date() });
      const page = await c.pullOrders(null);
      expect(page.orders.filter((o) => !o.ok)).toEqual([]);
      const orders = new Map(page.orders.flatMap((o) => (o.ok ? [[o.order.externalId, o.order] as [string, OrderDto]] : [])));
      expect([...orders.values()].map((o) => [o.externalId, o.status, o.fulfilledBy, o.marketplaceId, o.currency, o.lines.length]).sort()).toEqual([
        ['113-4000001-1000001', 'PAID', 'MERCHANT', US, 'USD', 2],
        ['113-4000002-1000002', 'PARTIALLY_SHIPPED', 'MERCHANT', US, 'USD', 2],
        ['113-4000003-1000003', 'CANCELLED', 'MERCHANT', US, 'USD', 1],
        ['113-4000004-1000004', 'SHIPPED', 'MARKETPLACE', US, 'USD', 1],
        ['702-4000005-1000005', 'PAID', 'MERCHANT', CA, 'CAD', 2],
      ]);
      expect(orders.get('702-4000005-1000005')!.shippingAddress).toMatchObject({ name: 'Émilie Tremblay', city: 'Montréal', country: 'CA' });
      // 899 yuan at 7.2 to the dollar (two), 129 yuan (17.92), and the shipping on top.
      const first = orders.get('113-4000001-1000001')!;
      expect(first.lines[0]).toMatchObject({ sku: 'SUIT-BLK-50', quantity: 2, unitPrice: '124.86' });
      expect(first).toMatchObject({ shipping: '5.99', paidTotal: '273.63' });
      // The package already sent: the first line's unit.
      expect(orders.get('113-4000002-1000002')!.lines.map((l) => l.shipments?.length ?? 0)).toEqual([1, 0]);
    } finally {
      await sim.stop();
    }
  });

  it("given a catalogue priced as the channel sells on each marketplace when the orders are made then each line costs its marketplace's price, one product after another", () => {
    const catalog = {
      currency: 'USD',
      products: [
        { title: "Men's Slim-Fit Business Suit", skus: [{ sku: 'SUIT-001-BLK-48', price: '138.99', optionText: '', markets: [{ marketplaceId: US, price: '138.99', currency: 'USD' }, { marketplaceId: CA, price: '189.99', currency: 'CAD' }] }] },
        { title: "Men's Dress Shirt", skus: [{ sku: 'SHIRT-001-WHT-39', price: '45.99', optionText: '', markets: [{ marketplaceId: US, price: '45.99', currency: 'USD' }, { marketplaceId: CA, price: '62.99', currency: 'CAD' }] }] },
      ],
    };
    const orders = demoOrders(catalog).map((o) => JSON.parse(o));
    const lines = (id: string) => orders.find((o) => o.orderId === id).orderItems.map((l: any) => [l.product.sellerSku, l.quantityOrdered, l.product.price.unitPrice]);
    // Several lines: the first product's SKU, then the second's.
    expect(lines('113-4000001-1000001')).toEqual([['SUIT-001-BLK-48', 2, { amount: '138.99', currencyCode: 'USD' }], ['SHIRT-001-WHT-39', 1, { amount: '45.99', currencyCode: 'USD' }]]);
    expect(lines('702-4000005-1000005')).toEqual([['SUIT-001-BLK-48', 1, { amount: '189.99', currencyCode: 'CAD' }], ['SHIRT-001-WHT-39', 2, { amount: '62.99', currencyCode: 'CAD' }]]);
    const ca = orders.find((o) => o.orderId === '702-4000005-1000005');
    expect(ca.proceeds.grandTotal).toEqual({ amount: '323.96', currencyCode: 'CAD' });
    expect(ca.orderItems[0].product.title).toBe("Men's Slim-Fit Business Suit");
    expect(orders.find((o) => o.orderId === '113-4000004-1000004').fulfillment).toMatchObject({ fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' });
  });
});
