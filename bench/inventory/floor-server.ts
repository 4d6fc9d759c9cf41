// The outbox statement lives beside the API's inventory code, which needs the metadata polyfill.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { FloorRoute, serveFloor } from '../support/floor-http';
import { toGlobalId } from '../../src/common/ids';
import { WRITE_AVAILABILITY_CHANGES } from '../../src/inventory/channel-availability.service';

/**
 * The write floor of the inventory benchmark: a bare `node:http` handler doing, per request, the
 * raw transaction a stock write needs — the level update and ledger row in one statement, the
 * reservation rows for a reservation, the channel-availability locks, the outbox write (the
 * API's own statement, so the floor checks as much as the API does) with the audit row riding
 * along, BEGIN and COMMIT — with none of the API around it: no GraphQL, no sign-in, no
 * validation beyond what SQL refuses. It takes the API's request body (`variables.input`) and
 * answers the fields the benchmark asks for. Routes: POST /adjust, POST /reserve; /readyz,
 * /metrics (sql_statements_total, process_resident_memory_bytes).
 */

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });

let statements = 0;
async function q<T = Record<string, unknown>>(c: PoolClient, sql: string, params: unknown[] = []): Promise<T[]> {
  statements++;
  return (await c.query(sql, params)).rows as T[];
}

/** `?` placeholders (the API's style) as `$n`. */
function numbered(sql: string, offset = 0): string {
  let n = offset;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const OUTBOX_WITH_AUDIT = `with audit as (
    insert into audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, changes, request_id)
    values ('SYSTEM', null, 'bench floor', $1, $2, $3, $4::jsonb, $5))
  ${numbered(WRITE_AVAILABILITY_CHANGES, 5).replace(/^\s*with\s+/i, ', ')}`;

async function outboxAndAudit(c: PoolClient, targets: string[], action: string, targetType: string, targetId: string, input: unknown): Promise<void> {
  await q(c, OUTBOX_WITH_AUDIT, [action, targetType, targetId, JSON.stringify({ outcome: 'OK', input: { input } }), randomUUID(), targets]);
}

async function inTransaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await q(c, 'begin');
    const out = await work(c);
    await q(c, 'commit');
    return out;
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

interface AdjustInput {
  sku: string;
  warehouseCode: string;
  delta: number;
  reason: string;
}

const ADJUST = `with changed as (
    update stock_level sl set on_hand = sl.on_hand + $3, updated_at = now()
      from variant v, warehouse w
     where v.sku = $1 and w.code = $2 and sl.variant_id = v.id and sl.warehouse_id = w.id and sl.on_hand + $3 >= sl.reserved
    returning sl.id, sl.variant_id, sl.warehouse_id, sl.on_hand, sl.reserved),
  ledger as (
    insert into stock_movement (variant_id, warehouse_id, type, quantity, reason, actor_type, actor_label, on_hand_after, reserved_after)
    select variant_id, warehouse_id, 'ADJUSTMENT', $3, $4, 'SYSTEM', 'bench floor', on_hand, reserved from changed)
  select id, on_hand, reserved, inventory_availability_locks(array[variant_id]) as targets from changed`;

async function adjust(input: AdjustInput): Promise<object> {
  return inTransaction(async (c) => {
    const [level] = await q<{ id: string; on_hand: number; reserved: number; targets: string[] }>(c, ADJUST, [input.sku, input.warehouseCode, input.delta, input.reason]);
    if (!level) throw new Error(`no level of ${input.sku} in ${input.warehouseCode}, or too few units`);
    await outboxAndAudit(c, level.targets, 'adjustStock', 'StockLevel', level.id, input);
    return { adjustStock: { stockLevel: { onHand: level.on_hand, reserved: level.reserved, available: level.on_hand - level.reserved }, userErrors: [] } };
  });
}

interface ReserveInput {
  reference: string;
  lines: { sku: string; quantity: number }[];
}

const LOCK_LEVELS = `select sl.id, sl.variant_id, sl.warehouse_id, sl.on_hand - sl.reserved as available,
       exists (select 1 from reservation where reference = $2 and status = 'ACTIVE') as taken
  from stock_level sl join warehouse w on w.id = sl.warehouse_id join variant v on v.id = sl.variant_id
 where v.sku = $1 and w.active and w.channel_key is null
 order by sl.variant_id, sl.warehouse_id for update of sl`;

const RESERVE = `with r as (insert into reservation (id, reference, actor_label) values ($1, $2, 'bench floor')),
  l as (insert into reservation_line (id, reservation_id, variant_id, warehouse_id, quantity) values (gen_random_uuid(), $1, $3, $4, $5)),
  u as (update stock_level set reserved = reserved + $5, updated_at = now() where id = $6 returning variant_id)
  select inventory_availability_locks(array(select variant_id from u)) as targets`;

/** One line, from the first warehouse (in lock order) holding all of it. */
async function reserve(input: ReserveInput): Promise<object> {
  const [line] = input.lines;
  return inTransaction(async (c) => {
    const levels = await q<{ id: string; variant_id: string; warehouse_id: string; available: number; taken: boolean }>(c, LOCK_LEVELS, [line.sku, input.reference]);
    const from = levels.find((l) => l.available >= line.quantity);
    if (!from || levels[0].taken) throw new Error(`cannot reserve ${line.quantity} of ${line.sku} for ${input.reference}`);
    const id = randomUUID();
    const [row] = await q<{ targets: string[] }>(c, RESERVE, [id, input.reference, from.variant_id, from.warehouse_id, line.quantity, from.id]);
    await outboxAndAudit(c, row.targets, 'reserveStock', 'Reservation', id, input);
    return { reserveStock: { reservation: { id: toGlobalId('Reservation', id) }, userErrors: [] } };
  });
}

/** The routes take the API's request body and do the write of its `variables.input`. */
const withInput =
  <I>(write: (input: I) => Promise<object>): FloorRoute =>
  (body) =>
    write((JSON.parse(body) as { variables: { input: I } }).variables.input);

serveFloor('write floor', { '/adjust': withInput(adjust), '/reserve': withInput(reserve) }, () => statements, () => pool.end());
