import type { Context } from '../context';
import { API_KEY_COLUMNS, ROLE_COLUMNS, sql, STAFF_COLUMNS } from './staff.sql';
import { pgArray } from '../common/sql';
import { ApiKeyRow, RoleRow, StaffRow } from './staff.types';

// Single-row reads for the mutations. They run inside the mutation's transaction and bypass
// the request's loaders, which may hold rows from before the change.

export async function findStaffRow(ctx: Context, id: string): Promise<StaffRow | undefined> {
  const [row] = await sql<StaffRow>(ctx, `select ${STAFF_COLUMNS} from staff s where s.id = ?`, [id]);
  return row;
}

/** The roles a staff member holds now. */
export function heldRoles(ctx: Context, staffId: string): Promise<RoleRow[]> {
  return sql<RoleRow>(
    ctx,
    `select ${ROLE_COLUMNS} from role_assignment ra join role r on r.key = ra.role_key where ra.staff_id = ? order by r.key`,
    [staffId],
  );
}

/** The roles with these keys, by key (unknown keys are simply absent). */
export async function rolesByKey(ctx: Context, keys: string[]): Promise<Map<string, RoleRow>> {
  if (keys.length === 0) return new Map();
  const rows = await sql<RoleRow>(ctx, `select ${ROLE_COLUMNS} from role r where r.key = any(?::text[])`, [pgArray(keys)]);
  return new Map(rows.map((r) => [r.key, r]));
}

export async function findRoleRow(ctx: Context, key: string): Promise<RoleRow | undefined> {
  return (await rolesByKey(ctx, [key])).get(key);
}

export async function departmentExists(ctx: Context, key: string): Promise<boolean> {
  const rows = await sql<{ key: string }>(ctx, 'select key from department where key = ?', [key]);
  return rows.length > 0;
}

export async function findApiKeyRow(ctx: Context, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await sql<ApiKeyRow>(ctx, `select ${API_KEY_COLUMNS} from api_key k where k.id = ?`, [id]);
  return row;
}
