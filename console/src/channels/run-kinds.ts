import type { SyncRunFieldsFragment } from '../gql/graphql';

/** Scopes that bring the marketplace's data in (pulls) and those that send ours out (pushes). */
const PULLS = new Set(['ORDERS', 'RETURNS', 'FULFILMENT_STOCK']);

export const isPull = (run: Pick<SyncRunFieldsFragment, 'scopes'>) => run.scopes.some((s) => PULLS.has(s));
export const isPush = (run: Pick<SyncRunFieldsFragment, 'scopes'>) => run.scopes.some((s) => !PULLS.has(s));

/** Every scope a person may start a sync of, in the order the form lists them. */
export const SCOPES = ['ORDERS', 'RETURNS', 'STOCK', 'PRICES', 'LISTINGS', 'SHIPMENTS', 'FULFILMENT_STOCK'] as const;
