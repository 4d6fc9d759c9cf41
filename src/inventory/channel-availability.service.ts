import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { execute, pgArray, selectRows } from '../common/sql';
import { carryRiders } from '../common/statement-riders';
import { MAX_PAGE, DEFAULT_PAGE } from '../common/relay';
import { warehousesByCode } from './inventory-refs.queries';
import { ChannelStockRule, StockPush } from './channel-availability.types';
import { ChannelStockRulePayload } from './channel-availability.payloads';
import { SetChannelStockRuleInput } from './channel-availability.inputs';
import { requireReach } from '../staff/channel-scope';
import { P } from '../staff/permissions';
import { checkUnits, MAX_LEVEL_UNITS } from '../common/limits';

/**
 * What each channel may sell, and the stock outbox: whenever that quantity changes for a SKU a
 * row is written in the same transaction as the change, and the sync engine pushes the latest
 * row of each SKU to the marketplace.
 *
 * Concurrency: two transactions changing the same variant in different warehouses would each
 * work out the channel quantity without the other's uncommitted change, and the last row
 * written could be stale. So recordAvailabilityChanges takes a transaction-scoped advisory lock
 * per variant (in one fixed order) before reading: the second waits for the first to commit,
 * then sees its change. Rule changes take one exclusive advisory lock that every recording
 * transaction holds shared, so a rule is never combined with stock read before it changed.
 */

/**
 * Advisory lock class of the rules (first key of the two-key form, second key 0). The variants'
 * class, 0x0c5a0002, is taken in inventory_availability_locks only.
 */
const LOCK_RULES = 0x0c5a_0001;

export const CHANNEL_KEY = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export function normaliseChannelKey(key: string): string {
  return key.trim().toLowerCase();
}


/**
 * SQL common table expressions computing `sellable(channel_key, variant_id, quantity)` for every
 * channel of `target_channel(channel_key, buffer, max_quantity, share_percent)` and every variant
 * of `target_variant(variant_id)`, which the caller defines first. The one place the rule lives:
 *   1. sum available (on_hand − reserved) over the channel's active warehouses, fulfilment
 *      centres of a marketplace left out; a bundle counts,
 *      per warehouse, as many as its scarcest component allows (as Variant.stock does);
 *   2. subtract the buffer (not below 0);
 *   3. take share_percent of it (null: 100), rounded down;
 *   4. cap at max_quantity (null: no cap).
 */
const SELLABLE = `
  parts as (
    select t.variant_id, coalesce(bc.component_id, t.variant_id) as component_id, coalesce(bc.quantity, 1) as per_unit
      from target_variant t left join bundle_component bc on bc.bundle_id = t.variant_id),
  channel_warehouse as (
    select r.channel_key, r.warehouse_id
      from channel_stock_rule r
      join target_channel c on c.channel_key = r.channel_key
      join warehouse w on w.id = r.warehouse_id
     -- A marketplace's fulfilment centre (Amazon FBA) sells through that marketplace's own
     -- listings: no channel's pushed quantity counts it (setChannelStockRule refuses it too).
     where w.active and w.channel_key is null),
  per_warehouse as (
    select cw.channel_key, p.variant_id, min(coalesce(sl.on_hand - sl.reserved, 0) / p.per_unit) as units
      from parts p
     cross join channel_warehouse cw
      left join stock_level sl on sl.variant_id = p.component_id and sl.warehouse_id = cw.warehouse_id
     group by cw.channel_key, p.variant_id, cw.warehouse_id),
  sellable as (
    select c.channel_key, t.variant_id,
           least(c.max_quantity, greatest(coalesce(sum(pw.units), 0) - c.buffer, 0) * coalesce(c.share_percent, 100) / 100)::int as quantity
      from target_channel c
     cross join target_variant t
      left join per_warehouse pw on pw.channel_key = c.channel_key and pw.variant_id = t.variant_id
     group by c.channel_key, t.variant_id, c.buffer, c.max_quantity, c.share_percent)`;

