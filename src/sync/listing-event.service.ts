import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../common/sql';
import type { ListingAction } from './sync-vocabulary';

export interface EventInput {
  listingId: string;
  action: ListingAction;
  request: unknown;
  ok: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** The submission the marketplace took this push in, when it processes it later (the event then means "accepted for processing"). */
  submissionId?: string | null;
}

/** Writes push-history rows in one statement. */
export async function recordListingEvents(em: EntityManager, events: EventInput[]): Promise<void> {
  if (!events.length) return;
  await execute(
    em,
    `insert into listing_event (listing_id, action, request, ok, error_code, error_message, submission_id)
     select x.l, x.a, x.r, x.ok, x.c, x.m, x.s from jsonb_to_recordset(?::jsonb) as x(l uuid, a text, r jsonb, ok boolean, c text, m text, s uuid)`,
    [JSON.stringify(events.map((e) => ({ l: e.listingId, a: e.action, r: e.request ?? null, ok: e.ok, c: e.errorCode ?? null, m: e.errorMessage ?? null, s: e.submissionId ?? null })))],
  );
}
