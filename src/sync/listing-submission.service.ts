import type { ItemError, ListingIssue, ListingOutcome, ListingRef, MarketPrice, Submission } from '../../connectors/sdk/types';
import type { Context } from '../context';
import { execute, selectRows } from '../common/sql';
import { recordListingEvents } from './listing-event.service';
import { enqueue, Q } from './queue';
import { addRunCounts, addRunJob, recordSyncErrors } from './sync-run.service';
import type { PollJobData } from './jobs/job-data';

/**
 * Asynchronous listing writes. A marketplace that processes writes later (Amazon Listings
 * ACCEPTED + submissionId, feeds, eBay bulk tasks) answers a publish, an update, a delist, a
 * stock or a price push with a Submission instead of a result. The job that sent it saves it
 * here (the handle, what was sent per listing) and enqueues its first poll in the same
 * transaction, so a worker dying right after the marketplace took the write loses nothing: the
 * poll job (jobs/poll.job.ts) finds the handle in PostgreSQL. Listings of a publish, update or
 * delist are PENDING meanwhile; a stock or price push leaves the listing as it is and counts the
 * value as pushed only once accepted. `applyOutcomes` writes how each SKU ended, for a
 * submission once polled and for a group write answered at once alike.
 */

/** A write of one listing: what the marketplace was asked for, so it counts as pushed once accepted. */
export type SubmissionAction = 'LIST' | 'UPDATE' | 'DELIST' | 'RESTOCK' | 'REPRICE';

export interface SubmissionItem {
  listingId: string;
  sku: string;
  action: SubmissionAction;
  quantity?: number | null;
  price?: string | null;
  salePrice?: string | null;
  /** The prices sent per marketplace (a channel of several), kept as `listing.last_pushed_markets` once accepted. */
  markets?: MarketPrice[] | null;
  /** Where the listing lived when it was sent (an accepted write without a ref of its own keeps it). */
  ref?: ListingRef | null;
}

export interface SubmissionRow {
  id: string;
  channel_id: string;
  run_id: string | null;
  action: SubmissionAction;
  handle: Record<string, string | number | boolean | null>;
  items: SubmissionItem[];
  status: 'PENDING' | 'DONE' | 'EXPIRED';
  polls: number;
  submitted_at: string;
}

/** How long a submission is polled before it counts as lost: Amazon feeds may take hours, none a day. */
export const MAX_SUBMISSION_AGE_MS = 24 * 60 * 60 * 1000;
/** The first poll, when the marketplace gives no hint. */
const FIRST_POLL_SECONDS = 2;
/** The longest wait between two polls. */
const MAX_POLL_SECONDS = 300;

/**
 * Seconds until the next poll: the marketplace's hint when it gave one, else doubling from two
 * seconds with each poll made; between 1 second and 5 minutes. Pure.
 */
export function pollDelaySeconds(polls: number, hintMs?: number | null): number {
  const raw = hintMs != null && hintMs > 0 ? Math.ceil(hintMs / 1000) : FIRST_POLL_SECONDS * 2 ** Math.min(polls, 20);
  return Math.max(1, Math.min(MAX_POLL_SECONDS, raw));
}

/** Whether a connector's answer is a submission to poll rather than a result. */
export function isSubmission(value: unknown): value is Submission {
  return !!value && typeof value === 'object' && (value as { pending?: unknown }).pending === true && typeof (value as { handle?: unknown }).handle === 'object';
}

/**
 * Saves a submission and enqueues its first poll, in the caller's transaction; the run waits for
 * the poll. The listings of a publish, update or delist go PENDING and say which submission.
 */
