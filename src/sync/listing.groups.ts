import type { ConnectorModule } from '../../connectors/sdk/types';
import type { ListingJobData } from './jobs/job-data';

/**
 * Which listing jobs a write makes. A marketplace that sells a product's SKUs as one item with
 * variations (`listingModel.variationGroups`: eBay inventory item groups, AliExpress products
 * with SKUs, Amazon parent and children) gets one PUBLISH_GROUP job per product for the SKUs
 * being published or updated, so the item and its SKUs go out together; every other write (a
 * delist, or any write on a marketplace without groups) is one job per listing, as before. A
 * product without option axes is not a group: it is one SKU however it is sold. Pure.
 */

export interface ListingToWrite {
  id: string;
  /** Its product: the group's key. */
  productId: string;
  /** Whether the product's variants vary by option (it has option axes). */
  hasOptions: boolean;
  action: 'PUBLISH' | 'UPDATE' | 'DELIST';
}

export type PlannedJob = Omit<ListingJobData, 'runId'>;

/** Whether a channel of this module publishes a product's SKUs as one group. */
export function publishesGroups(module: Pick<ConnectorModule, 'listingModel'> | undefined): boolean {
  return module?.listingModel?.variationGroups === true;
}

/** The jobs for these writes on one channel, in the order of the listings (a group where its first listing is). */
export function planListingJobs(module: Pick<ConnectorModule, 'listingModel'> | undefined, channelId: string, writes: ListingToWrite[]): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  const groups = new Map<string, PlannedJob & { listingIds: string[] }>();
  for (const w of writes) {
    if (!publishesGroups(module) || w.action === 'DELIST' || !w.hasOptions) {
      jobs.push({ channelId, listingId: w.id, action: w.action });
      continue;
    }
    const group = groups.get(w.productId);
    if (group) group.listingIds.push(w.id);
    else {
      const job = { channelId, listingId: w.id, action: 'PUBLISH_GROUP' as const, listingIds: [w.id], groupKey: w.productId };
      groups.set(w.productId, job);
      jobs.push(job);
    }
  }
  return jobs;
}
