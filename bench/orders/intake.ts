import { performance } from 'node:perf_hooks';
import { delta, readMetrics, serverMemory } from '../support/metrics';
import type { Server } from '../support/server';

/** The intake half of the orders benchmark: marketplace orders delivered in batches over many connections. */

/** A small deterministic PRNG (mulberry32), so every run delivers the same orders. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄'];
const CHANNELS = ['tmall-main', 'taobao-outlet', 'aliexpress-global', 'ebay-us', 'amazon-us'];

/** The i-th order of the run: 1-5 lines over the seeded SKUs, mostly paid. */
export function channelOrder(i: number, skus: string[], rand: () => number): Record<string, unknown> {
  const n = 1 + Math.floor(rand() * 5);
  const lines = Array.from({ length: n }, (_, k) => ({
    sku: skus[Math.floor(rand() * skus.length)],
    quantity: 1 + Math.floor(rand() * 3),
    unitPrice: `${10 + Math.floor(rand() * 490)}.00`,
    externalLineId: `${i}-${k}`,
  }));
  const name = `${SURNAMES[i % SURNAMES.length]}${i % 7 === 0 ? '*' : '伟'}`;
  return {
    channelKey: CHANNELS[i % CHANNELS.length],
    externalId: String(4_200_000_000_000_000 + i),
    status: rand() < 0.8 ? 'PAID' : 'PENDING_PAYMENT',
    modifiedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    placedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    currency: i % CHANNELS.length < 2 ? 'CNY' : 'USD',
    buyerId: `buyer-${i % 20_000}`,
    buyer: { name, nickname: `nick${i % 20_000}`, phone: '138****5678' },
    shippingAddress: { name, phone: '138****5678', country: 'CN', province: '浙江', city: '杭州', address1: '文一西路 969 号' },
    lines,
  };
}

/** One request that records a batch of orders through recordChannelOrders, as a connector's page would. */
export const BATCH_QUERY = `mutation($inputs: [ChannelOrderInput!]!) {
  recordChannelOrders(inputs: $inputs) { results { outcome userErrors { code message } } userErrors { code message } }
}`;

export interface IntakeResult {
  orders: number;
  batches: number;
  seconds: number;
  ordersPerSec: number;
  failedOrders: number;
  failureSamples: string[];
  batchP50Ms: number;
  batchP99Ms: number;
  sqlPerOrder: number;
  peakRssMiB: number | null;
  rssMiB: number;
}

/** Delivers `total` orders in batches of `batch` from `connections` concurrent workers. */
export async function runIntake(server: Server, token: string, skus: string[], total: number, batch: number, connections: number): Promise<IntakeResult> {
  const rand = prng(4242);
  const orders = Array.from({ length: total }, (_, i) => channelOrder(i, skus, rand));
  let next = 0;
  let failed = 0;
  const samples: string[] = [];
  const latencies: number[] = [];
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= total) return;
      next = Math.min(total, start + batch);
      const slice = orders.slice(start, next);
      const t = performance.now();
      const res = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: BATCH_QUERY, variables: { inputs: slice } }),
        signal: AbortSignal.timeout(120_000),
      });
      type Result = { outcome: string | null; userErrors: { code: string; message: string }[] };
      const body = (await res.json()) as { data?: { recordChannelOrders: { results: Result[]; userErrors: Result['userErrors'] } | null }; errors?: unknown[] };
      latencies.push(performance.now() - t);
      for (let k = 0; k < slice.length; k++) {
        const r = body.data?.recordChannelOrders?.results[k];
        if (!r || r.userErrors.length || r.outcome !== 'CREATED') {
          failed++;
          const why = JSON.stringify(r ?? body.errors ?? body).slice(0, 300);
          if (samples.length < 5 && !samples.includes(why)) samples.push(why);
        }
      }
    }
  };
  const before = await readMetrics(server.base);
  const t = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t) / 1000;
  const sql = delta(before, await readMetrics(server.base), 'sql_statements_total');
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0);
  const memory = await serverMemory(server.base, server.child.pid);
  return {
    orders: total,
    batches: latencies.length,
    seconds: Math.round(seconds * 100) / 100,
    ordersPerSec: Math.round(total / seconds),
    failedOrders: failed,
    failureSamples: samples,
    batchP50Ms: pct(50),
    batchP99Ms: pct(99),
    sqlPerOrder: Math.round((sql / total) * 10) / 10,
    peakRssMiB: memory.peakMiB,
    rssMiB: memory.rssMiB,
  };
}
