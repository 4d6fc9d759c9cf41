import type { RateLimit, RateLimits } from '../sdk/types';

/**
 * SP-API usage plans: a token bucket per selling partner, application and operation, not per API
 * family (amazon.md §6). The figures are the defaults each model states in the operation's
 * description [O]; a seller's plan may be higher or lower, and every answer says the rate it
 * applied (`x-amzn-RateLimit-Limit`), which the bucket of that call (and only that call) adopts.
 *
 * The keys are the models' operationIds, which is also what the client names each request by.
 * The LWA token call (`auth`) is Login with Amazon's, not SP-API's [U: LWA publishes no figure;
 * a modest one keeps a storm of refreshes from hammering it]. The presigned document transfers
 * (`uploadFeedDocument`, `downloadFeedDocument`) go to S3 and are not limited.
 */
export const USAGE_PLANS: Record<string, RateLimit> = {
  // Orders API v2026-01-01 [O: orders_2026-01-01.json].
  searchOrders: { ratePerSecond: 0.0056, burst: 20 },
  getOrder: { ratePerSecond: 0.5, burst: 30 },
  // Orders API v0, shipments only [O: ordersV0.json].
  confirmShipment: { ratePerSecond: 2, burst: 10 },
  // Listings Items API 2021-08-01 [O: listingsItems_2021-08-01.json].
  getListingsItem: { ratePerSecond: 5, burst: 10 },
  putListingsItem: { ratePerSecond: 5, burst: 10 },
  patchListingsItem: { ratePerSecond: 5, burst: 5 },
  deleteListingsItem: { ratePerSecond: 5, burst: 5 },
  // Feeds API 2021-06-30 [O: feeds_2021-06-30.json].
  createFeedDocument: { ratePerSecond: 0.5, burst: 15 },
  createFeed: { ratePerSecond: 0.0083, burst: 15 },
  getFeed: { ratePerSecond: 2, burst: 15 },
  getFeedDocument: { ratePerSecond: 0.0222, burst: 10 },
  // FBA Inventory API v1 [O: fbaInventory.json].
  getInventorySummaries: { ratePerSecond: 2, burst: 2 },
  // Login with Amazon's token call [U].
  auth: { ratePerSecond: 1, burst: 5 },
};

/** The module's rate limits: every call its own bucket, no default (the S3 transfers are not limited). */
export const AMAZON_RATE_LIMITS: RateLimits = { ...USAGE_PLANS };

/** The rate an answer states: `x-amzn-RateLimit-Limit` in requests per second; undefined when absent or not a positive number. */
export function statedRate(headers: Record<string, string>): number | undefined {
  const raw = headers['x-amzn-ratelimit-limit'];
  if (raw === undefined) return undefined;
  const rate = Number.parseFloat(String(raw).trim());
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}

/** `rateFromResponse` of the module: the stated rate, burst unchanged (SP-API states none). */
export function rateFromResponse(res: { status: number; headers: Record<string, string> }): { ratePerSecond: number } | undefined {
  const rate = statedRate(res.headers);
  return rate === undefined ? undefined : { ratePerSecond: rate };
}

/**
 * The rates the answers stated last, by operation: what a 429 waits for (one token's refill at
 * the plan the seller actually has). Kept per process and per operation, not per account: the
 * classifier that reads a 429 is told only the operation, and a seller's plan for one operation
 * rarely differs from another seller's. A figure read from the 429 itself wins.
 */
const lastStated = new Map<string, number>();

/** Remembers the rate an answer of `operation` stated. */
export function noteStatedRate(operation: string, headers: Record<string, string>): void {
  const rate = statedRate(headers);
  if (rate !== undefined) lastStated.set(operation, rate);
}

/** Forgets the stated rates (tests). */
export function forgetStatedRates(): void {
  lastStated.clear();
}

/** One token's refill at the call's rate (the 429's own header, else the rate its answers stated last, else the published plan), in ms. */
export function refillWaitMs(operation: string, headers: Record<string, string>): number | undefined {
  const rate = statedRate(headers) ?? lastStated.get(operation) ?? USAGE_PLANS[operation]?.ratePerSecond;
  return rate ? Math.ceil(1000 / rate) : undefined;
}

/** The longest refill a throttled call waits for in place (getOrder's two seconds, a listing call's fifth of one). */
export const MAX_REFILL_WAIT_MS = 10_000;

/**
 * How long a throttled call waits before it goes again: one token's refill, when that is short
 * enough to wait for in place; the bucket of the call pauses that long. A call whose plan refills
 * slowly (searchOrders: a token every three minutes; createFeed: two) is not held that long: the
 * HTTP helper backs off and tries a few times (a 429 may also come from a bucket Amazon shares
 * out of step), then the job meets RATE_LIMITED and the engine runs it again later, by which
 * time the bucket has refilled. Undefined: back off as for any throttle.
 */
export function throttleWaitMs(operation: string, headers: Record<string, string>): number | undefined {
  const wait = refillWaitMs(operation, headers);
  return wait !== undefined && wait <= MAX_REFILL_WAIT_MS ? wait : undefined;
}

/**
 * Whose quota a channel's calls count against: the selling partner and the region. Two channels
 * of one seller in one region (two apps, or the same account entered twice) share the buckets:
 * erring that way costs a little speed, the other way 429s. The engine also keys by the API's
 * origin, which is the region's host in production; the region setting keeps channels apart
 * whose base URL is the default host.
 */
export function amazonRateKey(credentials: Record<string, string>, settings?: Record<string, string>): string {
  const seller = credentials.sellerId?.trim() ?? '';
  const region = settings?.region?.trim().toUpperCase() ?? '';
  return `amazon:${seller}:${region}`;
}
