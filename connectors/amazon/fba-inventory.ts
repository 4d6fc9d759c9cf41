import type { FulfilmentStockLevel } from '../sdk/types';

/**
 * Pure: FBA Inventory API v1 `InventorySummary` (fbaInventory.json, amzn/selling-partner-api-models
 * [O]) → the SDK's FulfilmentStockLevel. With `details=true` each summary carries
 * `inventoryDetails`: `fulfillableQuantity` (what Amazon can ship now), the inbound quantities
 * (working, shipped, receiving), and the reserved, unfulfillable and researching totals. A
 * summary without details (a payload that left them out) counts its `totalQuantity` as available.
 * The figures are pooled as the granularity says (the marketplace asked for).
 */

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** A count of units: a whole number ≥ 0 (quoted digits read too); 0 when absent or not one. */
const units = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};

/** One summary's level; null for a summary without a seller SKU (nothing of ours to set). */
export function stockLevel(summary: Raw, pool: string | null): FulfilmentStockLevel | null {
  const sku = text(summary.sellerSku);
  if (!sku) return null;
  const d = obj(summary.inventoryDetails);
  if (!d) return { sku, available: units(summary.totalQuantity), inbound: 0, unavailable: 0, pool, raw: summary };
  const reserved = units(obj(d.reservedQuantity)?.totalReservedQuantity);
  const unfulfillable = units(obj(d.unfulfillableQuantity)?.totalUnfulfillableQuantity);
  // The model names it totalResearchingQuantity; an older spelling is read too.
  const researching = obj(d.researchingQuantity);
  const research = units(researching?.totalResearchingQuantity ?? researching?.researchingQuantityTotal);
  return {
    sku,
    available: units(d.fulfillableQuantity),
    inbound: units(d.inboundWorkingQuantity) + units(d.inboundShippedQuantity) + units(d.inboundReceivingQuantity),
    unavailable: reserved + unfulfillable + research,
    pool,
    raw: summary,
  };
}

/** Every level of the pages read, one per SKU (a SKU listed twice keeps its last summary). */
export function stockLevels(summaries: Raw[], pool: string | null): FulfilmentStockLevel[] {
  const out = new Map<string, FulfilmentStockLevel>();
  for (const s of summaries) {
    const level = stockLevel(s, pool);
    if (level) out.set(level.sku, level);
  }
  return [...out.values()];
}
