import type { EntityManager } from '@mikro-orm/postgresql';
import { BUILT_IN_ROLES } from '../../staff/roles';
import { hashPassword } from '../../staff/auth.service';
import { ensureStaffAccounts } from '../../staff/staff-accounts.service';

/**
 * The password of every demo staff account. Demo data is for trying the product out: it is
 * loaded only when DEMO_DATA is on (off by default in production).
 */
export const DEMO_STAFF_PASSWORD = 'demo-pass-123';

/** Demo accounts are `<role key>@demo.example.com`, e.g. `ops_manager@demo.example.com`. */
export const DEMO_EMAIL_DOMAIN = 'demo.example.com';

/** One name per built-in role, in BUILT_IN_ROLES order. */
const DEMO_NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷', '徐明', '孙丽', '马超', '朱琳', '胡斌'];

/** A demo login: the account's email and the one built-in role it holds (on `channelKeys` only, when given). */
export interface DemoStaffLogin {
  email: string;
  roleKey: string;
  channelKeys?: string[];
}

/**
 * Creates one staff member per built-in role, in the role's home department, holding that role
 * on every channel. Departments and roles must already exist (`syncBuiltInRoles`). Accounts
 * that already exist are left as they are. Pass `passwordHash` to hash DEMO_STAFF_PASSWORD
 * outside a transaction (argon2 takes tens of milliseconds).
 */
export async function seedDemoStaff(em: EntityManager, passwordHash?: string): Promise<DemoStaffLogin[]> {
  const hash = passwordHash ?? (await hashPassword(DEMO_STAFF_PASSWORD));
  const staff = BUILT_IN_ROLES.map((role, i) => ({
    email: `${role.key}@${DEMO_EMAIL_DOMAIN}`,
    name: DEMO_NAMES[i % DEMO_NAMES.length],
    roleKey: role.key,
    departmentKey: role.department,
  }));
  await ensureStaffAccounts(em, staff, hash);
  return staff.map(({ email, roleKey }) => ({ email, roleKey }));
}

/** Overseas sales staff of one channel each, by channel order. */
const OVERSEAS_NAMES = ['林海', '郑悦', '何帆', '高远', '罗晴'];
const OVERSEAS_ROLE = 'overseas_sales';

/** The demo login of the overseas sales person of channel `channelKey`: `overseas_sales.<key>@demo.example.com`. */
export function overseasDemoEmail(channelKey: string): string {
  return `${OVERSEAS_ROLE}.${channelKey}@${DEMO_EMAIL_DOMAIN}`;
}

/**
 * One overseas sales person (海外商务) per overseas channel, holding the overseas sales role on
 * that channel only: they see and act on its listings, orders and runs, not the other channels'.
 * Accounts that exist already are left as they are.
 */
export async function seedOverseasStaff(em: EntityManager, channelKeys: string[], passwordHash?: string): Promise<DemoStaffLogin[]> {
  if (!channelKeys.length) return [];
  const hash = passwordHash ?? (await hashPassword(DEMO_STAFF_PASSWORD));
  const staff = channelKeys.map((key, i) => ({
    email: overseasDemoEmail(key),
    name: OVERSEAS_NAMES[i % OVERSEAS_NAMES.length],
    roleKey: OVERSEAS_ROLE,
    departmentKey: 'overseas',
    channelKeys: [key],
  }));
  await ensureStaffAccounts(em, staff, hash);
  return staff.map(({ email, roleKey, channelKeys }) => ({ email, roleKey, channelKeys }));
}
