import type { Context } from '../context';
import { badInput } from '../common/errors';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { StaffFilter } from './staff.inputs';
import { ApiKeyRow, Department, DepartmentRow, Role, RoleAssignment, RoleRow, Staff, StaffRow } from './staff.types';
import { pgArray, selectRows } from '../common/sql';

/** Column lists the staff module's queries share, so every reader builds the same rows. */
export const STAFF_COLUMNS = 's.id, s.email, s.name, s.department_key, s.active, s.created_at, s.last_login_at';

export const ROLE_COLUMNS = 'r.key, r.name, r.name_zh, r.description, r.built_in, r.permissions, r.department_key';

export const API_KEY_COLUMNS =
  'k.id, k.name, k.prefix, k.permissions, k.channel_ids, k.created_by_id, k.created_at, k.revoked_at, k.last_used_at';

// The id is a bigint: text keeps it exact in JavaScript.
export const AUDIT_COLUMNS =
  'a.id::text as id, a.at, a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.changes, a.request_id';

/** A LIKE pattern matching `text` anywhere, with the wildcard characters of `text` escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The WHERE clause of a staff list (shared by the page and its count). */
function whereClause(filter: StaffFilter | undefined): { sql: string; params: unknown[] } {
  const conds = ['true'];
  const params: unknown[] = [];
  const search = filter?.search?.trim();
  if (search) {
    conds.push(`(s.name ilike ? or s.email ilike ?)`);
    params.push(containsPattern(search), containsPattern(search));
  }
  if (filter?.departmentKey) {
    conds.push('s.department_key = ?');
    params.push(filter.departmentKey);
  }
  if (filter?.roleKey) {
    conds.push('exists (select 1 from role_assignment ra where ra.staff_id = s.id and ra.role_key = ?)');
    params.push(filter.roleKey);
  }
  if (filter?.active != null) {
    conds.push('s.active = ?');
    params.push(filter.active);
  }
  return { sql: conds.join(' and '), params };
}

/** A page of staff in name order, keyset-paginated on (name, id). */
export async function listStaff(ctx: Context, args: ConnectionArgs, filter: StaffFilter | undefined): Promise<Page<Staff>> {
  const req = pageRequest(args, 2);
  const where = whereClause(filter);
  const conds = [where.sql];
  const params = [...where.params];
  if (req.cursor) {
    const [name, id] = req.cursor;
    if (typeof name !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw badInput('The cursor is not valid for this list');
    conds.push(`(s.name, s.id) ${req.backward ? '<' : '>'} (?, ?::uuid)`);
    params.push(name, id);
  }
  const dir = req.backward ? 'desc' : 'asc';
  const rows = req.limit === 0 ? [] : await selectRows<StaffRow>(
    ctx.em,
    `select ${STAFF_COLUMNS} from staff s where ${conds.join(' and ')} order by s.name ${dir}, s.id ${dir} limit ?`,
    [...params, req.limit + 1],
  );
  const loaders = ctx.loaders.staff;
  // The page's rows seed the loader, so fields that look staff up by id cost nothing more.
  rows.forEach((r) => loaders.staffById.prime(r.id, r));
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from staff s where ${where.sql}`, where.params))[0].n;
  return buildPage(rows.map(Staff.fromRow), req, (s) => [s.name, s.dbId], count, { after: !!args.after, before: !!args.before });
}

/** A staff member by database id; null when there is none. */
export async function staffByDbId(ctx: Context, id: string): Promise<Staff | null> {
  if (!UUID.test(id)) return null;
  const row = await ctx.loaders.staff.staffById.load(id);
  return row ? Staff.fromRow(row) : null;
}

/** A staff member by global id; null when there is none. */
export function staffByGlobalId(ctx: Context, globalId: string): Promise<Staff | null> {
  const id = uuidOf('Staff', globalId);
  return id ? staffByDbId(ctx, id) : Promise.resolve(null);
}

/** The signed-in staff member; null for an API key. */
export function currentStaff(ctx: Context): Promise<Staff | null> {
  if (ctx.actor?.type !== 'STAFF') return Promise.resolve(null);
  return staffByDbId(ctx, ctx.actor.id);
}

/** A department by key, through the request's department cache. */
export async function departmentByKey(ctx: Context, key: string): Promise<Department | null> {
  const row = (await ctx.loaders.staff.departments()).get(key);
  return row ? Department.fromRow(row) : null;
}

export async function departmentOf(ctx: Context, staff: Staff): Promise<Department> {
  // The foreign key guarantees the department; the fallback only covers a race with a rename.
  const fallback: DepartmentRow = { key: staff.departmentKey, name: staff.departmentKey, name_zh: staff.departmentKey };
  return (await departmentByKey(ctx, staff.departmentKey)) ?? Department.fromRow(fallback);
}

export async function rolesOf(ctx: Context, staff: Staff): Promise<Role[]> {
  return (await ctx.loaders.staff.assignmentsByStaff.load(staff.dbId)).map(Role.fromRow);
}

export async function assignmentsOf(ctx: Context, staff: Staff): Promise<RoleAssignment[]> {
  return (await ctx.loaders.staff.assignmentsByStaff.load(staff.dbId)).map(RoleAssignment.fromRow);
}

// Single-row reads for the mutations. They run inside the mutation's transaction and bypass
// the request's loaders, which may hold rows from before the change.

export async function findStaffRow(ctx: Context, id: string): Promise<StaffRow | undefined> {
  const [row] = await selectRows<StaffRow>(ctx.em, `select ${STAFF_COLUMNS} from staff s where s.id = ?`, [id]);
  return row;
}

/** The roles a staff member holds now. */
export function heldRoles(ctx: Context, staffId: string): Promise<RoleRow[]> {
  return selectRows<RoleRow>(
    ctx.em,
    `select ${ROLE_COLUMNS} from role_assignment ra join role r on r.key = ra.role_key where ra.staff_id = ? order by r.key`,
    [staffId],
  );
}

/** The roles with these keys, by key (unknown keys are simply absent). */
export async function rolesByKey(ctx: Context, keys: string[]): Promise<Map<string, RoleRow>> {
  if (keys.length === 0) return new Map();
  const rows = await selectRows<RoleRow>(ctx.em, `select ${ROLE_COLUMNS} from role r where r.key = any(?::text[])`, [pgArray(keys)]);
  return new Map(rows.map((r) => [r.key, r]));
}

export async function findRoleRow(ctx: Context, key: string): Promise<RoleRow | undefined> {
  return (await rolesByKey(ctx, [key])).get(key);
}

export async function departmentExists(ctx: Context, key: string): Promise<boolean> {
  const rows = await selectRows<{ key: string }>(ctx.em, 'select key from department where key = ?', [key]);
  return rows.length > 0;
}

export async function findApiKeyRow(ctx: Context, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await selectRows<ApiKeyRow>(ctx.em, `select ${API_KEY_COLUMNS} from api_key k where k.id = ?`, [id]);
  return row;
}
