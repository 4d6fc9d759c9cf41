import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cpuUse, sampleCpu } from '../support/cpu';
import { delta, readMetrics, serverMemory } from '../support/metrics';
import type { Server } from '../support/server';
import { round } from '../support/stats';

/** The intake half of the orders benchmark: marketplace orders delivered in batches over many connections, to the API and to its floor. */

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

/** One side of the intake: the API, or the floor (bench/orders/intake-floor.server.ts) on its copy of the database. */
export interface IntakeSide {
  server: Server;
  /** The API's bearer token; the floor takes none. */
  token?: string;
  /** Its database's name, to find the PostgreSQL backends serving it. */
  database: string;
}

export interface IntakeResult {
  orders: number;
  batches: number;
  /** Seconds spent delivering, over its rounds. */
  seconds: number;
  ordersPerSec: number;
  failedOrders: number;
  failureSamples: string[];
  batchP50Ms: number;
  batchP99Ms: number;
  sqlPerBatch: number;
  sqlPerOrder: number;
  /** CPU milliseconds per order: the server process, and PostgreSQL's backends for its database. */
  serverCpuMsPerOrder: number | null;
  postgresCpuMsPerOrder: number | null;
  /** Share of all cores busy during its rounds, everything on the machine counted. */
  machineBusyPct: number | null;
  peakRssMiB: number | null;
  rssMiB: number;
  rounds: { ordersPerSec: number; postgresCpuMsPerOrder: number | null }[];
}

/** What one side's rounds added up to. */
class Delivered {
  orders = 0;
  seconds = 0;
  failed = 0;
  sql = 0;
  serverSeconds: number | null = 0;
  backendSeconds: number | null = 0;
  busyCoreSeconds: number | null = 0;
  readonly samples: string[] = [];
  readonly latencies: number[] = [];
  /** Orders/s and PostgreSQL CPU ms per order of each round, to see how much they moved. */
  readonly rounds: { ordersPerSec: number; postgresCpuMsPerOrder: number | null }[] = [];
}

const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** Delivers `orders` to one side in batches of `batch` from `connections` concurrent workers, adding to `into`. */
async function deliver(side: IntakeSide, orders: Record<string, unknown>[], batch: number, connections: number, into: Delivered): Promise<void> {
  const { server, token } = side;
  const total = orders.length;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= total) return;
      next = Math.min(total, start + batch);
      const slice = orders.slice(start, next);
      const t = performance.now();
      const res = await fetch(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: BATCH_QUERY, variables: { inputs: slice } }),
        signal: AbortSignal.timeout(120_000),
      }).catch((err: Error) => {
        // A server that died says why in its last output.
        throw new Error(`${server.base}: ${err.message} (${String(err.cause ?? '')}; exit code ${server.child.exitCode}, signal ${server.child.signalCode})\n${server.output.join('').slice(-2000)}`);
      });
      type Result = { outcome: string | null; userErrors: { code: string; message: string }[] };
      const body = (await res.json()) as { data?: { recordChannelOrders: { results: Result[]; userErrors: Result['userErrors'] } | null }; errors?: unknown[] };
      into.latencies.push(performance.now() - t);
      for (let k = 0; k < slice.length; k++) {
        const r = body.data?.recordChannelOrders?.results[k];
        if (!r || r.userErrors.length || r.outcome !== 'CREATED') {
          into.failed++;
          const why = JSON.stringify(r ?? body.errors ?? body).slice(0, 300);
          if (into.samples.length < 5 && !into.samples.includes(why)) into.samples.push(why);
        }
      }
    }
  };
  const pid = server.child.pid!;
  const before = await readMetrics(server.base);
  const cpu0 = sampleCpu([pid], side.database);
  const t = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuUse(cpu0, sampleCpu([pid], side.database), pid);
  into.sql += delta(before, await readMetrics(server.base), 'sql_statements_total');
  into.orders += total;
  into.seconds += seconds;
  into.serverSeconds = plus(into.serverSeconds, cpu.processSeconds);
  into.backendSeconds = plus(into.backendSeconds, cpu.backendSeconds);
  into.busyCoreSeconds = plus(into.busyCoreSeconds, cpu.machineBusyPct === null ? null : (cpu.machineBusyPct / 100) * os.cpus().length * seconds);
  into.rounds.push({ ordersPerSec: Math.round(total / seconds), postgresCpuMsPerOrder: cpu.backendSeconds === null ? null : round((1000 * cpu.backendSeconds) / total, 3) });
}

async function summary(side: IntakeSide, d: Delivered): Promise<IntakeResult> {
  const latencies = [...d.latencies].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0);
  const perOrder = (sec: number | null) => (sec === null || !d.orders ? null : round((1000 * sec) / d.orders, 3));
  const memory = await serverMemory(side.server.base, side.server.child.pid);
  return {
    orders: d.orders,
    batches: latencies.length,
    seconds: round(d.seconds),
    ordersPerSec: Math.round(d.orders / d.seconds),
    failedOrders: d.failed,
    failureSamples: d.samples,
    batchP50Ms: pct(50),
    batchP99Ms: pct(99),
    sqlPerBatch: round(d.sql / Math.max(1, latencies.length), 1),
    sqlPerOrder: round(d.sql / Math.max(1, d.orders), 2),
    serverCpuMsPerOrder: perOrder(d.serverSeconds),
    postgresCpuMsPerOrder: perOrder(d.backendSeconds),
    machineBusyPct: d.busyCoreSeconds === null ? null : round((100 * d.busyCoreSeconds) / (d.seconds * os.cpus().length), 0),
    peakRssMiB: memory.peakMiB,
    rssMiB: memory.rssMiB,
    rounds: d.rounds,
  };
}

/**
 * Delivers `total` orders (the same generator, so the same orders) to the API and to the floor, in `rounds` rounds of total ÷ rounds orders each (API then floor, then floor then
 * API, …), so that whatever else the machine does weighs on both alike; each side's database
 * grows the same way. Returns each side's figures and API ÷ floor orders/s.
 */
export async function runIntake(
  api: IntakeSide,
  floor: IntakeSide,
  skus: string[],
  total: number,
  batch: number,
  connections: number,
  rounds: number,
): Promise<{ api: IntakeResult; floor: IntakeResult; ratio: number }> {
  const rand = prng(4242);
  const orders = Array.from({ length: total }, (_, i) => channelOrder(i, skus, rand));
  const sides = [api, floor];
  const delivered = sides.map(() => new Delivered());
  for (let r = 0; r < rounds; r++) {
    const chunk = orders.slice(Math.floor((total * r) / rounds), Math.floor((total * (r + 1)) / rounds));
    // Who goes first alternates too: a side going first finds the shared buffers full of the
    // other's dirty pages to write out, and going second, what the other left behind.
    const order = r % 2 === 0 ? [...sides.keys()] : [...sides.keys()].reverse();
    for (const k of order) await deliver(sides[k], chunk, batch, connections, delivered[k]);
  }
  const [a, f] = await Promise.all(sides.map((s, k) => summary(s, delivered[k])));
  return { api: a, floor: f, ratio: round(a.ordersPerSec / f.ordersPerSec, 2) };
}