/** Writes an outbox row for each sellable quantity that differs from the latest row (or has none). */
const INSERT_CHANGED = `
  insert into stock_outbox (channel_key, variant_id, quantity)
  select s.channel_key, s.variant_id, s.quantity
    from sellable s
    left join lateral (
      select o.quantity from stock_outbox o
       where o.channel_key = s.channel_key and o.variant_id = s.variant_id
       order by o.id desc limit 1) last on true
   where last.quantity is distinct from s.quantity
   order by s.channel_key, s.variant_id
  returning id, channel_key, variant_id, quantity`;

/**
 * The outbox write of writeAvailabilityChanges; one parameter, the target variant ids. Exported
 * for the inventory benchmark's raw floor, which sends the same statement.
 */
export const WRITE_AVAILABILITY_CHANGES = `with target_variant(variant_id) as (select unnest(?::uuid[])),
       target_channel as (select channel_key, buffer, max_quantity, share_percent from channel_stock_policy),
       ${SELLABLE}
     ${INSERT_CHANGED}`;

/** An outbox row written. */
export interface OutboxRow {
  id: string;
  channel_key: string;
  variant_id: string;
  quantity: number;
}

/**
 * Inside the caller's transaction, after stock of these variants changed: works out what every
 * channel may sell of each variant and of each bundle containing one of them, and writes an
 * outbox row where that differs from the channel's latest row for it (or there is none).
 * Returns the rows written. Unknown ids are ignored.
 *
 * Call it once the transaction holds every stock-level lock it will take (e.g. at the end of
 * the operation, with all variants touched): it takes per-variant advisory locks, and taking a
 * level lock after them could deadlock with a transaction waiting for one of them.
 */
export async function recordAvailabilityChanges(ctx: Pick<Context, 'em'>, variantIds: string[]): Promise<OutboxRow[]> {
  const ids = [...new Set(variantIds)];
  if (!ids.length) return [];
  // The rule lock shared, then one lock per variant and per bundle containing one, in one
  // fixed order (the function's comment in its migration, 20261205010000).
  const [row] = await selectRows<{ targets: string[] }>(ctx.em, 'select inventory_availability_locks(?::uuid[]) as targets', [pgArray(ids)]);
  return writeAvailabilityChanges(ctx, row.targets);
}

/**
 * Writes the outbox rows of `targets`, which inventory_availability_locks returned in this
 * transaction (its locks held, so this statement reads what the transactions it waited for
 * committed). The transaction's waiting riders (its audit entry) go with it.
 */
export async function writeAvailabilityChanges(ctx: Pick<Context, 'em'>, targets: string[]): Promise<OutboxRow[]> {
  if (!targets.length) return [];
  const { sql, params } = carryRiders(ctx.em, WRITE_AVAILABILITY_CHANGES, [pgArray(targets)]);
  return selectRows<OutboxRow>(ctx.em, sql, params);
}

/**
 * What a channel may sell of a SKU now; null when there is no such channel or SKU. FORBIDDEN
 * for a channel the caller reads neither channels nor stock of (channel-limited staff).
 */
export async function channelAvailability(ctx: Context, channelKey: string, sku: string): Promise<number | null> {
  requireReach(ctx.actor, normaliseChannelKey(channelKey), [P.ChannelsRead, P.InventoryRead]);
  const [row] = await selectRows<{ quantity: number }>(
    ctx.em,
    `with target_variant(variant_id) as (select id from variant where sku = ?),
       target_channel as (select channel_key, buffer, max_quantity, share_percent from channel_stock_policy where channel_key = ?),
       ${SELLABLE}
     select quantity from sellable`,
    [sku.trim(), normaliseChannelKey(channelKey)],
  );
  return row ? row.quantity : null;
}

