import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { hashPassword } from './auth.service';
import { CreateStaffInput, SetStaffRolesInput, UpdateStaffInput } from './staff.inputs';
import { StaffPayload } from './staff.payloads';
import { checkGrants, checkManageable, checkRoleHeld, holdsOwnerRole, inScope, isLastOwner, OWNER_ROLE, staffScope, StaffScope } from './staff.guards';
import { spendResetCodes } from './credentials';
import { departmentExists, findStaffRow, heldRoles, rolesByKey, STAFF_COLUMNS } from './staff.queries';
import { execute, pgArray, selectRows } from '../common/sql';
import { checkChannelIds, checkEmail, checkName, checkPassword } from './staff.validation';
import { RoleRow, Staff, StaffRow } from './staff.types';

const refused = (userErrors: UserError[]): StaffPayload => ({ staff: null, userErrors });
const done = (row: StaffRow): StaffPayload => ({ staff: Staff.fromRow(row), userErrors: [] });

/** Adds UNKNOWN_DEPARTMENT or FORBIDDEN_SCOPE for a department the caller may not put staff in. */
async function checkDepartment(ctx: Context, scope: StaffScope, key: string, errors: UserError[]): Promise<void> {
  if (!(await departmentExists(ctx, key))) {
    errors.push(userError('UNKNOWN_DEPARTMENT', `There is no department "${key}"`, 'departmentKey'));
  } else if (!inScope(scope, key)) {
    errors.push(userError('FORBIDDEN_SCOPE', 'You may manage staff of your own department only', 'departmentKey'));
  }
}

/** An assignment a staff member holds now. */
type CurrentAssignment = { role_key: string; channel_ids: string[] };

// Keeping an assignment, or narrowing its channels, grants nothing new.
const keeps = (current: CurrentAssignment[], roleKey: string, channelIds: string[]) =>
  current.some((c) => c.role_key === roleKey && (c.channel_ids.length === 0 || (channelIds.length > 0 && channelIds.every((id) => c.channel_ids.includes(id)))));

/**
 * Looks up the granted roles; adds UNKNOWN_ROLE, the scope checks and FORBIDDEN_PERMISSION for
 * a role carrying a permission the caller does not hold (on those channels) at each role's
 * path. Assignments in `current` that stay as they are need no such check.
 */
async function resolveGrants(
  ctx: Context,
  scope: StaffScope,
  keys: { key: string; field: (string | number)[]; channelIds: string[] }[],
  errors: UserError[],
  current: CurrentAssignment[] = [],
): Promise<RoleRow[]> {
  const found = await rolesByKey(ctx, keys.map((k) => k.key));
  const grants: { role: RoleRow; field: (string | number)[] }[] = [];
  for (const { key, field, channelIds } of keys) {
    const role = found.get(key);
    if (!role) {
      errors.push(userError('UNKNOWN_ROLE', `There is no role "${key}"`, field));
      continue;
    }
    grants.push({ role, field });
    if (!keeps(current, key, channelIds)) checkRoleHeld(ctx, role, channelIds, field, errors);
  }
  checkGrants(ctx, scope, grants, errors);
  return grants.map((g) => g.role);
}

async function insertAssignments(ctx: Context, staffId: string, grants: { roleKey: string; channelIds: string[] }[]): Promise<void> {
  if (grants.length === 0) return;
  await execute(
    ctx.em,
    `insert into role_assignment (id, staff_id, role_key, channel_ids) values ${grants.map(() => '(?, ?, ?, ?::text[])').join(', ')}`,
    grants.flatMap((g) => [randomUUID(), staffId, g.roleKey, pgArray(g.channelIds)]),
  );
}

/** Creates a staff account with its roles. */
export async function createStaff(ctx: Context, input: CreateStaffInput): Promise<StaffPayload> {
  const scope = staffScope(ctx);
  const errors: UserError[] = [];
  const email = checkEmail(input.email, 'email', errors);
  const name = checkName(input.name, 'name', errors);
  checkPassword(input.password, 'password', errors, email ?? input.email);
  const channelIds = checkChannelIds(input.channelIds, 'channelIds', errors);
  await checkDepartment(ctx, scope, input.departmentKey, errors);
  const keys = [...new Set(input.roleKeys ?? [])];
  await resolveGrants(ctx, scope, keys.map((key) => ({ key, field: ['roleKeys', (input.roleKeys ?? []).indexOf(key)], channelIds })), errors);
  if (email && (await selectRows(ctx.em, 'select 1 from staff where email = ?', [email])).length) {
    errors.push(userError('EMAIL_TAKEN', 'Another account already uses this email', 'email'));
  }
  if (errors.length) return refused(errors);

  const hash = await hashPassword(input.password);
  // A concurrent sign-up with the same email loses here rather than on a constraint error.
  const [row] = await selectRows<StaffRow>(
    ctx.em,
    `insert into staff as s (id, email, name, password_hash, department_key) values (?, ?, ?, ?, ?)
     on conflict (email) do nothing returning ${STAFF_COLUMNS}`,
    [randomUUID(), email, name, hash, input.departmentKey],
  );
  if (!row) return refused([userError('EMAIL_TAKEN', 'Another account already uses this email', 'email')]);
  await insertAssignments(ctx, row.id, keys.map((roleKey) => ({ roleKey, channelIds })));
  return done(row);
}

