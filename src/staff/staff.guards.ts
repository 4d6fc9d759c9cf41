import type { Context } from '../context';
import { forbidden, UserError, userError } from '../common/errors';
import { can } from './actor';
import { isPermission, P } from './permissions';
import { RoleRow, StaffRow } from './staff.types';
import { execute, selectRows } from '../common/sql';

/** The built-in role that must always have at least one active holder. */
export const OWNER_ROLE = 'owner';

/**
 * Which staff a caller may manage: everyone (staff.manage), or only the caller's own
 * department with roles of that department (staff.manage_department). An API key has no
 * department, so a department-scoped key manages no one.
 */
export type StaffScope = { all: true } | { all: false; departmentKey: string | null };

export function staffScope(ctx: Context): StaffScope {
  if (can(ctx.actor, P.StaffManage)) return { all: true };
  if (can(ctx.actor, P.StaffManageDepartment)) return { all: false, departmentKey: ctx.actor!.departmentKey };
  throw forbidden(`This needs the permission ${P.StaffManage} or ${P.StaffManageDepartment}`);
}

export function inScope(scope: StaffScope, departmentKey: string | null): boolean {
  return scope.all || (scope.departmentKey !== null && departmentKey === scope.departmentKey);
}

// Holding either of these lets a person make more of them (new owners, new keys), so only
// someone trusted with roles.manage may hand them out: HR can hire, but cannot make owners.
const PRIVILEGED: string[] = [P.RolesManage, P.ApiKeysManage];

export function isPrivileged(role: RoleRow): boolean {
  return role.permissions.some((p) => PRIVILEGED.includes(p));
}

/** Refuses roles the caller may not grant: outside their department, or privileged. */
export function checkGrants(ctx: Context, scope: StaffScope, grants: { role: RoleRow; field: (string | number)[] }[], errors: UserError[]): void {
  for (const { role, field } of grants) {
    if (!inScope(scope, role.department_key)) {
      errors.push(userError('FORBIDDEN_SCOPE', `You may grant only roles of your own department; ${role.key} is not one`, field));
    } else if (isPrivileged(role) && !can(ctx.actor, P.RolesManage)) {
      errors.push(userError('FORBIDDEN_ROLE', `Only a holder of ${P.RolesManage} may grant ${role.key}, which carries ${PRIVILEGED.join(' or ')}`, field));
    }
  }
}

/**
 * Refuses changes to a staff member the caller may not manage: someone of another department
 * (or holding another department's roles) for a department manager, and anyone holding a
 * privileged role for a caller without roles.manage, since resetting an owner's password
 * would be as good as being one.
 */
export function checkManageable(ctx: Context, scope: StaffScope, staff: StaffRow, held: RoleRow[], field: string, errors: UserError[]): void {
  if (!inScope(scope, staff.department_key) || held.some((r) => !inScope(scope, r.department_key))) {
    errors.push(userError('FORBIDDEN_SCOPE', 'You may manage only staff of your own department who hold only its roles', field));
  } else if (held.some(isPrivileged) && !can(ctx.actor, P.RolesManage)) {
    errors.push(userError('FORBIDDEN_ROLE', `Only a holder of ${P.RolesManage} may change an account that holds ${PRIVILEGED.join(' or ')}`, field));
  }
}

/**
 * Whether no active owner but `staffId` would remain. Takes a transaction-scoped lock first,
 * so two owners deactivating each other at the same moment cannot both succeed.
 */
export async function isLastOwner(ctx: Context, staffId: string): Promise<boolean> {
  await execute(ctx.em, `select pg_advisory_xact_lock(hashtext('staff.owners'))`);
  const [row] = await selectRows<{ n: number }>(
    ctx.em,
    `select count(*)::int as n from staff s join role_assignment ra on ra.staff_id = s.id
      where ra.role_key = ? and s.active and s.id <> ?`,
    [OWNER_ROLE, staffId],
  );
  return row.n === 0;
}

/**
 * Refuses permissions the caller does not hold (FORBIDDEN_PERMISSION): nobody hands out more
 * than they have. With `channelIds`, a permission the caller holds only on some channels may be
 * granted only on those channels. Permissions in `unchanged` (already granted before) pass.
 */
export function checkHeldPermissions(
  ctx: Context,
  permissions: string[],
  options: { channelIds?: string[]; unchanged?: string[] },
  field: string,
  errors: UserError[],
): void {
  const actor = ctx.actor;
  const { channelIds, unchanged = [] } = options;
  permissions.forEach((p, i) => {
    // Unknown keys are reported as UNKNOWN_PERMISSION by the validation.
    if (unchanged.includes(p) || !isPermission(p)) return;
    if (!actor || !actor.permissions.has(p)) {
      errors.push(userError('FORBIDDEN_PERMISSION', `You cannot grant ${p}: you do not hold it`, [field, i]));
      return;
    }
    const scope = channelIds && actor.channelScopes.get(p);
    if (scope && (channelIds.length === 0 || channelIds.some((c) => !scope.has(c)))) {
      errors.push(userError('FORBIDDEN_PERMISSION', `You hold ${p} only on some channels, so you may grant it only limited to them`, [field, i]));
    }
  });
}

/**
 * Refuses a role (FORBIDDEN_PERMISSION at `field`) that carries a permission the caller does
 * not hold, or holds only on some channels other than all of `channelIds` (empty: every
 * channel): granting the role would hand out more than the caller has.
 */
export function checkRoleHeld(ctx: Context, role: RoleRow, channelIds: string[], field: (string | number)[], errors: UserError[]): void {
  const missing: UserError[] = [];
  checkHeldPermissions(ctx, role.permissions, { channelIds }, 'permissions', missing);
  if (missing.length === 0) return;
  const lacking = missing.map((e) => role.permissions[Number(e.field![1])]);
  const notHeld = lacking.filter((p) => !ctx.actor?.permissions.has(p));
  const partly = lacking.filter((p) => ctx.actor?.permissions.has(p));
  const reasons = [
    ...(notHeld.length ? [`${notHeld.join(', ')}, which you do not hold`] : []),
    ...(partly.length ? [`${partly.join(', ')}, which you hold only on some channels (limit the grant to them)`] : []),
  ];
  errors.push(userError('FORBIDDEN_PERMISSION', `You cannot grant ${role.key}: it carries ${reasons.join('; and ')}`, field));
}

/**
 * Whether the caller holds the built-in owner role on every channel: setting another person's
 * password is for owners alone.
 */
export async function holdsOwnerRole(ctx: Context): Promise<boolean> {
  if (ctx.actor?.type !== 'STAFF') return false;
  const rows = await selectRows(ctx.em, `select 1 from role_assignment where staff_id = ? and role_key = ? and channel_ids = '{}'`, [ctx.actor.id, OWNER_ROLE]);
  return rows.length > 0;
}
