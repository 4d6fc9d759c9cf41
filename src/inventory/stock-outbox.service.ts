import type { Context } from '../context';
import { execute, pgArray, selectRows } from '../common/sql';
import { normaliseChannelKey } from './channel-availability.service';

/**
 * The stock outbox as the sync engine sees it. Inventory writes a row whenever what a channel
 * may sell of a variant changes (channel-availability.service.ts); the engine takes the latest
 * pending quantity per variant, pushes it, and marks as sent the rows its push covered. Row ids
 * grow, so "up to id N" names exactly the rows a push read: rows written meanwhile stay pending.
 */

/** The latest pending quantity of a variant for a channel, and the newest row it covers. */
export interface PendingStockChange {
  variantId: string;
  quantity: number;
  /** Id of the newest pending row of the variant (a bigint, as text). */
  upToId: string;
}

/** Up to `limit` variants with pending changes for the channel, each with its latest quantity. */
export async function pendingStockChanges(ctx: Pick<Context, 'em'>, channelKey: string, limit: number): Promise<PendingStockChange[]> {
  const rows = await selectRows<{ variant_id: string; quantity: number; up_to: string }>(
    ctx.em,
    `select distinct on (variant_id) variant_id, quantity, (max(id) over (partition by variant_id))::text as up_to
       from stock_outbox where channel_key = ? and dispatched_at is null
      order by variant_id, id desc limit ?`,
    [normaliseChannelKey(channelKey), limit],
  );
  return rows.map((r) => ({ variantId: r.variant_id, quantity: r.quantity, upToId: r.up_to }));
}

/** Marks a channel's pending rows of these variants as sent, each up to the row its push read. */
export async function markStockChangesSent(ctx: Pick<Context, 'em'>, channelKey: string, sent: Pick<PendingStockChange, 'variantId' | 'upToId'>[]): Promise<void> {
  if (!sent.length) return;
  await execute(
    ctx.em,
    `update stock_outbox o set dispatched_at = now() from jsonb_to_recordset(?::jsonb) as x(v uuid, m bigint)
      where o.channel_key = ? and o.variant_id = x.v and o.id <= x.m and o.dispatched_at is null`,
    [JSON.stringify(sent.map((s) => ({ v: s.variantId, m: s.upToId }))), normaliseChannelKey(channelKey)],
  );
}

/** Id of the newest pending row of the channel (a bigint, as text); null when nothing waits. */
export async function newestPendingStockChange(ctx: Pick<Context, 'em'>, channelKey: string): Promise<string | null> {
  const [row] = await selectRows<{ id: string | null }>(ctx.em, 'select max(id)::text as id from stock_outbox where channel_key = ? and dispatched_at is null', [
    normaliseChannelKey(channelKey),
  ]);
  return row?.id ?? null;
}

/** Marks every pending row of the channel up to `upToId` as sent (a full push covered them). */
export async function markAllStockChangesSent(ctx: Pick<Context, 'em'>, channelKey: string, upToId: string): Promise<void> {
  await execute(ctx.em, 'update stock_outbox set dispatched_at = now() where channel_key = ? and dispatched_at is null and id <= ?', [normaliseChannelKey(channelKey), upToId]);
}

/** Which of these channels have stock changes waiting to be pushed. */
export async function channelsWithPendingStock(ctx: Pick<Context, 'em'>, channelKeys: string[]): Promise<Set<string>> {
  if (!channelKeys.length) return new Set();
  const rows = await selectRows<{ key: string }>(
    ctx.em,
    `select k.key from unnest(?::text[]) as k(key)
      where exists (select 1 from stock_outbox o where o.channel_key = k.key and o.dispatched_at is null)`,
    [pgArray(channelKeys)],
  );
  return new Set(rows.map((r) => r.key));
}