/** Loads the staff member a mutation acts on and checks the caller may manage them. */
export async function manageable(ctx: Context, scope: StaffScope, globalId: string, field: string, errors: UserError[]): Promise<{ row: StaffRow; held: RoleRow[] } | undefined> {
  const id = uuidOf('Staff', globalId);
  const row = id ? await findStaffRow(ctx, id) : undefined;
  if (!row) {
    errors.push(userError('NOT_FOUND', 'No staff member has this id', field));
    return undefined;
  }
  const held = await heldRoles(ctx, row.id);
  checkManageable(ctx, scope, row, held, field, errors);
  return { row, held };
}

/** Changes name, department, password or active state; omitted fields stay as they are. */
export async function updateStaff(ctx: Context, globalId: string, input: UpdateStaffInput): Promise<StaffPayload> {
  const scope = staffScope(ctx);
  const errors: UserError[] = [];
  const target = await manageable(ctx, scope, globalId, 'id', errors);
  if (!target) return refused(errors);
  const sets: string[] = [];
  const params: unknown[] = [];
  if (input.name != null) {
    const name = checkName(input.name, 'name', errors);
    sets.push('name = ?');
    params.push(name);
  }
  if (input.departmentKey != null && input.departmentKey !== target.row.department_key) {
    await checkDepartment(ctx, scope, input.departmentKey, errors);
    sets.push('department_key = ?');
    params.push(input.departmentKey);
  }
  // Whoever sets another person's password can sign in as them: only an owner may; others
  // start a reset that reaches the person (requestPasswordReset).
  if (input.password != null) {
    if (ctx.actor?.type === 'STAFF' && ctx.actor.id === target.row.id) {
      errors.push(userError('USE_CHANGE_MY_PASSWORD', 'Change your own password with changeMyPassword, which asks for the current one', 'password'));
    } else if (!(await holdsOwnerRole(ctx))) {
      errors.push(userError('FORBIDDEN_PASSWORD_CHANGE', "Only an owner may set another person's password; start a reset with requestPasswordReset instead", 'password'));
    } else {
      checkPassword(input.password, 'password', errors, target.row.email);
    }
  }
  // A password change or a deactivation ends every token issued before it (reactivating does
  // not bring them back), and any reset code still open.
  let revoke = input.password != null;
  if (input.active != null && input.active !== target.row.active) {
    if (!input.active && target.held.some((r) => r.key === OWNER_ROLE) && (await isLastOwner(ctx, target.row.id))) {
      errors.push(userError('LAST_OWNER', 'This is the last active owner; make someone else owner first', 'active'));
    }
    sets.push('active = ?');
    params.push(input.active);
    if (!input.active) revoke = true;
  }
  if (errors.length) return refused(errors);
  if (input.password != null) {
    sets.push('password_hash = ?');
    params.push(await hashPassword(input.password));
  }
  if (revoke) {
    sets.push('token_generation = s.token_generation + 1');
    await spendResetCodes(ctx, target.row.id);
  }
  if (sets.length === 0) return done(target.row);
  const [row] = await selectRows<StaffRow>(
    ctx.em,
    `update staff as s set ${sets.join(', ')}, updated_at = now() where s.id = ? returning ${STAFF_COLUMNS}`,
    [...params, target.row.id],
  );
  return done(row);
}

const sameChannels = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** Replaces every role assignment of a staff member. */
export async function setStaffRoles(ctx: Context, input: SetStaffRolesInput): Promise<StaffPayload> {
  const scope = staffScope(ctx);
  const errors: UserError[] = [];
  const target = await manageable(ctx, scope, input.staffId, 'staffId', errors);
  if (!target) return refused(errors);
  // Nobody raises (or trims) their own permissions: another manager decides.
  if (ctx.actor?.type === 'STAFF' && ctx.actor.id === target.row.id) {
    return refused([...errors, userError('OWN_ROLES', 'You cannot change your own roles; ask another manager', 'staffId')]);
  }
  const current = await selectRows<CurrentAssignment>(ctx.em, 'select role_key, channel_ids from role_assignment where staff_id = ?', [target.row.id]);
  const grants: { roleKey: string; channelIds: string[] }[] = [];
  const keys: { key: string; field: (string | number)[]; channelIds: string[] }[] = [];
  input.roles.forEach((g, i) => {
    const channelIds = checkChannelIds(g.channelIds, `roles.${i}.channelIds`, errors);
    if (grants.some((x) => x.roleKey === g.roleKey)) {
      errors.push(userError('DUPLICATE_ROLE', `The role ${g.roleKey} is listed twice`, ['roles', i, 'roleKey']));
      return;
    }
    grants.push({ roleKey: g.roleKey, channelIds });
    keys.push({ key: g.roleKey, field: ['roles', i, 'roleKey'], channelIds });
  });
  await resolveGrants(ctx, scope, keys, errors, current);
  const losesOwner = target.held.some((r) => r.key === OWNER_ROLE) && !grants.some((g) => g.roleKey === OWNER_ROLE);
  if (losesOwner && target.row.active && (await isLastOwner(ctx, target.row.id))) {
    errors.push(userError('LAST_OWNER', 'This is the last active owner; make someone else owner first', 'roles'));
  }
  if (errors.length) return refused(errors);

  const unchanged = current.length === grants.length &&
    grants.every((g) => current.some((c) => c.role_key === g.roleKey && sameChannels(c.channel_ids, g.channelIds)));
  if (!unchanged) {
    await execute(ctx.em, 'delete from role_assignment where staff_id = ?', [target.row.id]);
    await insertAssignments(ctx, target.row.id, grants);
  }
  return done(target.row);
}
