import type { Context } from '../context';
import { execute, pgArray, selectRows } from '../common/sql';
import { MovementType } from './inventory.types';
import { variantsBySku } from './inventory-refs.queries';
import { applyMovement, lockLevel } from './stock-ledger';
import { normaliseChannelKey } from './channel-availability.service';

/**
 * Stock a marketplace keeps in its own fulfilment centre (Amazon FBA), in the warehouse tied to
 * the channel (warehouse.channel_key). Two things move it:
 *   - the marketplace's count, read by the sync engine on a schedule: each level is set to what
 *     the marketplace can ship now (a MARKETPLACE_COUNT movement of the difference), and its
 *     `incoming` to what is on its way in; a SKU the count no longer names has none left;
 *   - the orders the marketplace ships from it, taken off as SHIPMENT movements when they are
 *     imported paid, so sales, the ledger and replenishment see them before the next count.
 * The count is the truth: an order imported after a count that already left it out is taken
 * twice until the next count sets the level back (at most one schedule period).
 */

/** One SKU as the marketplace counts it. */
export interface MarketplaceCount {
  sku: string;
  /** Units the marketplace can ship now. */
  available: number;
  /** Units on their way into its warehouses. */
  inbound: number;
}

/** What a count changed. */
export interface MarketplaceCountResult {
  warehouseCode: string;
  /** Levels whose on-hand or incoming quantity changed (SKUs the count named, and ones it stopped naming). */
  changed: number;
  /** SKUs named whose level already matched. */
  unchanged: number;
  /** SKUs the marketplace holds that we do not know (or that are bundles, which are not stocked). */
  unknownSkus: string[];
}

interface FulfilmentWarehouse {
  id: string;
  code: string;
  channel_key: string;
}

/** The fulfilment centres tied to these channels, by channel key (a key without one is left out). */
export async function fulfilmentWarehouses(ctx: Pick<Context, 'em'>, channelKeys: string[]): Promise<Map<string, { id: string; code: string }>> {
  const keys = [...new Set(channelKeys.map(normaliseChannelKey))];
  if (!keys.length) return new Map();
  const rows = await selectRows<FulfilmentWarehouse>(ctx.em, 'select id, code, channel_key from warehouse where channel_key = any(?::text[])', [pgArray(keys)]);
  return new Map(rows.map((r) => [r.channel_key, { id: r.id, code: r.code }]));
}

/**
 * Sets the levels of the channel's fulfilment centre to the marketplace's count (the whole
 * count: SKUs it no longer names go to 0). Null when the channel has no fulfilment centre.
 * Only levels that differ are locked and written, so an unchanged count costs two reads.
 */
export async function setMarketplaceCount(ctx: Context, channelKey: string, counts: MarketplaceCount[], source: string): Promise<MarketplaceCountResult | null> {
  const warehouse = (await fulfilmentWarehouses(ctx, [channelKey])).get(normaliseChannelKey(channelKey));
  if (!warehouse) return null;
  const variants = await variantsBySku(ctx, counts.map((c) => c.sku));
  const unknownSkus: string[] = [];
  const target = new Map<string, { available: number; inbound: number }>();
  for (const c of counts) {
    const v = variants.get(c.sku);
    if (!v || v.components.length) unknownSkus.push(c.sku);
    else target.set(v.id, { available: c.available, inbound: c.inbound });
  }
  const held = await selectRows<{ variant_id: string; on_hand: number; incoming: number }>(
    ctx.em,
    'select variant_id, on_hand, incoming from stock_level where warehouse_id = ? and (on_hand <> 0 or incoming <> 0 or variant_id = any(?::uuid[]))',
    [warehouse.id, pgArray([...target.keys()])],
  );
  const current = new Map(held.map((h) => [h.variant_id, h]));
  // Named SKUs and ones we hold that the count left out; in variant order, the module's lock order.
  const ids = [...new Set([...target.keys(), ...current.keys()])].sort();
  let changed = 0;
  for (const id of ids) {
    const want = target.get(id) ?? { available: 0, inbound: 0 };
    const have = current.get(id);
    if (have && have.on_hand === want.available && have.incoming === want.inbound) continue;
    if (!have && want.available === 0 && want.inbound === 0) continue;
    const level = await lockLevel(ctx.em, id, warehouse.id);
    // Nothing is ever reserved here; a level that somehow holds a reservation keeps it covered.
    const onHand = Math.max(want.available, level.reserved);
    await applyMovement(ctx, level, { type: MovementType.MARKETPLACE_COUNT, quantity: onHand - level.on_hand, reason: source });
    await execute(ctx.em, 'update stock_level set incoming = ?, updated_at = now() where id = ? and incoming <> ?', [want.inbound, level.id, want.inbound]);
    changed++;
  }
  return { warehouseCode: warehouse.code, changed, unchanged: countUnchanged(target, current), unknownSkus };
}

