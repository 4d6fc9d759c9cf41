import DataLoader from 'dataloader';
import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { execute, inList, selectRows } from '../common/sql';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { MovementType } from './inventory.types';
import { refuseMarketplaceCounted, variantsBySku } from './inventory-refs.queries';
import { applyMovement, LockedLevel } from './stock-ledger';
import { Stocktake, StocktakeBinCount, StocktakeLine, StocktakeRow } from './stocktake.types';
import { StocktakePayload } from './stocktake.payloads';
import { RecordStocktakeCountInput, StartStocktakeInput, StocktakeFilter } from './stocktake.inputs';
import { checkUnits } from '../common/limits';

/**
 * Stocktakes (盘点). Starting one snapshots the onHand of every level of a warehouse (or of the
 * SKUs whose default bin lies in one zone) together with the ledger position it corresponds
 * to: the levels are share-locked while the snapshot is read, so no movement of theirs is in
 * flight and every later movement has a higher id. While the count is open the books keep
 * moving; a line's expected quantity is the snapshot plus the movements since, so shipments
 * and receipts during the count do not show up as variance. Posting sets each counted level
 * to the count with one STOCKTAKE movement; SKUs nobody counted are left as they are.
 */

const COLUMNS = `s.id, s.seq, s.number, s.warehouse_id, w.code as warehouse_code, s.zone_code, s.status, s.started_at, s.started_by,
  s.posted_at, s.posted_by, s.cancelled_at`;
const FROM = 'from stocktake s join warehouse w on w.id = s.warehouse_id';

/** Reads a stocktake as the API shows it (lines resolve separately). */
export async function stocktakeNode(ctx: Context, id: string): Promise<Stocktake | null> {
  const [row] = await selectRows<StocktakeRow>(ctx.em, `select ${COLUMNS} ${FROM} where s.id = ?`, [id]);
  return row ? Stocktake.fromRow(row) : null;
}

/** stocktake(id): null when the id is not a stocktake's. */
export function findStocktake(ctx: Context, globalId: string): Promise<Stocktake | null> {
  const id = uuidOf('Stocktake', globalId);
  return id ? stocktakeNode(ctx, id) : Promise.resolve(null);
}

