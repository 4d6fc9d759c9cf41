import { accountAuth, memoryTokens } from '../sdk/auth';
import { createHttpClient } from '../sdk/http';
import { SimControl } from '../sdk/testkit';
import type { OrderDto } from '../sdk/types';
import { demoOrders, ebayDemoSettings, seedEbayDemo } from './demo';
import { ebayConnector } from './index';
import { EBAY_SITES } from './marketplaces';
import { startEbaySimulator } from './simulator';

describe('eBay demo orders', () => {
  it('given the demo catalogue when seeded into a fresh simulator then a channel on eBay.com and eBay.de pulls each sample order as it reads', async () => {
    const sim = await startEbaySimulator({});
    try {
      const catalog = {
        products: [
          { title: '男士羊毛西装', skus: [{ sku: 'SUIT-BLK-50', price: '899.00', optionText: '颜色:黑色;尺码:50' }, { sku: 'SUIT-NVY-52', price: '899.00', optionText: '颜色:藏青;尺码:52' }] },
          { title: '真丝领带', skus: [{ sku: 'TIE-RED', price: '129.00', optionText: '颜色:红色' }] },
        ],
      };
      await seedEbayDemo(sim.controlUrl, catalog);
      let credentials = await new SimControl(sim.controlUrl).credentials();
      const auth = ebayConnector.auth!;
      const base = { baseUrl: sim.baseUrl, accountKey: 'ebay-demo-test', rateLimits: ebayConnector.rateLimits, classify: ebayConnector.classify };
      const tokens = memoryTokens(base.accountKey, { auth, credentials: () => credentials, save: async (c) => void (credentials = c) });
      const http = createHttpClient({ ...base, auth: accountAuth({ auth, tokens, http: createHttpClient(base), credentials: () => credentials, settings: () => ({}), baseUrl: sim.baseUrl }) });
      const sites = EBAY_SITES.filter((s) => s.id === 'EBAY_US' || s.id === 'EBAY_DE');
      const c = ebayConnector.create('EBAY', { baseUrl: sim.baseUrl, credentials, marketplaceId: 'EBAY_US', marketplaces: sites, currency: 'USD', http, saveCredentials: async () => undefined, now: () => new Date() });
      const page = await c.pullOrders(null);
      expect(page.orders.filter((o) => !o.ok)).toEqual([]);
      const orders = new Map(page.orders.flatMap((o) => (o.ok ? [[o.order.externalId, o.order] as [string, OrderDto]] : [])));
      expect([...orders.values()].map((o) => [o.externalId, o.status, o.flags, o.marketplaceId, o.currency, o.lines.length]).sort()).toEqual([
        ['12-00001-10001', 'PAID', [], 'EBAY_US', 'USD', 2],
        ['12-00002-10002', 'PARTIALLY_SHIPPED', [], 'EBAY_US', 'USD', 2],
        ['12-00003-10003', 'CANCELLED', [], 'EBAY_US', 'USD', 1],
        ['12-00004-10004', 'PAID', [], 'EBAY_DE', 'EUR', 2],
        ['12-00005-10005', 'PAID', ['CANCEL_REQUESTED'], 'EBAY_US', 'USD', 1],
      ]);
      expect(orders.get('12-00004-10004')!.shippingAddress).toMatchObject({ name: 'Jürgen Weiß', address1: 'Königstraße 12', city: 'München' });
      // 899 yuan at 7.2 to the dollar.
      expect(orders.get('12-00001-10001')!.lines[0]).toMatchObject({ sku: 'SUIT-BLK-50', quantity: 2, unitPrice: '124.86' });
    } finally {
      await sim.stop();
    }
  });

  it('given a catalogue priced as the channel sells on each site when the orders are made then each line costs its site\'s price, one product after another', () => {
    const catalog = {
      currency: 'USD',
      products: [
        { title: "Men's Slim-Fit Business Suit", skus: [{ sku: 'SUIT-001-BLK-48', price: '138.99', optionText: '', markets: [{ marketplaceId: 'EBAY_US', price: '138.99', currency: 'USD' }, { marketplaceId: 'EBAY_DE', price: '128.99', currency: 'EUR' }] }] },
        { title: "Men's Dress Shirt", skus: [{ sku: 'SHIRT-001-WHT-39', price: '45.99', optionText: '', markets: [{ marketplaceId: 'EBAY_US', price: '45.99', currency: 'USD' }, { marketplaceId: 'EBAY_DE', price: '42.99', currency: 'EUR' }] }] },
      ],
    };
    const orders = demoOrders(catalog).map((o) => JSON.parse(o));
    const lines = (id: string) => orders.find((o) => o.orderId === id).lineItems.map((l: any) => [l.sku, l.quantity, l.lineItemCost]);
    // Several lines: the first product's SKU, then the second's.
    expect(lines('12-00001-10001')).toEqual([['SUIT-001-BLK-48', 2, { value: '277.98', currency: 'USD' }], ['SHIRT-001-WHT-39', 1, { value: '45.99', currency: 'USD' }]]);
    expect(lines('12-00004-10004')).toEqual([['SHIRT-001-WHT-39', 1, { value: '42.99', currency: 'EUR' }], ['SUIT-001-BLK-48', 2, { value: '257.98', currency: 'EUR' }]]);
    expect(orders.find((o) => o.orderId === '12-00001-10001').lineItems[0].title).toBe("Men's Slim-Fit Business Suit");
  });

  it("given a fresh simulator when the demo channel's settings are read then they are the seller's business policies and location", async () => {
    const sim = await startEbaySimulator({});
    try {
      expect(await ebayDemoSettings(sim.controlUrl)).toEqual({ fulfillmentPolicyId: '6196932000', paymentPolicyId: '6196933000', returnPolicyId: '6196934000', merchantLocationKey: 'warehouse-1' });
    } finally {
      await sim.stop();
    }
  });
});