/** Named SKUs whose level already held the count. */
function countUnchanged(target: Map<string, { available: number; inbound: number }>, current: Map<string, { on_hand: number; incoming: number }>): number {
  let n = 0;
  for (const [id, want] of target) {
    const have = current.get(id);
    if (have ? have.on_hand === want.available && have.incoming === want.inbound : want.available === 0 && want.inbound === 0) n++;
  }
  return n;
}

/** An order the marketplace ships from its fulfilment centre: its reference (our order number) and units. */
export interface MarketplaceShippedOrder {
  channelKey: string;
  reference: string;
  lines: { sku: string; quantity: number }[];
}

/**
 * Takes the units of orders the marketplace ships itself (Amazon AFN) off its fulfilment
 * centre's levels, as SHIPMENT movements referencing the order; never below 0 (the count may
 * be behind), bundles as their components. An order already taken (a movement with its
 * reference exists) or of a channel without a fulfilment centre is left alone. Returns the
 * units taken per reference.
 */
export async function takeMarketplaceShipped(ctx: Context, orders: MarketplaceShippedOrder[]): Promise<Map<string, number>> {
  const taken = new Map<string, number>();
  if (!orders.length) return taken;
  const warehouses = await fulfilmentWarehouses(ctx, orders.map((o) => o.channelKey));
  const wanted = orders.filter((o) => warehouses.has(normaliseChannelKey(o.channelKey)));
  if (!wanted.length) return taken;
  const done = await selectRows<{ reference_id: string }>(
    ctx.em,
    `select distinct reference_id from stock_movement
      where warehouse_id = any(?::uuid[]) and type = 'SHIPMENT' and reference_type = 'ORDER' and reference_id = any(?::text[])`,
    [pgArray([...new Set([...warehouses.values()].map((w) => w.id))]), pgArray(wanted.map((o) => o.reference))],
  );
  const already = new Set(done.map((d) => d.reference_id));
  const variants = await variantsBySku(ctx, wanted.flatMap((o) => o.lines.map((l) => l.sku)));
  // Units per (warehouse, variant) of every order, so levels are locked once each, in order.
  const units: { warehouseId: string; variantId: string; quantity: number; reference: string }[] = [];
  for (const o of wanted) {
    if (already.has(o.reference)) continue;
    const w = warehouses.get(normaliseChannelKey(o.channelKey))!;
    for (const l of o.lines) {
      const v = variants.get(l.sku);
      if (!v) continue;
      const parts = v.components.length ? v.components.map((c) => ({ id: c.variantId, q: c.quantity * l.quantity })) : [{ id: v.id, q: l.quantity }];
      for (const p of parts) units.push({ warehouseId: w.id, variantId: p.id, quantity: p.q, reference: o.reference });
    }
  }
  units.sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0));
  for (const u of units) {
    const level = await lockLevel(ctx.em, u.variantId, u.warehouseId);
    const quantity = Math.min(u.quantity, level.on_hand - level.reserved);
    if (quantity <= 0) continue;
    await applyMovement(ctx, level, {
      type: MovementType.SHIPMENT,
      quantity: -quantity,
      reason: 'shipped by the marketplace from its fulfilment centre',
      referenceType: 'ORDER',
      referenceId: u.reference,
    });
    taken.set(u.reference, (taken.get(u.reference) ?? 0) + quantity);
  }
  return taken;
}

/** Keys of the channels among these that have a fulfilment centre (the sync engine schedules their counts). */
export async function channelsWithFulfilmentWarehouse(ctx: Pick<Context, 'em'>, channelKeys: string[]): Promise<Set<string>> {
  return new Set((await fulfilmentWarehouses(ctx, channelKeys)).keys());
}
