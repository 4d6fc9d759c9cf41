import { WAREHOUSES } from './stock-seed';

/** One operation the inventory benchmark loads the server with. */
export interface InventoryScenario {
  name: string;
  query: string;
  /** The mutation whose payload's userErrors count as failures; none for a query. */
  field?: string;
  /** Route of the write floor doing the same write raw (bench/inventory/floor-server.ts); none: no floor. */
  floorPath?: string;
  /** Variables of the next request: each call may differ (next SKU, a new reference). */
  variables(): Record<string, unknown>;
  /** Throws when the data of one request does not look right, so a broken operation is never benchmarked. */
  check(data: Record<string, unknown>): void;
}

/** SKUs the scenarios use, all seeded in every bench warehouse. */
export interface ScenarioSkus {
  /** Stocked SKUs to rotate through. */
  all: string[];
  /** The SKU every hot adjustStock request changes. */
  hotAdjust: string;
  /** The SKU every reserveStock request holds; stocked for the whole run. */
  hotReserve: string;
}

const ADJUST = `mutation Adjust($input: AdjustStockInput!) {
  adjustStock(input: $input) { stockLevel { onHand reserved available } userErrors { code message } } }`;
const RESERVE = `mutation Reserve($input: ReserveStockInput!) {
  reserveStock(input: $input) { reservation { id } userErrors { code message } } }`;
const LEVELS = `{ stockLevels(first: 100) { edges { node { sku warehouseCode onHand reserved available } } } }`;

/** Throws unless `data[field]` has no userErrors and a non-null `result`. */
function expectPayload(data: Record<string, unknown>, field: string, result: string): void {
  const payload = data[field] as Record<string, unknown> & { userErrors?: unknown[] };
  if (!payload || payload.userErrors?.length || !payload[result]) throw new Error(`${field} returned ${JSON.stringify(data).slice(0, 500)}`);
}

/** The four operations, in the order they run. `levels` is how many stock levels exist. */
export function inventoryScenarios(skus: ScenarioSkus, levels: number): InventoryScenario[] {
  const warehouseCode = WAREHOUSES[0].code;
  let next = 0;
  // Unique across runs on one database too: one active reservation per reference.
  const runId = Date.now().toString(36);
  let reference = 0;
  const adjust = {
    name: '',
    query: ADJUST,
    field: 'adjustStock',
    check: (d: Record<string, unknown>) => expectPayload(d, 'adjustStock', 'stockLevel'),
  };
  return [
    {
      ...adjust,
      name: `adjustStock, ${skus.all.length} SKUs in turn`,
      floorPath: '/adjust',
      variables: () => ({ input: { sku: skus.all[next++ % skus.all.length], warehouseCode, delta: 1, reason: 'bench' } }),
    },
    {
      ...adjust,
      name: 'adjustStock, one hot SKU',
      floorPath: '/adjust',
      variables: () => ({ input: { sku: skus.hotAdjust, warehouseCode, delta: 1, reason: 'bench' } }),
    },
    {
      name: 'reserveStock, one hot SKU',
      floorPath: '/reserve',
      query: RESERVE,
      field: 'reserveStock',
      variables: () => ({ input: { reference: `bench-${runId}-${++reference}`, lines: [{ sku: skus.hotReserve, quantity: 1 }] } }),
      check: (d) => expectPayload(d, 'reserveStock', 'reservation'),
    },
    {
      name: 'stockLevels(first: 100)',
      query: LEVELS,
      variables: () => ({}),
      check: (d) => {
        const edges = (d.stockLevels as { edges?: unknown[] } | null)?.edges;
        const expected = Math.min(100, levels);
        if (!Array.isArray(edges) || edges.length !== expected) throw new Error(`stockLevels: expected ${expected} edges, got ${JSON.stringify(d).slice(0, 300)}`);
      },
    },
  ];
}
