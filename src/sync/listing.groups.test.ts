import { planListingJobs } from './listing.groups';
import { pollDelaySeconds } from './listing-submission.service';

/** Which listing jobs a write makes, and how submissions are polled. */
describe('planListingJobs', () => {
  const writes = [
    { id: 'a1', productId: 'A', hasOptions: true, action: 'PUBLISH' as const },
    { id: 'b1', productId: 'B', hasOptions: false, action: 'PUBLISH' as const },
    { id: 'a2', productId: 'A', hasOptions: true, action: 'UPDATE' as const },
    { id: 'a3', productId: 'A', hasOptions: true, action: 'DELIST' as const },
  ];

  it('given a marketplace of variation groups then one PUBLISH_GROUP per product with options, the rest one job each', () => {
    expect(planListingJobs({ listingModel: { variationGroups: true } }, 'c', writes)).toEqual([
      { channelId: 'c', listingId: 'a1', action: 'PUBLISH_GROUP', listingIds: ['a1', 'a2'], groupKey: 'A' },
      { channelId: 'c', listingId: 'b1', action: 'PUBLISH' },
      { channelId: 'c', listingId: 'a3', action: 'DELIST' },
    ]);
  });

  it('given a marketplace without groups then one job per listing, as before', () => {
    expect(planListingJobs({ listingModel: { variationGroups: false } }, 'c', writes).map((j) => [j.listingId, j.action])).toEqual([
      ['a1', 'PUBLISH'],
      ['b1', 'PUBLISH'],
      ['a2', 'UPDATE'],
      ['a3', 'DELIST'],
    ]);
  });
});

describe('pollDelaySeconds', () => {
  it('given no hint then doubling from 2 s, never above 5 minutes', () => {
    expect([0, 1, 2, 3, 7, 8, 30].map((n) => pollDelaySeconds(n))).toEqual([2, 4, 8, 16, 256, 300, 300]);
  });

  it("given the marketplace's hint then that, within 1 s and 5 minutes", () => {
    expect([pollDelaySeconds(5, 250), pollDelaySeconds(0, 45_000), pollDelaySeconds(0, 3_600_000)]).toEqual([1, 45, 300]);
  });
});