export async function recordSubmission(
  ctx: Context,
  at: { channelId: string; runId?: string | null },
  submission: Submission,
  items: SubmissionItem[],
): Promise<string> {
  const delay = pollDelaySeconds(0, submission.pollAfterMs);
  const refs = new Map((submission.refs ?? []).map((r) => [r.sku, r]));
  const stored = items.map((i) => ({ ...i, ref: refs.get(i.sku) ?? i.ref ?? null }));
  const [row] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into listing_submission (id, channel_id, run_id, action, handle, items, next_poll_at)
     values (gen_random_uuid(), ?, ?, ?, ?::jsonb, ?::jsonb, now() + make_interval(secs => ?)) returning id`,
    [at.channelId, at.runId ?? null, items[0]?.action ?? 'UPDATE', JSON.stringify(submission.handle), JSON.stringify(stored), delay],
  );
  const writes = stored.filter((i) => i.action === 'LIST' || i.action === 'UPDATE' || i.action === 'DELIST');
  if (writes.length) {
    await execute(
      ctx.em,
      `update listing l set status = 'PENDING', pending_action = x.a, submission_id = ?, issues = '[]',
              item_id = coalesce(x.item, l.item_id), sku_id = coalesce(x.skuid, l.sku_id), extra = coalesce(x.extra, l.extra),
              last_error_code = null, last_error_message = null, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, a text, item text, skuid text, extra jsonb) where l.id = x.id`,
      [row.id, JSON.stringify(writes.map((w) => ({ id: w.listingId, a: w.action, item: w.ref?.itemId ?? null, skuid: w.ref?.skuId ?? null, extra: w.ref?.extra ?? null })))],
    );
  }
  await recordListingEvents(
    ctx.em,
    stored.map((i) => ({ listingId: i.listingId, action: i.action, request: { ...requestOf(i), submission: submission.handle }, ok: true, submissionId: row.id })),
  );
  await addRunJob(ctx.em, at.runId);
  const data: PollJobData = { channelId: at.channelId, runId: at.runId ?? null, submissionId: row.id, poll: 0 };
  await enqueue(ctx.em, Q.poll, data, { startAfterSeconds: delay });
  return row.id;
}

function requestOf(i: SubmissionItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (i.quantity != null) out.quantity = i.quantity;
  if (i.price != null) out.price = i.price;
  if (i.action === 'REPRICE' || i.price != null) out.salePrice = i.salePrice ?? null;
  return out;
}

/** The scope a listing write's errors are filed under. */
function scopeOf(action: SubmissionAction): string {
  return action === 'RESTOCK' ? 'STOCK' : action === 'REPRICE' ? 'PRICES' : 'LISTINGS';
}

/** What a refused item shows: the marketplace's first ERROR issue when it gave no error code of its own. */
function errorOf(o: Extract<ListingOutcome, { ok: false }>): ItemError {
  const issue = o.issues?.find((i) => i.severity === 'ERROR');
  return { kind: o.error.kind, code: o.error.code || issue?.code || 'REFUSED', message: o.error.message || issue?.message || '' };
}

/**
 * Writes how each SKU of a write ended: an accepted publish or update goes ACTIVE with its ref and
 * what was sent as last pushed; an accepted delist DELISTED; an accepted stock or price push
 * counts as pushed. A refusal puts a published listing in ERROR (a refused delist leaves it on
 * sale) with the marketplace's code, message and issues, and files a sync error. A listing
 * written again since (another submission) is left to that one. SKUs the answer leaves out are
 * refused as NO_RESULT. Counts go to the run.
 */
export async function applyOutcomes(
  ctx: Context,
  at: { channelId: string; runId?: string | null; jobId?: string | null; submissionId?: string | null },
  items: SubmissionItem[],
  outcomes: ListingOutcome[],
): Promise<{ ok: number; refused: number }> {
  const bySku = new Map(outcomes.map((o) => [o.sku, o]));
  const guard = at.submissionId ? 'and l.submission_id = x.sub' : '';
  const accepted: { i: SubmissionItem; ref: ListingRef | null; issues: ListingIssue[] }[] = [];
  const refused: { i: SubmissionItem; error: ItemError; issues: ListingIssue[] }[] = [];
  for (const i of items) {
    const o = bySku.get(i.sku);
    if (!o) refused.push({ i, error: { kind: 'RETRYABLE', code: 'NO_RESULT', message: `The marketplace's answer said nothing of ${i.sku}: publish it again` }, issues: [] });
    else if (o.ok) {
      const ref = o.ref ?? i.ref ?? null;
      if (!ref && i.action === 'LIST') refused.push({ i, error: { kind: 'PERMANENT', code: 'NO_REF', message: `The marketplace accepted ${i.sku} without saying where it lives` }, issues: o.issues ?? [] });
      else accepted.push({ i, ref, issues: o.issues ?? [] });
    } else refused.push({ i, error: errorOf(o), issues: o.issues ?? [] });
  }
  const sub = at.submissionId ?? null;
  const json = (rows: object[]) => JSON.stringify(rows);
  const writes = (a: SubmissionAction) => a === 'LIST' || a === 'UPDATE';

  const okWrites = accepted.filter((x) => writes(x.i.action));
  if (okWrites.length) {
    await execute(
      ctx.em,
      `update listing l set status = 'ACTIVE', item_id = coalesce(x.item, l.item_id), sku_id = coalesce(x.skuid, l.sku_id), extra = coalesce(x.extra, l.extra),
              last_pushed_quantity = x.q, last_pushed_price = x.p, last_pushed_sale_price = x.sp, last_pushed_markets = x.m, last_pushed_at = now(),
              last_error_code = null, last_error_message = null, issues = x.issues, pending_action = null, submission_id = null, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, item text, skuid text, extra jsonb, q int, p numeric, sp numeric, m jsonb, issues jsonb, sub uuid)
        where l.id = x.id ${guard}`,
      [json(okWrites.map(({ i, ref, issues }) => ({ id: i.listingId, item: ref?.itemId ?? null, skuid: ref?.skuId ?? null, extra: ref?.extra ?? null, q: i.quantity ?? null, p: i.price ?? null, sp: i.salePrice ?? null, m: i.markets ?? null, issues, sub })))],
    );
  }
  const okDelists = accepted.filter((x) => x.i.action === 'DELIST');
  if (okDelists.length) {
    await execute(
      ctx.em,
      `update listing l set status = 'DELISTED', last_error_code = null, last_error_message = null, issues = x.issues, pending_action = null, submission_id = null, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, issues jsonb, sub uuid) where l.id = x.id ${guard}`,
      [json(okDelists.map(({ i, issues }) => ({ id: i.listingId, issues, sub })))],
    );
  }
  const okStock = accepted.filter((x) => x.i.action === 'RESTOCK');
  if (okStock.length) {
    await execute(
      ctx.em,
      `update listing l set last_pushed_quantity = x.q, last_pushed_at = now(), updated_at = now() from jsonb_to_recordset(?::jsonb) as x(id uuid, q int) where l.id = x.id`,
      [json(okStock.map(({ i }) => ({ id: i.listingId, q: i.quantity })))],
    );
  }
  const okPrices = accepted.filter((x) => x.i.action === 'REPRICE');
  if (okPrices.length) {
    await execute(
      ctx.em,
      `update listing l set last_pushed_price = x.p, last_pushed_sale_price = x.sp, last_pushed_markets = x.m, last_pushed_at = now(), updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, p numeric, sp numeric, m jsonb) where l.id = x.id`,
      [json(okPrices.map(({ i }) => ({ id: i.listingId, p: i.price, sp: i.salePrice ?? null, m: i.markets ?? null })))],
    );
  }
  if (refused.length) {
    // A refused publish or update is the listing's error; a refused delist leaves it on sale; a
    // refused stock or price push leaves its status and notes why.
    await execute(
      ctx.em,
      `update listing l set status = case when x.a in ('LIST', 'UPDATE') then 'ERROR' when x.a = 'DELIST' then 'ACTIVE' else l.status end,
              last_error_code = x.c, last_error_message = x.m, issues = x.issues,
              pending_action = case when x.a in ('LIST', 'UPDATE', 'DELIST') then null else l.pending_action end,
              submission_id = case when x.a in ('LIST', 'UPDATE', 'DELIST') then null else l.submission_id end, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, a text, c text, m text, issues jsonb, sub uuid)
        where l.id = x.id ${at.submissionId ? "and (x.a in ('RESTOCK', 'REPRICE') or l.submission_id = x.sub)" : ''}`,
      [json(refused.map(({ i, error, issues }) => ({ id: i.listingId, a: i.action, c: error.code.slice(0, 200), m: error.message.slice(0, 4000), issues, sub })))],
    );
    await recordSyncErrors(
      ctx.em,
      refused.map(({ i, error }) => ({
        runId: at.runId,
        channelId: at.channelId,
        scope: scopeOf(i.action),
        kind: error.kind === 'PERMANENT' || error.kind === 'PERMISSION_DENIED' ? error.kind : 'PERMANENT',
        code: error.code,
        message: error.message,
        externalId: i.sku,
        jobId: at.jobId ?? null,
        queue: at.submissionId ? Q.poll : Q.listing,
      })),
    );
  }
  await recordListingEvents(ctx.em, [
    ...accepted.map(({ i }) => ({ listingId: i.listingId, action: i.action, request: requestOf(i), ok: true })),
    ...refused.map(({ i, error }) => ({ listingId: i.listingId, action: i.action, request: requestOf(i), ok: false, errorCode: error.code, errorMessage: error.message })),
  ]);
  const created = accepted.filter((x) => x.i.action === 'LIST').length;
  await addRunCounts(ctx.em, at.runId, { created, updated: accepted.length - created, failed: refused.length });
  return { ok: accepted.length, refused: refused.length };
}
