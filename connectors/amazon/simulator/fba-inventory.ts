import type { FbaItem, Raw } from './amazon-state';
import { invalidInput } from './amazon-errors';
import { amazonTime, Call, dateParam, list, path, Route, single } from './call';
import { answer } from './call';
import { marketplace } from './marketplaces';
import { newPaginationToken } from './ids';

/**
 * getInventorySummaries of the FBA Inventory API v1 (`GET /fba/inventory/v1/summaries`, model
 * fbaInventory.json): `granularityType=Marketplace` and `granularityId` and `marketplaceIds` (one
 * [O: maxItems 1]) required; `details=true` adds `inventoryDetails`; `startDateTime` (changes since,
 * no earlier than 18 months back [O]) wins over `sellerSkus` (≤ 50 [O]), which wins over
 * `sellerSku` [O]. Usage plan 2/s, burst 2. Pages of 50 [U]; a `nextToken` expires 30 seconds
 * after it was made [O]. FBA pools stock by region, so every marketplace of the seller's region
 * shows the same figures [U]. Answers wrap everything in `payload` (this model's own style, unlike
 * the 2026 Orders API).
 */

export const FBA_PAGE_SIZE = 50;
export const FBA_TOKEN_TTL_MS = 30 * 1000;
const MONTHS_18_MS = 548 * 24 * 60 * 60 * 1000;

export function totalOf(f: FbaItem): number {
  return f.fulfillable + f.inboundWorking + f.inboundShipped + f.inboundReceiving + reservedOf(f) + f.unfulfillable + f.researching;
}

function reservedOf(f: FbaItem): number {
  return f.reserved.pendingCustomerOrder + f.reserved.pendingTransshipment + f.reserved.fcProcessing;
}

export function summaryView(f: FbaItem, details: boolean): Raw {
  return {
    asin: f.asin,
    fnSku: f.fnSku,
    sellerSku: f.sellerSku,
    condition: f.condition,
    ...(details
      ? {
          inventoryDetails: {
            fulfillableQuantity: f.fulfillable,
            inboundWorkingQuantity: f.inboundWorking,
            inboundShippedQuantity: f.inboundShipped,
            inboundReceivingQuantity: f.inboundReceiving,
            reservedQuantity: { totalReservedQuantity: reservedOf(f), pendingCustomerOrderQuantity: f.reserved.pendingCustomerOrder, pendingTransshipmentQuantity: f.reserved.pendingTransshipment, fcProcessingQuantity: f.reserved.fcProcessing },
            researchingQuantity: { totalResearchingQuantity: f.researching, researchingQuantityBreakdown: f.researching ? [{ name: 'researchingQuantityInShortTerm', quantity: f.researching }] : [] },
            unfulfillableQuantity: { totalUnfulfillableQuantity: f.unfulfillable, customerDamagedQuantity: 0, warehouseDamagedQuantity: f.unfulfillable, distributorDamagedQuantity: 0, carrierDamagedQuantity: 0, defectiveQuantity: 0, expiredQuantity: 0 },
          },
        }
      : {}),
    lastUpdatedTime: amazonTime(f.lastUpdatedAt),
    productName: f.productName,
    totalQuantity: totalOf(f),
  };
}

function getInventorySummaries(call: Call) {
  const { state, now } = call;
  const type = single(call, 'granularityType');
  const granularityId = single(call, 'granularityId');
  const ids = list(call, 'marketplaceIds');
  if (type !== 'Marketplace') throw invalidInput('granularityType is required and must be Marketplace.');
  if (!granularityId) throw invalidInput('granularityId is required: the marketplace id.');
  if (!ids || ids.length !== 1) throw invalidInput('marketplaceIds takes exactly one marketplace id.');
  for (const id of [granularityId, ids[0]]) {
    const m = marketplace(id);
    if (!m || m.region !== state.region) throw invalidInput(`Invalid marketplace ${id}: not a marketplace of the seller's region (${state.region}).`);
  }
  const detailsText = single(call, 'details');
  if (detailsText !== null && detailsText !== 'true' && detailsText !== 'false') throw invalidInput('details is true or false.');
  const start = dateParam(call, 'startDateTime');
  if (start !== null && start < now - MONTHS_18_MS) throw invalidInput('startDateTime must be no earlier than 18 months before now.');
  const skus = list(call, 'sellerSkus');
  if (skus && skus.length > 50) throw invalidInput('sellerSkus takes at most 50 SKUs.');
  const sku = single(call, 'sellerSku');
  const queryKey = [...call.req.query].filter(([k]) => k !== 'nextToken').map(([k, v]) => `${k}=${v}`).sort().join('&');
  const tokenText = single(call, 'nextToken');
  let offset = 0;
  if (tokenText !== null) {
    const t = state.fbaTokens.get(tokenText);
    if (!t || t.query !== queryKey) throw invalidInput('Invalid nextToken.', 'Pass the nextToken of the previous page with the same parameters.');
    if (now - t.createdAt > FBA_TOKEN_TTL_MS) throw invalidInput('The nextToken has expired.', 'A nextToken expires 30 seconds after it was made.');
    offset = t.offset;
  }
  const all = [...state.fba.values()]
    .filter((f) => (start !== null ? f.lastUpdatedAt >= start : skus ? skus.includes(f.sellerSku) : sku !== null ? f.sellerSku === sku : true))
    .sort((a, b) => (a.sellerSku < b.sellerSku ? -1 : a.sellerSku > b.sellerSku ? 1 : 0));
  const page = all.slice(offset, offset + FBA_PAGE_SIZE);
  const body: Raw = { payload: { granularity: { granularityType: 'Marketplace', granularityId }, inventorySummaries: page.map((f) => summaryView(f, detailsText === 'true')) } };
  if (offset + FBA_PAGE_SIZE < all.length) {
    const next = newPaginationToken();
    state.fbaTokens.set(next, { query: queryKey, offset: offset + FBA_PAGE_SIZE, createdAt: now });
    body.pagination = { nextToken: next };
  }
  return answer(200, body);
}

export const fbaRoutes: Route[] = [{ method: 'GET', pattern: path('/fba/inventory/v1/summaries'), operationId: 'getInventorySummaries', body: false, run: getInventorySummaries }];
