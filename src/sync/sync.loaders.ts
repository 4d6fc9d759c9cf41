import DataLoader from 'dataloader';
import type { Context } from '../context';
import { groupRows, pgArray, rowPerKey, selectRows } from '../common/sql';
import { CHANNEL_COLUMNS, ChannelRow, warehouseCodesOf } from './channel.queries';
import { LISTING_COLUMNS, ListingRow } from './listing.queries';
import { ERROR_COLUMNS, ErrorRow } from './sync-run.service';

/**
 * Per-request loaders of the sync API: a page of listings with their channel, variant and
 * history costs one statement per relation, whatever the page size.
 */
export interface SyncLoaders {
  channelById: DataLoader<string, ChannelRow | null>;
  channelByKey: DataLoader<string, ChannelRow | null>;
  warehouseCodesByKey: DataLoader<string, string[]>;
  listingById: DataLoader<string, ListingRow | null>;
  /** Newest first, at most `limit` per listing. */
  eventsByListing(limit: number): DataLoader<string, EventRow[]>;
  /** Oldest first, at most `limit` per run. */
  errorsByRun(limit: number): DataLoader<string, ErrorRow[]>;
}

export interface EventRow {
  id: string;
  listing_id: string;
  action: string;
  request: unknown;
  ok: boolean;
  error_code: string | null;
  error_message: string | null;
  /** The submission the marketplace took the push in, when it processes it later. */
  submission_id: string | null;
  at: string;
}

/** The sync API's loaders of one request (ctx.loaders.sync, dropped by every commit). */
export function createSyncLoaders(ctx: Context): SyncLoaders {
  const events = new Map<number, DataLoader<string, EventRow[]>>();
  const errors = new Map<number, DataLoader<string, ErrorRow[]>>();
  return {
    channelById: new DataLoader(async (ids) =>
      rowPerKey(await selectRows<ChannelRow>(ctx.em, `select ${CHANNEL_COLUMNS} from channel c where c.id = any(?::uuid[])`, [pgArray(ids)]), ids, (r) => r.id),
    ),
    channelByKey: new DataLoader(async (keys) =>
      rowPerKey(await selectRows<ChannelRow>(ctx.em, `select ${CHANNEL_COLUMNS} from channel c where c.key = any(?::text[])`, [pgArray(keys)]), keys, (r) => r.key),
    ),
    warehouseCodesByKey: new DataLoader(async (keys) => {
      const map = await warehouseCodesOf(ctx.em, [...keys]);
      return keys.map((k) => map.get(k) ?? []);
    }),
    listingById: new DataLoader(async (ids) =>
      rowPerKey(await selectRows<ListingRow>(ctx.em, `select ${LISTING_COLUMNS} from listing l where l.id = any(?::uuid[])`, [pgArray(ids)]), ids, (r) => r.id),
    ),
    eventsByListing(limit) {
      let loader = events.get(limit);
      if (!loader) {
        loader = new DataLoader(async (ids) =>
          groupRows(
            await selectRows<EventRow>(
              ctx.em,
              `select x.id::text as id, x.listing_id, x.action, x.request, x.ok, x.error_code, x.error_message, x.submission_id, x.at
                 from unnest(?::uuid[]) as k(listing_id)
                 cross join lateral (select e.* from listing_event e where e.listing_id = k.listing_id order by e.id desc limit ?) x
                order by x.listing_id, x.id desc`,
              [pgArray(ids), limit],
            ),
            ids,
            (r) => r.listing_id,
          ),
        );
        events.set(limit, loader);
      }
      return loader;
    },
    errorsByRun(limit) {
      let loader = errors.get(limit);
      if (!loader) {
        loader = new DataLoader(async (ids) =>
          groupRows(
            await selectRows<ErrorRow>(
              ctx.em,
              `select ${ERROR_COLUMNS}
                 from unnest(?::uuid[]) as k(run_id)
                 cross join lateral (select * from sync_error s where s.run_id = k.run_id order by s.created_at, s.id limit ?) e
                order by e.run_id, e.created_at, e.id`,
              [pgArray(ids), limit],
            ),
            ids,
            (r) => r.run_id!,
          ),
        );
        errors.set(limit, loader);
      }
      return loader;
    },
  };
}