/** What a channel may sell now of each of these variants (the sync engine's full pushes), by variant id. */
export async function channelAvailabilities(ctx: Pick<Context, 'em'>, channelKey: string, variantIds: string[]): Promise<Map<string, number>> {
  if (!variantIds.length) return new Map();
  const rows = await selectRows<{ variant_id: string; quantity: number }>(
    ctx.em,
    `with target_variant(variant_id) as (select unnest(?::uuid[])),
       target_channel as (select channel_key, buffer, max_quantity, share_percent from channel_stock_policy where channel_key = ?),
       ${SELLABLE}
     select variant_id, quantity from sellable`,
    [pgArray([...new Set(variantIds)]), normaliseChannelKey(channelKey)],
  );
  return new Map(rows.map((r) => [r.variant_id, r.quantity]));
}

async function loadRule(ctx: Context, channelKey: string): Promise<ChannelStockRule | null> {
  const [row] = await selectRows<{ channel_key: string; buffer: number; max_quantity: number | null; share_percent: number | null; updated_at: string; codes: string[] }>(
    ctx.em,
    `select p.channel_key, p.buffer, p.max_quantity, p.share_percent, p.updated_at,
            coalesce(array_agg(w.code order by w.code) filter (where w.code is not null), '{}') as codes
       from channel_stock_policy p
       left join channel_stock_rule r on r.channel_key = p.channel_key
       left join warehouse w on w.id = r.warehouse_id
      where p.channel_key = ?
      group by p.channel_key`,
    [channelKey],
  );
  if (!row) return null;
  return Object.assign(new ChannelStockRule(), {
    channelKey: row.channel_key,
    warehouseCodes: row.codes,
    buffer: row.buffer,
    maxQuantity: row.max_quantity,
    sharePercent: row.share_percent,
    updatedAt: new Date(row.updated_at),
  });
}

/**
 * setChannelStockRule: creates or replaces what a channel sells from and how much, then queues a
 * push for every SKU whose sellable quantity on that channel changed: variants stocked in a
 * warehouse the channel sold from or now sells from, bundles of them, and variants already in
 * its outbox. (Any other variant has nothing in those warehouses: 0 before and after.)
 */
