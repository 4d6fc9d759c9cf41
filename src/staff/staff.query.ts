import type { Context } from '../context';
import { badInput } from '../common/errors';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { staffLoaders } from './staff.loaders';
import { StaffFilter } from './staff.inputs';
import { containsPattern, sql, STAFF_COLUMNS } from './staff.sql';
import { Department, DepartmentRow, Role, RoleAssignment, Staff, StaffRow } from './staff.types';

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
  const rows = req.limit === 0 ? [] : await sql<StaffRow>(
    ctx,
    `select ${STAFF_COLUMNS} from staff s where ${conds.join(' and ')} order by s.name ${dir}, s.id ${dir} limit ?`,
    [...params, req.limit + 1],
  );
  const loaders = staffLoaders(ctx);
  // The page's rows seed the loader, so fields that look staff up by id cost nothing more.
  rows.forEach((r) => loaders.staffById.prime(r.id, r));
  const count = async () => (await sql<{ n: number }>(ctx, `select count(*)::int as n from staff s where ${where.sql}`, where.params))[0].n;
  return buildPage(rows.map(Staff.fromRow), req, (s) => [s.name, s.dbId], count, { after: !!args.after, before: !!args.before });
}

/** A staff member by database id; null when there is none. */
export async function staffByDbId(ctx: Context, id: string): Promise<Staff | null> {
  if (!UUID.test(id)) return null;
  const row = await staffLoaders(ctx).staffById.load(id);
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
  const row = (await staffLoaders(ctx).departments()).get(key);
  return row ? Department.fromRow(row) : null;
}

export async function departmentOf(ctx: Context, staff: Staff): Promise<Department> {
  // The foreign key guarantees the department; the fallback only covers a race with a rename.
  const fallback: DepartmentRow = { key: staff.departmentKey, name: staff.departmentKey, name_zh: staff.departmentKey };
  return (await departmentByKey(ctx, staff.departmentKey)) ?? Department.fromRow(fallback);
}

export async function rolesOf(ctx: Context, staff: Staff): Promise<Role[]> {
  return (await staffLoaders(ctx).assignmentsByStaff.load(staff.dbId)).map(Role.fromRow);
}

export async function assignmentsOf(ctx: Context, staff: Staff): Promise<RoleAssignment[]> {
  return (await staffLoaders(ctx).assignmentsByStaff.load(staff.dbId)).map(RoleAssignment.fromRow);
}
