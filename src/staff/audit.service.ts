import type { Context } from '../context';
import { badInput } from '../common/errors';
import { fromGlobalId } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { AuditLogFilter } from './staff.inputs';
import { AUDIT_COLUMNS } from './staff.queries';
import { AuditEntry, AuditRow } from './staff.types';
import { Address, Buyer, maskAddress, maskBuyer, maskText } from '../common/shapes';
import type { Actor } from './actor';
import { reachesChannel } from './channel-scope';
import { P } from './permissions';
import { selectRows } from '../common/sql';

/**
 * Buyer personal data in recorded inputs (recordChannelOrder, createOrder…) is masked for
 * readers without pii.read, as the orders themselves are: buyer and shipping address as in the
 * API, the buyer's message hidden. An input naming its channel (a channel order's channelKey) is
 * judged by pii.read on that channel; anything else needs pii.read on every channel.
 */
export function maskAuditChanges(actor: Actor | null | undefined, changes: unknown): unknown {
  const walk = (value: unknown, channel: string | null, depth: number): unknown => {
    if (value == null || typeof value !== 'object' || depth > 12) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, channel, depth + 1));
    const obj = value as Record<string, unknown>;
    // A channel order names its channel by key (channelKey) or by the Channel's global id (channelId, judged as an unknown key: masked).
    const here = typeof obj.channelKey === 'string' ? obj.channelKey.trim() : typeof obj.channelId === 'string' ? obj.channelId.trim() : channel;
    const visible = reachesChannel(actor, here, [P.PiiRead]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const isObject = v != null && typeof v === 'object' && !Array.isArray(v);
      if (!visible && k === 'buyer' && isObject) out[k] = maskBuyer(v as Buyer);
      else if (!visible && k === 'shippingAddress' && isObject) out[k] = maskAddress(v as Address);
      else if (!visible && k === 'buyerMessage' && typeof v === 'string') out[k] = maskText(v);
      else out[k] = walk(v, here, depth + 1);
    }
    return out;
  };
  return walk(changes, null, 0);
}

/** An audit entry as this caller may read it. */
function entryFor(ctx: Context, row: AuditRow): AuditEntry {
  const e = AuditEntry.fromRow(row);
  e.changes = maskAuditChanges(ctx.actor, e.changes);
  return e;
}

const BIGINT = /^\d{1,18}$/;

/** The stored actor id for a filter: the database id inside a Staff or ApiKey global id. */
function actorDbId(actorId: string): string {
  const parsed = fromGlobalId(actorId);
  return parsed && (parsed.type === 'Staff' || parsed.type === 'ApiKey') ? parsed.id : actorId;
}

function whereClause(filter: AuditLogFilter | undefined): { sql: string; params: unknown[] } {
  const conds = ['true'];
  const params: unknown[] = [];
  if (filter?.actorId) {
    conds.push('a.actor_id = ?');
    params.push(actorDbId(filter.actorId));
  }
  if (filter?.action) {
    conds.push('a.action = ?');
    params.push(filter.action);
  }
  if (filter?.targetId) {
    conds.push('a.target_id = ?');
    params.push(filter.targetId);
  }
  if (filter?.after) {
    conds.push('a.at >= ?');
    params.push(filter.after);
  }
  if (filter?.before) {
    conds.push('a.at < ?');
    params.push(filter.before);
  }
  return { sql: conds.join(' and '), params };
}

/** A page of the audit log, newest first, keyset-paginated on (at, id). */
export async function listAuditLog(ctx: Context, args: ConnectionArgs, filter: AuditLogFilter | undefined): Promise<Page<AuditEntry>> {
  const req = pageRequest(args, 2);
  const where = whereClause(filter);
  const conds = [where.sql];
  const params = [...where.params];
  // Newest first; reading backward walks toward newer entries and is put back in order after.
  const newerFirst = !req.backward;
  if (req.cursor) {
    const [at, id] = req.cursor;
    if (typeof at !== 'string' || typeof id !== 'string' || !BIGINT.test(id)) throw badInput('The cursor is not valid for this list');
    conds.push(`(a.at, a.id) ${newerFirst ? '<' : '>'} (?::timestamptz, ?::bigint)`);
    params.push(at, id);
  }
  const dir = newerFirst ? 'desc' : 'asc';
  const rows = req.limit === 0 ? [] : await selectRows<AuditRow & { sort_at: string }>(
    ctx.em,
    `select ${AUDIT_COLUMNS}, a.at::text as sort_at from audit_log a where ${conds.join(' and ')}
      order by a.at ${dir}, a.id ${dir} limit ?`,
    [...params, req.limit + 1],
  );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from audit_log a where ${where.sql}`, where.params))[0].n;
  return buildPage(
    rows.map((r) => Object.assign(entryFor(ctx, r), { sortAt: r.sort_at })),
    req,
    (e) => [e.sortAt, e.dbId],
    count,
    { after: !!args.after, before: !!args.before },
  );
}

/** An audit entry by database id; null when there is none. */
export async function auditEntryByDbId(ctx: Context, id: string): Promise<AuditEntry | null> {
  if (!BIGINT.test(id)) return null;
  const [row] = await selectRows<AuditRow>(ctx.em, `select ${AUDIT_COLUMNS} from audit_log a where a.id = ?::bigint`, [id]);
  return row ? entryFor(ctx, row) : null;
}
