// STATUS: done — the demo's sample orders are taken by the simulator in AliExpress's wire shape and
// read back by the connector's mapping as the demo promises (several lines, a partial shipment,
// IN_CANCEL, non-Latin addresses, USD at the channel's prices, exact ids). The demo's English
// listings, rates and overseas staff are checked end to end in test/demo-aliexpress.test.ts.
import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import type { DemoCatalog, OrderDto } from '../sdk/types';
import { seedAliExpressDemo } from './demo';
import { aliexpressConnector } from './index';
import { mapOrder } from './mapping';
import { startAliExpressSimulator } from './simulator';
import { INITIAL_LOOKBACK_MS } from './windows';

/** The catalogue as the demo hands it over: priced as the channel sells it (USD, ending in .99). */
const catalog: DemoCatalog = {
  products: [
    { title: '男士修身西装', skus: ['BLK-48', 'BLK-50', 'GRY-48', 'GRY-50'].map((o) => ({ sku: `SUIT-001-${o}`, price: '204.99', optionText: `颜色:${o.slice(0, 3)};尺码:${o.slice(4)}` })) },
    { title: '法式袖扣衬衫', skus: ['WHT-38', 'WHT-40', 'BLU-38'].map((o) => ({ sku: `SHIRT-003-${o}`, price: '45.99', optionText: `颜色:${o.slice(0, 3)};尺码:${o.slice(4)}` })) },
    { title: '真丝领带', skus: ['NAVY', 'RED', 'GRN'].map((o) => ({ sku: `TIE-002-${o}`, price: '24.99', optionText: `颜色:${o}` })) },
  ],
};

let sim: RunningSimulator;
let orders: OrderDto[];

beforeAll(async () => {
  sim = await startAliExpressSimulator({ seed: 3 });
  await seedAliExpressDemo(sim.controlUrl, catalog);
  const control = new SimControl(sim.controlUrl);
  const listed = (await (await fetch(`${control.controlUrl}/__sim/orders`)).json()) as { orders: { order_id: string }[] };
  orders = [];
  for (const { order_id } of listed.orders) {
    const { order } = (await (await fetch(`${control.controlUrl}/__sim/orders/${order_id}`)).json()) as { order: unknown };
    const mapped = mapOrder({ detail: order });
    if (!mapped.ok) throw new Error(`${order_id} did not map: ${mapped.error}`);
    orders.push(mapped.order);
  }
});

afterAll(() => sim.stop());

describe('the AliExpress demo (SIMULATORS=1)', () => {
  it('given the demo module when it seeds a fresh simulator then its sample orders are there, in USD, with ids beyond 2^53 kept exact', () => {
    expect(aliexpressConnector.demo).toEqual(expect.any(Function));
    expect(orders).toHaveLength(6);
    for (const o of orders) {
      expect(o.currency).toBe('USD');
      expect(o.externalId).toMatch(/^90123456789012000\d\d$/);
      expect(BigInt(o.externalId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      // The buyers paid the listing prices the catalogue came with.
      for (const l of o.lines) expect(['204.99', '45.99', '24.99']).toContain(l.unitPrice);
      // A channel's first pull looks a day back (windows.ts): every sample order must be inside it.
      expect(Date.now() - o.modifiedAt.getTime()).toBeLessThan(INITIAL_LOOKBACK_MS);
    }
  });

  it('given the sample orders when read then one has several lines, one is partly shipped, one waits on a cancellation the buyer asked for', () => {
    expect(orders.some((o) => o.status === 'PAID' && o.lines.length === 3)).toBe(true);
    const partial = orders.find((o) => o.status === 'PARTIALLY_SHIPPED');
    expect(partial?.lines).toHaveLength(2);
    const cancel = orders.find((o) => o.flags?.includes('CANCEL_REQUESTED'));
    expect(cancel?.marketplaceStatus).toBe('IN_CANCEL');
  });

  it('given buyers abroad when their addresses are read then the Cyrillic, Hangul and Arabic text is as they wrote it', () => {
    const cities = orders.map((o) => o.shippingAddress?.city);
    expect(cities).toEqual(expect.arrayContaining(['Москва', '강남구', 'الرياض']));
    expect(orders.find((o) => o.shippingAddress?.country === 'SA')?.shippingAddress?.address1).toBe('طريق الملك فهد 2101');
  });
});