/** stocktakes: newest first (keyset on the number's sequence). Forward paging only. */
export async function listStocktakes(ctx: Context, args: ConnectionArgs, filter?: StocktakeFilter | null): Promise<Page<Stocktake>> {
  if (args.last != null || args.before != null) throw badInput('Stocktakes page forward only: use first and after');
  const req = pageRequest(args, 1);
  const conds: string[] = ['true'];
  const params: unknown[] = [];
  if (filter?.warehouseCode) (conds.push('w.code = ?'), params.push(filter.warehouseCode.trim().toUpperCase()));
  if (filter?.status) (conds.push('s.status = ?'), params.push(filter.status));
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  if (req.cursor) {
    if (!/^\d+$/.test(String(req.cursor[0]))) throw badInput('The cursor is not valid for this list');
    page.push('s.seq < ?');
    pageParams.push(String(req.cursor[0]));
  }
  const rows = await selectRows<StocktakeRow>(ctx.em, `select ${COLUMNS} ${FROM} where ${page.join(' and ')} order by s.seq desc limit ?`, [
    ...pageParams,
    req.limit + 1,
  ]);
  const seqs = new Map<Stocktake, string>();
  const nodes = rows.map((r) => {
    const node = Stocktake.fromRow(r);
    seqs.set(node, String(r.seq));
    return node;
  });
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n ${FROM} where ${where}`, params))[0].n;
  return buildPage(nodes, req, (n) => [seqs.get(n)], count, { after: !!args.after, before: false });
}

/** startStocktake: snapshots the book quantities; one open stocktake per warehouse and zone. */
export async function startStocktake(ctx: Context, input: StartStocktakeInput): Promise<StocktakePayload> {
  const code = input.warehouseCode.trim().toUpperCase();
  const zone = input.zone?.trim() || null;
  const [warehouse] = await selectRows<{ id: string; code: string; channel_key: string | null }>(ctx.em, 'select id, code, channel_key from warehouse where code = ?', [code]);
  if (!warehouse) return refused(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${code}`, 'warehouseCode'));
  const counted: UserError[] = [];
  refuseMarketplaceCounted(warehouse, 'warehouseCode', counted);
  if (counted.length) return refused(counted[0]);
  // Starts in one warehouse queue here, so the open-stocktake check below cannot race.
  // (NO KEY UPDATE leaves the key-share locks of inserts that reference the warehouse alone.)
  await execute(ctx.em, 'select id from warehouse where id = ? for no key update', [warehouse.id]);
  let zoneId: string | null = null;
  if (zone) {
    const [z] = await selectRows<{ id: string }>(ctx.em, 'select id from warehouse_zone where warehouse_id = ? and code = ?', [warehouse.id, zone]);
    if (!z) return refused(userError('UNKNOWN_ZONE', `Warehouse ${code} has no zone ${zone}`, 'zone'));
    zoneId = z.id;
  }
  // A whole-warehouse count overlaps every zone count of the warehouse, and the other way round.
  const [open] = await selectRows<{ number: string; zone_code: string | null }>(
    ctx.em,
    `select number, zone_code from stocktake where warehouse_id = ? and status = 'OPEN' and (zone_code is null or ?::text is null or zone_code = ?) limit 1`,
    [warehouse.id, zone, zone],
  );
  if (open) {
    const what = open.zone_code ? `zone ${open.zone_code} of ${code}` : `the whole of ${code}`;
    return refused(userError('STOCKTAKE_OPEN', `Stocktake ${open.number} of ${what} is still open; post or cancel it first`, zone ? 'zone' : 'warehouseCode'));
  }
  const [st] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into stocktake (id, warehouse_id, zone_code, snapshot_movement_id, started_by) values (gen_random_uuid(), ?, ?, 0, ?) returning id`,
    [warehouse.id, zone, ctx.actor?.label ?? 'system'],
  );
  // Share locks, taken in the fixed level order, wait for any movement in flight on these
  // levels and hold off new ones until commit: the onHand read here is final for the snapshot.
  await execute(
    ctx.em,
    `insert into stocktake_line (id, stocktake_id, variant_id, expected_on_hand, snapshot_movement_id)
     select gen_random_uuid(), ?, sl.variant_id, sl.on_hand, 0
       from stock_level sl ${zoneId ? 'join warehouse_bin b on b.id = sl.default_bin_id and b.zone_id = ?' : ''}
      where sl.warehouse_id = ?
      order by sl.variant_id, sl.warehouse_id
      for share of sl`,
    zoneId ? [st.id, zoneId, warehouse.id] : [st.id, warehouse.id],
  );
  // Read after the locks are held: every movement of a snapshotted level is at or below it.
  await execute(
    ctx.em,
    `with mx as (select coalesce(max(id), 0) as id from stock_movement),
       head as (update stocktake set snapshot_movement_id = (select id from mx) where id = ?)
     update stocktake_line set snapshot_movement_id = (select id from mx) where stocktake_id = ?`,
    [st.id, st.id],
  );
  return { stocktake: await stocktakeNode(ctx, st.id), userErrors: [] };
}

interface HeadRow {
  id: string;
  number: string;
  status: string;
  warehouse_id: string;
}

async function lockHead(ctx: Context, globalId: string, mode: 'share' | 'update', field: string): Promise<HeadRow | UserError> {
  const id = uuidOf('Stocktake', globalId);
  const [st] = id
    ? await selectRows<HeadRow>(ctx.em, `select id, number, status, warehouse_id from stocktake where id = ? for ${mode}`, [id])
    : [];
  if (!st) return userError('NOT_FOUND', 'No stocktake has this id', field);
  if (st.status !== 'OPEN') return userError('NOT_OPEN', `Stocktake ${st.number} is ${st.status.toLowerCase()}; it takes no more changes`, field);
  return st;
}

function refused(...errors: UserError[]): StocktakePayload {
  return { stocktake: null, userErrors: errors };
}

/**
 * recordStocktakeCount: what one counter found of one SKU in one bin. Counts of one SKU in
 * several bins add up; a later count of the same SKU and bin, by anyone, replaces it.
 */
export async function recordStocktakeCount(ctx: Context, input: RecordStocktakeCountInput): Promise<StocktakePayload> {
  // Share lock: counters record side by side; posting or cancelling waits for them.
  const st = await lockHead(ctx, input.stocktakeId, 'share', 'stocktakeId');
  if (st instanceof UserError) return refused(st);
  const errors: UserError[] = [];
  const sku = input.sku.trim();
  const bin = input.binCode.trim();
  if (!Number.isInteger(input.countedQuantity) || input.countedQuantity < 0) {
    errors.push(userError('NEGATIVE_COUNT', 'A counted quantity is 0 or more', 'countedQuantity'));
  } else checkUnits(input.countedQuantity, 'countedQuantity', errors, { min: 0, what: 'A counted quantity' });
  if (!bin) errors.push(userError('REQUIRED', 'Give the bin the units were counted in', 'binCode'));
  const variant = (await variantsBySku(ctx, [sku])).get(sku);
  if (!variant) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${sku}`, 'sku'));
  else if (variant.components.length) {
    errors.push(userError('BUNDLE_NOT_STOCKED', `${sku} is a bundle: count its components (${variant.components.map((c) => c.sku).join(', ')})`, 'sku'));
  }
  if (errors.length) return refused(...errors);
  // A SKU outside the snapshot was found: its line expects what the books held at the snapshot
  // position (nothing, in a warehouse-wide count), so later movements still count as moved.
  await execute(
    ctx.em,
    `insert into stocktake_line (id, stocktake_id, variant_id, expected_on_hand, snapshot_movement_id, in_snapshot)
     select gen_random_uuid(), s.id, ?, coalesce((select sum(m.quantity) from stock_movement m
              where m.variant_id = ? and m.warehouse_id = s.warehouse_id and m.id <= s.snapshot_movement_id), 0),
            s.snapshot_movement_id, false
       from stocktake s where s.id = ?
     on conflict (stocktake_id, variant_id) do nothing`,
    [variant!.id, variant!.id, st.id],
  );
  await execute(
    ctx.em,
    `insert into stocktake_count (id, stocktake_id, variant_id, bin_code, counted_quantity, counted_by)
     values (gen_random_uuid(), ?, ?, ?, ?, ?)
     on conflict (stocktake_id, variant_id, bin_code)
     do update set counted_quantity = excluded.counted_quantity, counted_by = excluded.counted_by, counted_at = now()`,
    [st.id, variant!.id, bin, input.countedQuantity, ctx.actor?.label ?? 'system'],
  );
  return { stocktake: await stocktakeNode(ctx, st.id), userErrors: [] };
}

