import { SimHttpError } from '../../sdk/simulator';
import { TokenBuckets } from '../../sdk/simulator';

/**
 * SP-API usage plans (amazon.md §6, §8.2): a token bucket per selling partner, application and
 * operation, with the rate and burst each operation's model states. Operations never share a
 * bucket (searchOrders and getOrder are different buckets). The figures are defaults: Amazon may
 * give a seller more, which `POST /__sim/usage-plans` sets. Buckets refill in real time, as the
 * kit's do: they are about how fast a client really calls.
 */

export interface UsagePlan {
  rate: number;
  burst: number;
}

/** The models' default plans, by operationId. */
export const DEFAULT_USAGE_PLANS: Record<string, UsagePlan> = {
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  getListingsItem: { rate: 5, burst: 10 },
  putListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  deleteListingsItem: { rate: 5, burst: 5 },
  searchListingsItems: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  getInventorySummaries: { rate: 2, burst: 2 },
  // Orders v0 (amazon.md §4): the deprecated reads, served only by the static sandbox.
  getOrders: { rate: 0.0167, burst: 20 },
  'v0.getOrder': { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
};

/** [U] Operations the simulator answers only from the static sandbox and whose plan is not listed above. */
const FALLBACK_PLAN: UsagePlan = { rate: 1, burst: 10 };

/** The `x-amzn-RateLimit-Limit` value: the rate in requests per second, as Amazon writes it. */
export function rateHeader(plan: UsagePlan): string {
  return String(plan.rate);
}

export class UsagePlans {
  private plans = new Map<string, UsagePlan>();
  private buckets = new Map<string, TokenBuckets>();

  constructor(private readonly now: () => number = Date.now) {
    this.reset();
  }

  plan(operation: string): UsagePlan {
    return this.plans.get(operation) ?? FALLBACK_PLAN;
  }

  /** Takes a token of the caller's bucket for the operation; the milliseconds until one is back when empty. */
  take(caller: string, operation: string): { ok: true } | { ok: false; retryAfterMs: number } {
    let b = this.buckets.get(operation);
    if (!b) {
      const p = this.plan(operation);
      b = new TokenBuckets(p.rate, p.burst, this.now);
      this.buckets.set(operation, b);
    }
    return b.take(caller);
  }

  /** `{operation: {rate?, burst?}}`: a seller's own plan (a changed plan starts with a full bucket). */
  update(body: unknown): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SimHttpError(400, 'body is {"<operationId>": {"rate": n, "burst": n}, ...}');
    for (const [op, v] of Object.entries(body as Record<string, unknown>)) {
      const current = this.plans.get(op);
      if (!current) throw new SimHttpError(400, `no usage plan for ${op} (${[...this.plans.keys()].join(', ')})`);
      const { rate, burst, ...rest } = (v ?? {}) as Record<string, unknown>;
      if (Object.keys(rest).length) throw new SimHttpError(400, `unknown fields for ${op}: ${Object.keys(rest).join(', ')} (rate, burst)`);
      if (rate !== undefined && !(typeof rate === 'number' && rate > 0)) throw new SimHttpError(400, `${op}.rate must be a number above 0`);
      if (burst !== undefined && !(typeof burst === 'number' && Number.isInteger(burst) && burst >= 1)) throw new SimHttpError(400, `${op}.burst must be a whole number of 1 or more`);
      this.plans.set(op, { rate: (rate as number | undefined) ?? current.rate, burst: (burst as number | undefined) ?? current.burst });
      this.buckets.delete(op);
    }
  }

  describe(): Record<string, UsagePlan> {
    return Object.fromEntries(this.plans);
  }

  reset(): void {
    this.plans = new Map(Object.entries(DEFAULT_USAGE_PLANS).map(([k, v]) => [k, { ...v }]));
    this.buckets.clear();
  }
}
