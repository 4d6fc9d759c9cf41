import type { SimKit } from '../../sdk/simulator';
import type { ApiName } from './call';
import { tooManyRequests } from './ebay-errors';
import type { EbayState } from './ebay-state';
import { nextPacificMidnight, pacificDay } from './ebay-time';

/**
 * eBay's call limits (ebay.md §7, §8.7): quotas per application and user, per API, per day
 * (the numbers are the developer portal's, [U]; options here), and a short-term rate on the kit's
 * token buckets (calls per second, per application, user and API: eBay states none, so it only
 * stops a runaway client). Over either → 429 with errorId 2001 and, as a simulator-only test aid,
 * `Retry-After` (eBay documents none).
 */

/** [U] The daily call limits of an application and user (the developer portal shows the real ones). */
export const DEFAULT_DAILY_QUOTA = { inventory: 2_000_000, fulfillment: 100_000 };

/** Takes one call of `api` for the seller of `state`, or throws eBay's 429. */
export function takeCall(state: EbayState, kit: SimKit, api: ApiName): void {
  const key = `${state.clientId}|${state.userId}|${api}`;
  const verdict = kit.buckets.take(key);
  if (!verdict.ok) throw tooManyRequests(verdict.retryAfterMs / 1000, `More than ${kit.buckets.ratePerSecond} calls a second to the ${api} API by this application and user.`);
  const now = state.clock.now();
  const day = `${api}|${pacificDay(now)}`;
  const used = state.calls.get(day) ?? 0;
  const quota = state.dailyQuota[api];
  if (used >= quota) {
    throw tooManyRequests((nextPacificMidnight(now) - now) / 1000, `The daily quota of ${quota} ${api} calls of this application and user is used up until midnight US Pacific time.`);
  }
  state.calls.set(day, used + 1);
}

/** Calls made today per API (GET /__sim/quotas). */
export function usage(state: EbayState): Record<ApiName, { used: number; quota: number; resetsAt: string }> {
  const now = state.clock.now();
  const today = pacificDay(now);
  const resetsAt = new Date(nextPacificMidnight(now)).toISOString();
  const of = (api: ApiName) => ({ used: state.calls.get(`${api}|${today}`) ?? 0, quota: state.dailyQuota[api], resetsAt });
  return { inventory: of('inventory'), fulfillment: of('fulfillment') };
}