/** Freezes movedSince of every line, so a closed stocktake reads the same forever. */
async function freezeMovedSince(ctx: Context, st: HeadRow): Promise<void> {
  await execute(
    ctx.em,
    `update stocktake_line l set moved_since = coalesce((select sum(m.quantity) from stock_movement m
        where m.variant_id = l.variant_id and m.warehouse_id = ? and m.id > l.snapshot_movement_id), 0)
      where l.stocktake_id = ?`,
    [st.warehouse_id, st.id],
  );
}

/**
 * postStocktake: sets every counted level to its count (one STOCKTAKE movement of the
 * difference); uncounted SKUs are left as they are. All or nothing: a count below what is
 * reserved for orders refuses the whole post.
 */
export async function postStocktake(ctx: Context, globalId: string): Promise<StocktakePayload> {
  const st = await lockHead(ctx, globalId, 'update', 'id');
  if (st instanceof UserError) return refused(st);
  const counted = await selectRows<{ variant_id: string; sku: string; counted: number }>(
    ctx.em,
    `select c.variant_id, v.sku, sum(c.counted_quantity)::int as counted
       from stocktake_count c join variant v on v.id = c.variant_id
      where c.stocktake_id = ? group by c.variant_id, v.sku order by c.variant_id`,
    [st.id],
  );
  const levels = new Map<string, LockedLevel>();
  if (counted.length) {
    // A found SKU may have no level in this warehouse yet.
    await execute(
      ctx.em,
      `insert into stock_level (id, variant_id, warehouse_id)
       select gen_random_uuid(), c.variant_id, ? from (select distinct variant_id from stocktake_count where stocktake_id = ?) c
        order by c.variant_id
       on conflict (variant_id, warehouse_id) do nothing`,
      [st.warehouse_id, st.id],
    );
    const locked = await selectRows<LockedLevel>(
      ctx.em,
      `select id, variant_id, warehouse_id, on_hand, reserved, damaged from stock_level
        where warehouse_id = ? and variant_id in (select variant_id from stocktake_count where stocktake_id = ?)
        order by variant_id, warehouse_id for update`,
      [st.warehouse_id, st.id],
    );
    for (const l of locked) levels.set(l.variant_id, l);
  }
  const short = counted
    .filter((c) => c.counted < levels.get(c.variant_id)!.reserved)
    .sort((a, b) => a.sku.localeCompare(b.sku))
    .map((c) =>
      userError(
        'INSUFFICIENT_STOCK',
        `${c.sku}: counted ${c.counted}, but ${levels.get(c.variant_id)!.reserved} are reserved for orders; recount, or release or ship the orders first`,
        'id',
      ),
    );
  if (short.length) return refused(...short);
  await freezeMovedSince(ctx, st);
  for (const c of counted) {
    const level = levels.get(c.variant_id)!;
    await applyMovement(ctx, level, {
      type: MovementType.STOCKTAKE,
      quantity: c.counted - level.on_hand,
      reason: `Stocktake ${st.number}`,
      referenceType: 'STOCKTAKE',
      referenceId: st.number,
    });
  }
  await execute(
    ctx.em,
    `update stocktake_line l set posted_quantity = coalesce((select sum(m.quantity) from stock_movement m
        where m.reference_type = 'STOCKTAKE' and m.reference_id = ? and m.variant_id = l.variant_id and m.warehouse_id = ?), 0)
      where l.stocktake_id = ? and exists (select 1 from stocktake_count c where c.stocktake_id = l.stocktake_id and c.variant_id = l.variant_id)`,
    [st.number, st.warehouse_id, st.id],
  );
  await execute(ctx.em, `update stocktake set status = 'POSTED', posted_at = now(), posted_by = ? where id = ?`, [ctx.actor?.label ?? 'system', st.id]);
  return { stocktake: await stocktakeNode(ctx, st.id), userErrors: [] };
}