export async function setChannelStockRule(ctx: Context, input: SetChannelStockRuleInput): Promise<ChannelStockRulePayload> {
  const errors: UserError[] = [];
  const key = normaliseChannelKey(input.channelKey);
  // Channel-limited managers set the rules of their channels only.
  requireReach(ctx.actor, key, [P.ChannelsManage]);
  if (!CHANNEL_KEY.test(key)) errors.push(userError('INVALID_KEY', 'A channel key is 2-64 lower-case letters, digits, - or _ (e.g. taobao-main)', 'channelKey'));
  const buffer = input.buffer ?? 0;
  if (buffer < 0) errors.push(userError('NEGATIVE_QUANTITY', 'The buffer is 0 or more units', 'buffer'));
  else checkUnits(buffer, 'buffer', errors, { min: 0, max: MAX_LEVEL_UNITS, what: 'The buffer' });
  if (input.maxQuantity != null && input.maxQuantity < 0) errors.push(userError('NEGATIVE_QUANTITY', 'The most a channel may sell is 0 or more units', 'maxQuantity'));
  else checkUnits(input.maxQuantity, 'maxQuantity', errors, { min: 0, max: MAX_LEVEL_UNITS, what: 'The most a channel may sell' });
  if (input.sharePercent != null && (input.sharePercent < 0 || input.sharePercent > 100)) {
    errors.push(userError('INVALID_VALUE', 'The share is a percentage from 0 to 100', 'sharePercent'));
  }
  const codes = input.warehouseCodes.map((c) => c.trim().toUpperCase());
  const warehouses = await warehousesByCode(ctx, codes);
  codes.forEach((c, i) => {
    const w = warehouses.get(c);
    if (!w) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${c}`, ['warehouseCodes', i]));
    // The marketplace sells that stock itself through its fulfilled listings; pushing it as our
    // quantity would offer the same units twice.
    else if (w.channel_key) {
      errors.push(userError('MARKETPLACE_FULFILMENT_WAREHOUSE', `Warehouse ${c} is the fulfilment centre of channel ${w.channel_key}: the marketplace sells that stock itself, no channel pushes it`, ['warehouseCodes', i]));
    }
  });
  if (errors.length) return { channelStockRule: null, queuedPushes: 0, userErrors: errors };

  // Waits for transactions recording availability to commit; new ones wait for this one.
  await execute(ctx.em, 'select pg_advisory_xact_lock(?, 0)', [LOCK_RULES]);
  const previous = await selectRows<{ warehouse_id: string }>(ctx.em, 'select warehouse_id from channel_stock_rule where channel_key = ?', [key]);
  const next = [...new Set(codes.map((c) => warehouses.get(c)!.id))];
  await execute(
    ctx.em,
    `insert into channel_stock_policy (channel_key, buffer, max_quantity, share_percent) values (?, ?, ?, ?)
     on conflict (channel_key) do update set buffer = excluded.buffer, max_quantity = excluded.max_quantity,
       share_percent = excluded.share_percent, updated_at = now()`,
    [key, buffer, input.maxQuantity ?? null, input.sharePercent ?? null],
  );
  await execute(ctx.em, 'delete from channel_stock_rule where channel_key = ? and not (warehouse_id = any(?::uuid[]))', [key, pgArray(next)]);
  if (next.length) {
    await execute(
      ctx.em,
      `insert into channel_stock_rule (id, channel_key, warehouse_id) values ${next.map(() => '(gen_random_uuid(), ?, ?)').join(', ')}
       on conflict (channel_key, warehouse_id) do nothing`,
      next.flatMap((id) => [key, id]),
    );
  }
  const affected = pgArray([...new Set([...previous.map((p) => p.warehouse_id), ...next])]);
  const queued = await selectRows<OutboxRow>(
    ctx.em,
    `with stocked as (select distinct variant_id from stock_level where warehouse_id = any(?::uuid[])),
       target_variant(variant_id) as (
         select variant_id from stocked
         union select bc.bundle_id from bundle_component bc join stocked s on s.variant_id = bc.component_id
         union select variant_id from stock_outbox where channel_key = ?),
       target_channel as (select channel_key, buffer, max_quantity, share_percent from channel_stock_policy where channel_key = ?),
       ${SELLABLE}
     ${INSERT_CHANGED}`,
    [affected, key, key],
  );
  return { channelStockRule: await loadRule(ctx, key), queuedPushes: queued.length, userErrors: [] };
}

/** A page size of a plain list: default and maximum as for connections. */
export function listSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE;
  if (first < 0 || first > MAX_PAGE) throw badInput(`\`first\` must be between 0 and ${MAX_PAGE}.`);
  return first;
}

/**
 * The outbox of a channel collapsed: for each SKU whose latest row is not dispatched yet, that
 * row's quantity (earlier undispatched rows are superseded). Longest-waiting SKUs first.
 */
export async function pendingStockPushes(ctx: Context, channelKey: string, first?: number | null): Promise<StockPush[]> {
  const key = normaliseChannelKey(channelKey);
  requireReach(ctx.actor, key, [P.ChannelsRead]);
  const rows = await selectRows<{ id: string; sku: string; quantity: number; changes: number; created_at: string }>(
    ctx.em,
    `select p.id, v.sku, p.quantity, p.changes, p.created_at
       from (select distinct on (o.variant_id) o.variant_id, o.id, o.quantity, o.created_at,
                    count(*) over (partition by o.variant_id)::int as changes,
                    min(o.id) over (partition by o.variant_id) as first_id
               from stock_outbox o
              where o.channel_key = ? and o.dispatched_at is null
              order by o.variant_id, o.id desc) p
       join variant v on v.id = p.variant_id
      where not exists (select 1 from stock_outbox d where d.channel_key = ? and d.variant_id = p.variant_id and d.id > p.id)
      order by p.first_id
      limit ?`,
    [key, key, listSize(first)],
  );
  return rows.map((r) =>
    Object.assign(new StockPush(), { sku: r.sku, quantity: r.quantity, changes: r.changes, outboxId: String(r.id), changedAt: new Date(r.created_at) }),
  );
}
