import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { inList, selectRows } from '../common/sql';
import { WarehouseRow } from './inventory.types';

/** Resolves SKUs and warehouse codes of an inventory request, adding userErrors for unknown ones. */

export interface VariantRef {
  id: string;
  sku: string;
  /** Components when the variant is a bundle. */
  components: { variantId: string; sku: string; quantity: number }[];
}

/** A variant with one of its bundle components (none: nulls), as VARIANT_REFS_SQL selects it. */
export interface VariantRefRow {
  id: string;
  sku: string;
  component_id: string | null;
  component_sku: string | null;
  quantity: number | null;
}

/** Variants with their bundle components; the caller adds the `where` on `v` (and an order). */
export const VARIANT_REFS_SQL = `select v.id, v.sku, bc.component_id, c.sku as component_sku, bc.quantity
       from variant v
       left join bundle_component bc on bc.bundle_id = v.id
       left join variant c on c.id = bc.component_id`;

/** Warehouses as WarehouseRow; the caller adds the `where`. */
export const WAREHOUSES_SQL = 'select id, code, name, kind, country, priority, active, channel_key from warehouse';

/** VariantRefs by SKU from rows of VARIANT_REFS_SQL ordered by SKU and component SKU. */
export function variantRefsFromRows(rows: VariantRefRow[]): Map<string, VariantRef> {
  const out = new Map<string, VariantRef>();
  for (const r of rows) {
    const ref = out.get(r.sku) ?? { id: r.id, sku: r.sku, components: [] };
    if (r.component_id) ref.components.push({ variantId: r.component_id, sku: r.component_sku!, quantity: r.quantity! });
    out.set(r.sku, ref);
  }
  return out;
}

/** Variants by SKU (exact), with bundle components, in one statement. */
export async function variantsBySku(ctx: Context, skus: string[]): Promise<Map<string, VariantRef>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const rows = await selectRows<VariantRefRow>(ctx.em, `${VARIANT_REFS_SQL}\n      where v.sku in (${inList(unique.length)})\n      order by v.sku, c.sku`, unique);
  return variantRefsFromRows(rows);
}

export async function warehousesByCode(ctx: Context, codes: string[]): Promise<Map<string, WarehouseRow>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await selectRows<WarehouseRow>(ctx.em, `${WAREHOUSES_SQL} where code in (${inList(unique.length)})`, unique);
  return new Map(rows.map((r) => [r.code, r]));
}

/** One SKU and one warehouse, as adjustStock and setStock take them. */
export async function resolveTarget(
  ctx: Context,
  sku: string,
  warehouseCode: string,
  errors: UserError[],
): Promise<{ variant: VariantRef; warehouse: WarehouseRow } | undefined> {
  const [variant, warehouse] = [(await variantsBySku(ctx, [sku])).get(sku), (await warehousesByCode(ctx, [warehouseCode])).get(warehouseCode)];
  if (!variant) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${sku}`, 'sku'));
  else if (variant.components.length) {
    errors.push(userError('BUNDLE_NOT_STOCKED', `${sku} is a bundle: its stock is that of its components (${variant.components.map((c) => c.sku).join(', ')})`, 'sku'));
  }
  if (!warehouse) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${warehouseCode}`, 'warehouseCode'));
  return variant && warehouse && !variant.components.length ? { variant, warehouse } : undefined;
}

/**
 * A marketplace's fulfilment centre tied to a channel (Amazon FBA) holds what the marketplace
 * counts: its levels change only by the sync engine's reads of that count and by the orders the
 * marketplace ships from it. Staff changing them by hand (an adjustment, a receipt, a transfer,
 * a stocktake, a reservation) would be undone by the next read, so those are refused.
 */
export function refuseMarketplaceCounted(warehouse: Pick<WarehouseRow, 'code' | 'channel_key'> | undefined, field: string | (string | number)[], errors: UserError[]): void {
  if (warehouse?.channel_key) {
    errors.push(
      userError(
        'COUNTED_BY_MARKETPLACE',
        `Warehouse ${warehouse.code} is the fulfilment centre of channel ${warehouse.channel_key}: its stock is the marketplace's count, read by the sync engine, and is not changed by hand`,
        field,
      ),
    );
  }
}