/** cancelStocktake: abandons an open stocktake; stock is not touched. */
export async function cancelStocktake(ctx: Context, globalId: string): Promise<StocktakePayload> {
  const st = await lockHead(ctx, globalId, 'update', 'id');
  if (st instanceof UserError) return refused(st);
  await freezeMovedSince(ctx, st);
  await execute(ctx.em, `update stocktake set status = 'CANCELLED', cancelled_at = now() where id = ?`, [st.id]);
  return { stocktake: await stocktakeNode(ctx, st.id), userErrors: [] };
}

interface LineRow {
  stocktake_id: string;
  variant_id: string;
  sku: string;
  expected_on_hand: number;
  in_snapshot: boolean;
  moved_since: number;
  posted_quantity: number | null;
}

interface CountRow {
  stocktake_id: string;
  variant_id: string;
  bin_code: string;
  counted_quantity: number;
  counted_by: string;
  counted_at: Date | string;
}

/** Lines of a page of stocktakes in two statements, the loader kept on the request's context. Not cached: a mutation may change them. */
function linesLoader(ctx: Context): DataLoader<string, StocktakeLine[]> {
  return ctx.loaders.of(createLinesLoader);
}

function createLinesLoader(ctx: Context): DataLoader<string, StocktakeLine[]> {
  return new DataLoader<string, StocktakeLine[]>(
    async (ids) => {
      const lines = await selectRows<LineRow>(
        ctx.em,
        `select l.stocktake_id, l.variant_id, v.sku, l.expected_on_hand, l.in_snapshot, l.posted_quantity,
                coalesce(l.moved_since, (select sum(m.quantity) from stock_movement m
                  where m.variant_id = l.variant_id and m.warehouse_id = s.warehouse_id and m.id > l.snapshot_movement_id), 0)::int as moved_since
           from stocktake_line l join stocktake s on s.id = l.stocktake_id join variant v on v.id = l.variant_id
          where l.stocktake_id in (${inList(ids.length)})
          order by v.sku`,
        [...ids],
      );
      const counts = await selectRows<CountRow>(
        ctx.em,
        `select stocktake_id, variant_id, bin_code, counted_quantity, counted_by, counted_at from stocktake_count
          where stocktake_id in (${inList(ids.length)}) order by bin_code`,
        [...ids],
      );
      const bins = new Map<string, StocktakeBinCount[]>();
      for (const c of counts) {
        const key = `${c.stocktake_id}/${c.variant_id}`;
        bins.set(key, [
          ...(bins.get(key) ?? []),
          Object.assign(new StocktakeBinCount(), { binCode: c.bin_code, countedQuantity: c.counted_quantity, countedBy: c.counted_by, countedAt: new Date(c.counted_at) }),
        ]);
      }
      const byStocktake = new Map<string, StocktakeLine[]>(ids.map((id) => [id, []]));
      for (const l of lines) {
        const own = bins.get(`${l.stocktake_id}/${l.variant_id}`) ?? [];
        const expected = l.expected_on_hand + l.moved_since;
        const total = own.length ? own.reduce((n, b) => n + b.countedQuantity, 0) : null;
        byStocktake.get(l.stocktake_id)!.push(
          Object.assign(new StocktakeLine(), {
            sku: l.sku,
            snapshot: l.expected_on_hand,
            movedSince: l.moved_since,
            expected,
            counted: total,
            variance: total === null ? null : total - expected,
            adjustment: l.posted_quantity,
            found: !l.in_snapshot,
            bins: own,
          }),
        );
      }
      return ids.map((id) => byStocktake.get(id)!);
    },
    { cache: false },
  );
}

/** Stocktake.lines: every SKU of the snapshot plus those found, by SKU. */
export function stocktakeLines(ctx: Context, stocktake: Stocktake): Promise<StocktakeLine[]> {
  return linesLoader(ctx).load(stocktake.dbId);
}
