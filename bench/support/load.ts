import { readMetrics } from './metrics';

// autocannon ships no type declarations; these are the parts used here.

/** One request of a sequence each connection loops over; fields left out come from the run's options. */
export interface LoadRequest {
  method?: 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each send with a copy of the request; returns what to send. */
  setupRequest?(req: LoadRequest, context: Record<string, unknown>): LoadRequest;
  /** Called with each response to this request; `body` is the whole body as text. */
  onResponse?(status: number, body: string, context: Record<string, unknown>): void;
}

/** What to send and how hard, without the duration (`runLoad` sets it per phase). */
export interface LoadOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body?: string;
  requests?: LoadRequest[];
  connections: number;
}

export interface AutocannonResult {
  /** Responses per second (average over the 1-second samples) and in all. */
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: LoadOptions & { duration: number }) => Promise<AutocannonResult>;

/** Warm-up and measured seconds. */
export interface LoadTiming {
  warmup: number;
  duration: number;
}

/** Load options for POST /graphql as the owner, with the body or request sequence still to add. */
export function graphqlLoad(base: string, token: string, connections: number): LoadOptions {
  return {
    url: `${base}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    connections,
  };
}

/**
 * Runs `warmup` seconds of load (not measured; skipped at 0), then `duration` seconds measured,
 * reading the server's /metrics just before and after the measured run.
 * `beforeMeasure` runs between the two, e.g. to reset response counters.
 */
export async function runLoad(
  base: string,
  load: LoadOptions,
  timing: LoadTiming,
  beforeMeasure?: () => void,
): Promise<{ result: AutocannonResult; before: Record<string, number>; after: Record<string, number> }> {
  if (timing.warmup > 0) await autocannon({ ...load, duration: timing.warmup });
  beforeMeasure?.();
  const before = await readMetrics(base);
  const result = await autocannon({ ...load, duration: timing.duration });
  const after = await readMetrics(base);
  return { result, before, after };
}
