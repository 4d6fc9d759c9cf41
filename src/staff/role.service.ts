import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { BUILT_IN_ROLE_KEYS } from './roles';
import { ALL_PERMISSIONS, PERMISSION_DESCRIPTIONS } from './permissions';
import { CreateRoleInput, UpdateRoleInput } from './staff.inputs';
import { RolePayload } from './staff.payloads';
import { checkHeldPermissions } from './staff.guards';
import { departmentExists, findRoleRow, ROLE_COLUMNS } from './staff.queries';
import { execute, pgArray, selectRows } from '../common/sql';
import { checkName, checkPermissions } from './staff.validation';
import { Department, PermissionInfo, Role, RoleRow } from './staff.types';

const ROLE_KEY = /^[a-z][a-z0-9_]{1,49}$/;
const MAX_DESCRIPTION = 1000;

const refused = (userErrors: UserError[]): RolePayload => ({ role: null, userErrors });
const done = (row: RoleRow): RolePayload => ({ role: Role.fromRow(row), userErrors: [] });

/** Every department, in the order of roles.ts. */
export async function listDepartments(ctx: Context): Promise<Department[]> {
  return [...(await ctx.loaders.staff.departments()).values()].map(Department.fromRow);
}

const BUILT_IN_ORDER = new Map(BUILT_IN_ROLE_KEYS.map((k, i) => [k, i]));

/** Every role: built-in ones in the order of roles.ts, then custom ones by key. */
export async function listRoles(ctx: Context): Promise<Role[]> {
  const rows = await selectRows<RoleRow>(ctx.em, `select ${ROLE_COLUMNS} from role r`);
  const rank = (r: RoleRow) => (r.built_in ? BUILT_IN_ORDER.get(r.key) ?? BUILT_IN_ORDER.size : Number.MAX_SAFE_INTEGER);
  return rows.sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key)).map(Role.fromRow);
}

export async function roleByKey(ctx: Context, key: string): Promise<Role | null> {
  const row = await findRoleRow(ctx, key);
  return row ? Role.fromRow(row) : null;
}

/** Every permission of the product with what it allows. */
export function listPermissions(): PermissionInfo[] {
  return ALL_PERMISSIONS.map((key) => Object.assign(new PermissionInfo(), { key, description: PERMISSION_DESCRIPTIONS[key] }));
}

function checkDescription(raw: string | undefined | null, errors: UserError[]): string {
  const description = (raw ?? '').trim();
  if (description.length > MAX_DESCRIPTION) {
    errors.push(userError('INVALID_DESCRIPTION', `The description must be at most ${MAX_DESCRIPTION} characters`, 'description'));
  }
  return description;
}

async function checkRoleDepartment(ctx: Context, key: string, errors: UserError[]): Promise<void> {
  if (!(await departmentExists(ctx, key))) errors.push(userError('UNKNOWN_DEPARTMENT', `There is no department "${key}"`, 'departmentKey'));
}

/** Creates a custom role from existing permissions. */
export async function createRole(ctx: Context, input: CreateRoleInput): Promise<RolePayload> {
  const errors: UserError[] = [];
  const key = input.key.trim();
  if (!ROLE_KEY.test(key)) {
    errors.push(userError('INVALID_KEY', 'The key must be a lower-case letter followed by 1 to 49 lower-case letters, digits or underscores', 'key'));
  }
  const name = checkName(input.name, 'name', errors);
  const description = checkDescription(input.description, errors);
  const permissions = checkPermissions(input.permissions, 'permissions', errors);
  // A role holds on every channel its holders are given it on: only what the caller holds
  // everywhere may go into one.
  checkHeldPermissions(ctx, input.permissions, { channelIds: [] }, 'permissions', errors);
  if (input.departmentKey != null) await checkRoleDepartment(ctx, input.departmentKey, errors);
  if (errors.length) return refused(errors);
  const [row] = await selectRows<RoleRow>(
    ctx.em,
    `insert into role as r (key, name, name_zh, description, built_in, permissions, department_key)
     values (?, ?, ?, ?, false, ?::text[], ?) on conflict (key) do nothing returning ${ROLE_COLUMNS}`,
    [key, name, input.nameZh?.trim() || null, description, pgArray(permissions), input.departmentKey ?? null],
  );
  if (!row) return refused([userError('ROLE_EXISTS', `A role with the key ${key} already exists`, 'key')]);
  return done(row);
}

/** Loads a custom role for a change; adds NOT_FOUND or BUILT_IN_ROLE. */
async function customRole(ctx: Context, key: string, errors: UserError[], lock = false): Promise<RoleRow | undefined> {
  // Locking the row makes a concurrent assignment of the role wait until the deletion is decided.
  const [row] = await selectRows<RoleRow>(ctx.em, `select ${ROLE_COLUMNS} from role r where r.key = ?${lock ? ' for update' : ''}`, [key]);
  if (!row) errors.push(userError('NOT_FOUND', `There is no role "${key}"`, 'key'));
  else if (row.built_in) errors.push(userError('BUILT_IN_ROLE', `${key} is a built-in role; built-in roles follow the code and cannot be changed`, 'key'));
  return row && !row.built_in ? row : undefined;
}

/** Changes a custom role; holders gain or lose permissions at once. */
export async function updateRole(ctx: Context, key: string, input: UpdateRoleInput): Promise<RolePayload> {
  const errors: UserError[] = [];
  const role = await customRole(ctx, key, errors);
  if (!role) return refused(errors);
  const sets: string[] = [];
  const params: unknown[] = [];
  if (input.name != null) {
    sets.push('name = ?');
    params.push(checkName(input.name, 'name', errors));
  }
  if (input.nameZh != null) {
    sets.push('name_zh = ?');
    params.push(input.nameZh.trim() || null);
  }
  if (input.description != null) {
    sets.push('description = ?');
    params.push(checkDescription(input.description, errors));
  }
  if (input.permissions != null) {
    const permissions = checkPermissions(input.permissions, 'permissions', errors);
    // Only what is added must be held: an owner's deputy may still rename a role that carries
    // permissions the deputy lacks.
    checkHeldPermissions(ctx, input.permissions, { unchanged: role.permissions, channelIds: [] }, 'permissions', errors);
    sets.push('permissions = ?::text[]');
    params.push(pgArray(permissions));
  }
  if (input.departmentKey != null) {
    await checkRoleDepartment(ctx, input.departmentKey, errors);
    sets.push('department_key = ?');
    params.push(input.departmentKey);
  }
  if (errors.length) return refused(errors);
  if (sets.length === 0) return done(role);
  const [row] = await selectRows<RoleRow>(ctx.em, `update role as r set ${sets.join(', ')} where r.key = ? returning ${ROLE_COLUMNS}`, [...params, key]);
  return done(row);
}

/** Deletes a custom role nobody holds. */
export async function deleteRole(ctx: Context, key: string): Promise<RolePayload> {
  const errors: UserError[] = [];
  const role = await customRole(ctx, key, errors, true);
  if (!role) return refused(errors);
  const [{ n }] = await selectRows<{ n: number }>(ctx.em, 'select count(*)::int as n from role_assignment where role_key = ?', [key]);
  if (n > 0) return refused([userError('ROLE_IN_USE', `${n} staff member(s) hold ${key}; take it from them first`, 'key')]);
  await execute(ctx.em, 'delete from role where key = ?', [key]);
  return done(role);
}
