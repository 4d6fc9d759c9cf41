import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, selectRows } from '../common/sql';
import { StockLevelPayload } from './inventory.payloads';
import { StockLevel, StockLevelRow } from './inventory.types';
import { resolveTarget, variantsBySku } from './inventory-refs.queries';
import { lockLevel } from './stock-ledger';
import { stockLevelNode } from './stock.service';
import { listSize } from './channel-availability.service';
import { DEFAULT_LEAD_TIME_DAYS, DEFAULT_REVIEW_PERIOD_DAYS, DEMAND_WINDOW_DAYS, ReplenishmentSetting, ReplenishmentSuggestion } from './replenishment.types';
import { ReplenishmentSettingPayload } from './replenishment.payloads';
import { SetReplenishmentSettingInput, SetSafetyStockInput } from './replenishment.inputs';
import { checkUnits, MAX_LEVEL_UNITS } from '../common/limits';

const MAX_DAYS = 365;
const MAX_SUPPLIER_NAME = 200;

/** setSafetyStock: the units to keep back of one SKU in one warehouse (the level is created when missing). */
export async function setSafetyStock(ctx: Context, input: SetSafetyStockInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  if (input.safetyStock < 0) errors.push(userError('NEGATIVE_QUANTITY', 'Safety stock is 0 or more units', 'safetyStock'));
  else checkUnits(input.safetyStock, 'safetyStock', errors, { min: 0, max: MAX_LEVEL_UNITS, what: 'Safety stock' });
  const found = await resolveTarget(ctx, input.sku, input.warehouseCode, errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  await execute(
    ctx.em,
    'update stock_level set safety_stock = ?, updated_at = now() where id = ? and safety_stock <> ?',
    [input.safetyStock, level.id, input.safetyStock],
  );
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}

/**
 * Levels at or below their safety stock counting what is on the way: available (onHand −
 * reserved) + incoming ≤ safetyStock, where safetyStock > 0. Most urgent first: the smallest
 * share of the safety stock covered, then the largest shortfall, then SKU and warehouse code.
 */
export async function lowStock(ctx: Context, warehouseCode: string | null | undefined, first?: number | null): Promise<StockLevel[]> {
  const rows = await selectRows<StockLevelRow>(
    ctx.em,
    `select sl.*, v.sku, w.code as warehouse_code
       from stock_level sl join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id
      where sl.safety_stock > 0 and sl.on_hand - sl.reserved + sl.incoming <= sl.safety_stock
        and (?::text is null or w.code = ?)
      order by (sl.on_hand - sl.reserved + sl.incoming)::numeric / sl.safety_stock,
               sl.safety_stock - (sl.on_hand - sl.reserved + sl.incoming) desc, v.sku, w.code
      limit ?`,
    [warehouseCode ?? null, warehouseCode ?? null, listSize(first)],
  );
  return rows.map(StockLevel.fromRow);
}

/** setReplenishmentSetting: lead time, review period and supplier of a variant (replaces the previous setting). */
export async function setReplenishmentSetting(ctx: Context, input: SetReplenishmentSettingInput): Promise<ReplenishmentSettingPayload> {
  const errors: UserError[] = [];
  const variant = (await variantsBySku(ctx, [input.sku])).get(input.sku);
  if (!variant) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${input.sku}`, 'sku'));
  else if (variant.components.length) {
    errors.push(userError('BUNDLE_NOT_STOCKED', `${input.sku} is a bundle: replenish its components (${variant.components.map((c) => c.sku).join(', ')})`, 'sku'));
  }
  for (const field of ['leadTimeDays', 'reviewPeriodDays'] as const) {
    if (input[field] < 0 || input[field] > MAX_DAYS) errors.push(userError('INVALID_VALUE', `Give 0 to ${MAX_DAYS} days`, field));
  }
  const supplierName = input.supplierName?.trim() || null;
  if (supplierName && supplierName.length > MAX_SUPPLIER_NAME) errors.push(userError('TOO_LONG', `A supplier name has at most ${MAX_SUPPLIER_NAME} characters`, 'supplierName'));
  if (!variant || errors.length) return { replenishmentSetting: null, userErrors: errors };
  const [row] = await selectRows<{ lead_time_days: number; review_period_days: number; supplier_name: string | null; updated_at: string }>(
    ctx.em,
    `insert into replenishment_setting (id, variant_id, lead_time_days, review_period_days, supplier_name) values (gen_random_uuid(), ?, ?, ?, ?)
     on conflict (variant_id) do update set lead_time_days = excluded.lead_time_days, review_period_days = excluded.review_period_days,
       supplier_name = excluded.supplier_name, updated_at = now()
     returning lead_time_days, review_period_days, supplier_name, updated_at`,
    [variant.id, input.leadTimeDays, input.reviewPeriodDays, supplierName],
  );
  return {
    replenishmentSetting: Object.assign(new ReplenishmentSetting(), {
      sku: variant.sku,
      leadTimeDays: row.lead_time_days,
      reviewPeriodDays: row.review_period_days,
      supplierName: row.supplier_name,
      updatedAt: new Date(row.updated_at),
    }),
    userErrors: [],
  };
}

/**
 * What to order, per SKU over all warehouses (or the one given):
 *   averageDailyShipped = units of SHIPMENT movements (their absolute value) in the last 30 days / 30
 *   suggestedQuantity = ceil(averageDailyShipped × (leadTimeDays + reviewPeriodDays) + safetyStock − (available + incoming))
 * worked out exactly in integers: ceil((shipped × days + 30 × (safetyStock − available − incoming)) / 30).
 * Only SKUs that need something (suggestedQuantity > 0) are listed, the largest first; inactive
 * variants and archived products are left out. Without a setting, 7 + 7 days are assumed.
 */
export async function replenishmentSuggestions(ctx: Context, warehouseCode: string | null | undefined, first?: number | null): Promise<ReplenishmentSuggestion[]> {
  const rows = await selectRows<{
    sku: string;
    average: string;
    lead_time_days: number;
    review_period_days: number;
    uses_defaults: boolean;
    supplier_name: string | null;
    safety_stock: number;
    available: number;
    incoming: number;
    suggested: number;
  }>(
    ctx.em,
    `with scope as (select id from warehouse where ?::text is null or code = ?),
       levels as (
         select sl.variant_id, sum(sl.on_hand - sl.reserved)::int as available, sum(sl.incoming)::int as incoming,
                sum(sl.safety_stock)::int as safety_stock
           from stock_level sl where sl.warehouse_id in (select id from scope) group by sl.variant_id),
       shipped as (
         select m.variant_id, sum(-m.quantity)::bigint as units
           from stock_movement m
          where m.type = 'SHIPMENT' and m.quantity < 0 and m.created_at > now() - make_interval(days => ?)
            and m.warehouse_id in (select id from scope)
          group by m.variant_id),
       inputs as (
         select v.sku, l.available, l.incoming, l.safety_stock, coalesce(s.units, 0) as shipped,
                coalesce(rs.lead_time_days, ?) as lead_time_days, coalesce(rs.review_period_days, ?) as review_period_days,
                rs.id is null as uses_defaults, rs.supplier_name
           from levels l
           join variant v on v.id = l.variant_id
           join product p on p.id = v.product_id
           left join shipped s on s.variant_id = l.variant_id
           left join replenishment_setting rs on rs.variant_id = l.variant_id
          where v.status = 'ACTIVE' and p.status <> 'ARCHIVED'),
       worked as (
         select i.*, round(i.shipped::numeric / ?, 2)::text as average,
                ceil((i.shipped * (i.lead_time_days + i.review_period_days)
                      + ?::bigint * (i.safety_stock - i.available - i.incoming))::numeric / ?)::int as suggested
           from inputs i)
     select * from worked where suggested > 0 order by suggested desc, sku limit ?`,
    [
      warehouseCode ?? null, warehouseCode ?? null, DEMAND_WINDOW_DAYS, DEFAULT_LEAD_TIME_DAYS, DEFAULT_REVIEW_PERIOD_DAYS,
      DEMAND_WINDOW_DAYS, DEMAND_WINDOW_DAYS, DEMAND_WINDOW_DAYS, listSize(first),
    ],
  );
  return rows.map((r) =>
    Object.assign(new ReplenishmentSuggestion(), {
      sku: r.sku,
      averageDailyShipped: r.average,
      leadTimeDays: r.lead_time_days,
      reviewPeriodDays: r.review_period_days,
      usesDefaults: r.uses_defaults,
      supplierName: r.supplier_name,
      safetyStock: r.safety_stock,
      available: r.available,
      incoming: r.incoming,
      suggestedQuantity: r.suggested,
    }),
  );
}
