import { stringifyJsonExact } from '../../connectors/sdk/exact-json';
import { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { createItemByHand, tradeObject } from '../../connectors/taobao/fixtures/trades';
import { startTaobaoSimulator } from '../../connectors/taobao/simulator';
import { startTestApp, TestApp } from './test-app';

/**
 * What the sync tests share: a stocked catalogue, a Taobao channel on a simulator, waiting
 * for the worker, and a mix of marketplace orders of every kind the issue names.
 */

export async function gqlOk(t: TestApp, token: string, query: string, vars: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const r = await t.gql(query, vars, token);
  if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

export type TaobaoSim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

/** The product with its worker and a Taobao simulator, for one test file (filled in by beforeAll). */
export interface WorkerAndSimulator {
  t: TestApp;
  owner: string;
  sim: TaobaoSim;
  control: SimControl;
  /** A GraphQL call as the owner that fails on GraphQL errors. */
  q(query: string, vars?: Record<string, unknown>): Promise<Record<string, any>>;
}

/** Starts the product (ROLE=all) and a Taobao simulator before the file's tests, and stops both after. */
export function useWorkerAndSimulator(): WorkerAndSimulator {
  const env = { q: (query: string, vars: Record<string, unknown> = {}) => gqlOk(env.t, env.owner, query, vars) } as WorkerAndSimulator;
  beforeAll(async () => {
    env.t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
    env.owner = await env.t.ownerToken();
    env.sim = await startTaobaoSimulator();
    env.control = new SimControl(env.sim.controlUrl);
  });
  afterAll(async () => {
    await env.sim?.stop();
    await env.t?.stop();
  });
  return env;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A warehouse and one product with `count` variants SKU-01.., each with `onHand` units there;
 * `product` adds fields of CreateProductInput (images, a description) a marketplace may need.
 */
export async function seedCatalog(
  t: TestApp,
  token: string,
  opts: { warehouse: string; prefix: string; count: number; onHand: number; price?: string; product?: Record<string, unknown> },
): Promise<string[]> {
  await gqlOk(t, token, `mutation($c: String!) { createWarehouse(input: { code: $c, name: "杭州仓", kind: OWN, country: "CN" }) { userErrors { code } } }`, { c: opts.warehouse });
  const skus = Array.from({ length: opts.count }, (_, i) => `${opts.prefix}-${String(i + 1).padStart(2, '0')}`);
  const r = await gqlOk(t, token, 'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }', {
    i: { ...opts.product, title: `纯棉短袖T恤 ${opts.prefix}`, options: [{ name: '颜色分类', values: skus }], variants: skus.map((sku) => ({ sku, optionValues: [sku], price: opts.price ?? '99.00' })) },
  });
  if (r.createProduct.userErrors.length) throw new Error(JSON.stringify(r.createProduct.userErrors));
  for (const sku of skus) {
    await gqlOk(t, token, 'mutation($s: String!, $w: String!, $d: Int!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: $d, reason: "opening" }) { userErrors { code } } }', { s: sku, w: opts.warehouse, d: opts.onHand });
  }
  return skus;
}

/**
 * The Taobao items staff create by hand in the back office for these SKUs (TOP's API no longer
 * creates items; publishing links them by merchant code): one item whose SKUs carry them, or one
 * item per SKU. Returns the num_iids.
 */
export async function createItemsByHand(control: SimControl, skus: string[], opts: { oneItemPerSku?: boolean; price?: string } = {}): Promise<string[]> {
  const price = opts.price ?? '99.00';
  const sku = (s: string, k: number) => ({ outer_id: s, price, quantity: 0, properties: `1627207:${28320 + k}` });
  if (!opts.oneItemPerSku) return [(await createItemByHand(control.controlUrl, { title: `纯棉短袖T恤 ${skus[0]}`, skus: skus.map(sku) })).num_iid];
  const out: string[] = [];
  for (const s of skus) out.push((await createItemByHand(control.controlUrl, { title: `纯棉短袖T恤 ${s}`, skus: [sku(s, 0)] })).num_iid);
  return out;
}

export interface ChannelRef {
  id: string;
  key: string;
}

export async function createTaobaoChannel(t: TestApp, token: string, opts: { name: string; baseUrl: string; credentials: Record<string, string>; warehouse: string }): Promise<ChannelRef> {
  const r = await gqlOk(
    t,
    token,
    `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key status } userErrors { code message field } } }`,
    {
      i: {
        kind: 'TAOBAO', name: opts.name, baseUrl: opts.baseUrl, currency: 'CNY', credentials: opts.credentials, warehouseCodes: [opts.warehouse],
        // Pulls only when a test asks: a scheduled pull would race the counts the tests check.
        schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
      },
    },
  );
  if (r.createChannel.userErrors.length) throw new Error(JSON.stringify(r.createChannel.userErrors));
  return r.createChannel.channel;
}

/** Kinds of marketplace order the flow tests mix, by the order's index. */
export type TradeKind = 'PLAIN' | 'MULTI' | 'UNKNOWN_SKU' | 'CANCELLED_AFTER_PAY' | 'REFUNDED' | 'FORBID_CONSIGN';

export function tradeKind(i: number): TradeKind {
  switch (i % 10) {
    case 0:
      return 'UNKNOWN_SKU';
    case 1:
    case 5:
      return 'MULTI';
    case 2:
      return 'CANCELLED_AFTER_PAY';
    case 3:
      return 'REFUNDED';
    case 4:
      return 'FORBID_CONSIGN';
    default:
      return 'PLAIN';
  }
}

/** The i-th trade of the mix as `POST /__sim/orders` takes it (tid above 2^53, bare in the JSON). */
export function mixedTrade(i: number, skus: string[]): string {
  const kind = tradeKind(i);
  const pick = (k: number) => skus[(i + k) % skus.length];
  const lines = kind === 'MULTI' ? [pick(0), pick(1), pick(2)] : kind === 'UNKNOWN_SKU' ? [pick(0), `NOPE-${i}`] : [pick(0)];
  const status = kind === 'CANCELLED_AFTER_PAY' || kind === 'REFUNDED' ? 'TRADE_CLOSED' : kind === 'FORBID_CONSIGN' ? 'PAID_FORBID_CONSIGN' : 'WAIT_SELLER_SEND_GOODS';
  const trade = tradeObject(i, lines, { status });
  const orders = (trade.orders as { order: Record<string, unknown>[] }).order;
  if (kind === 'REFUNDED') for (const o of orders) o.refund_status = 'SUCCESS';
  if (kind === 'CANCELLED_AFTER_PAY') for (const o of orders) o.refund_status = 'CLOSED';
  return stringifyJsonExact(trade);
}

/** The tid of the i-th trade (fixtures/trades.ts numbering). */
export { tidOf } from '../../connectors/taobao/fixtures/trades';
