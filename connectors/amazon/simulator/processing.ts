import type { AmazonState } from './amazon-state';
import { processFeed } from './feed-processing';
import { applySubmission } from './listing-records';

/**
 * Amazon's asynchronous work, done lazily on the simulator's clock: before any call reads or
 * writes listings or feeds, every listing write and feed whose time has come is processed, in the
 * order of their times (a feed before a listing write of the same instant). Nothing runs in the
 * background, so moving the clock (`POST /__sim/clock`) is all a test needs.
 */
export function settle(state: AmazonState, now: number): void {
  for (;;) {
    const sub = state.submissions.filter((s) => s.processedAt === null && s.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)[0];
    const feed = [...state.feeds.values()].filter((f) => f.finalStatus === null && f.doneAt <= now).sort((a, b) => a.doneAt - b.doneAt)[0];
    if (!sub && !feed) return;
    if (feed && (!sub || feed.doneAt <= sub.dueAt)) {
      const checks = state.documentSchemas;
      processFeed(state, feed, checks ? (d) => checks.listingsFeed(d) : null, checks ? (r) => checks.listingsFeedReport(r) : null);
    } else applySubmission(state, sub!);
  }
}
