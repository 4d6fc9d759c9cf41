import type { Context } from '../context';
import { UserErrorsException } from '../common/errors';
import { execute, pgArray, selectRows } from '../common/sql';
import { normaliseChannelKey, setChannelStockRule } from './channel-availability.service';

/**
 * What the sync engine's channel set-up asks of a channel's stock rule (which warehouses it sells
 * from, its buffer, cap and share: channel-availability.service.ts). A rule is keyed by the
 * channel's key and may exist before the channel does.
 */

/** Gives the channel key a stock policy (nothing held back, no cap, all of it) unless it has one. */
export async function ensureChannelStockPolicy(ctx: Pick<Context, 'em'>, channelKey: string): Promise<void> {
  await execute(ctx.em, 'insert into channel_stock_policy (channel_key) values (?) on conflict (channel_key) do nothing', [normaliseChannelKey(channelKey)]);
}

/**
 * Adds every active warehouse but marketplace fulfilment centres to what the channel sells from (the demo channels), keeping the
 * ones it has. Queues no stock pushes: for a channel whose listings are not live yet.
 */
export async function sellFromActiveWarehouses(ctx: Pick<Context, 'em'>, channelKey: string): Promise<void> {
  await execute(
    ctx.em,
    `insert into channel_stock_rule (id, channel_key, warehouse_id) select gen_random_uuid(), ?, w.id from warehouse w where w.active and w.channel_key is null
     on conflict do nothing`,
    [normaliseChannelKey(channelKey)],
  );
}

/**
 * Points the channel's stock rule at these warehouses, keeping its buffer, cap and share, and
 * queues pushes for what the channel may now sell. Refusals (an unknown code) are thrown as
 * UserErrorsException; the caller checked the codes already.
 */
export async function setChannelWarehouses(ctx: Context, channelKey: string, warehouseCodes: string[]): Promise<void> {
  const key = normaliseChannelKey(channelKey);
  const [policy] = await selectRows<{ buffer: number; max_quantity: number | null; share_percent: number | null }>(
    ctx.em,
    'select buffer, max_quantity, share_percent from channel_stock_policy where channel_key = ?',
    [key],
  );
  const r = await setChannelStockRule(ctx, {
    channelKey: key,
    warehouseCodes,
    buffer: policy?.buffer ?? 0,
    maxQuantity: policy?.max_quantity ?? null,
    sharePercent: policy?.share_percent ?? null,
  });
  if (r.userErrors.length) throw new UserErrorsException(r.userErrors);
}

/** Codes of the warehouses each channel sells from (by code), by channel key; every key given is in the map. */
export async function channelWarehouseCodes(ctx: Pick<Context, 'em'>, channelKeys: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(channelKeys.map((k) => [k, []]));
  if (!channelKeys.length) return out;
  const rows = await selectRows<{ channel_key: string; code: string }>(
    ctx.em,
    `select r.channel_key, w.code from channel_stock_rule r join warehouse w on w.id = r.warehouse_id
      where r.channel_key = any(?::text[]) order by w.code`,
    [pgArray(channelKeys)],
  );
  for (const r of rows) out.get(r.channel_key)?.push(r.code);
  return out;
}
