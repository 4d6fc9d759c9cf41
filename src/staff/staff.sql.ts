import type { Context } from '../context';
import { selectRows } from '../common/sql';

/** Column lists the staff module's queries share, so every reader builds the same rows. */
export const STAFF_COLUMNS = 's.id, s.email, s.name, s.department_key, s.active, s.created_at, s.last_login_at';

export const ROLE_COLUMNS = 'r.key, r.name, r.name_zh, r.description, r.built_in, r.permissions, r.department_key';

export const API_KEY_COLUMNS =
  'k.id, k.name, k.prefix, k.permissions, k.channel_ids, k.created_by_id, k.created_at, k.revoked_at, k.last_used_at';

// The id is a bigint: text keeps it exact in JavaScript.
export const AUDIT_COLUMNS =
  'a.id::text as id, a.at, a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.changes, a.request_id';

/** Runs a statement on the request's connection, inside the mutation's transaction when there is one. */
export function sql<T>(ctx: Context, text: string, params: unknown[] = []): Promise<T[]> {
  return selectRows<T>(ctx.em, text, params);
}


/** A LIKE pattern matching `text` anywhere, with the wildcard characters of `text` escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A timestamp as the driver returns it (text such as "2026-01-02 03:04:05.678+00") turned
 * into a Date; the driver leaves timestamps as text so no precision is lost on the way.
 */
export function toDate(value: string | Date): Date;
export function toDate(value: string | Date | null | undefined): Date | null;
export function toDate(value: string | Date | null | undefined): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`Unreadable timestamp from the database: ${value}`);
  return d;
}
