import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, pgArray } from '../common/sql';

/** An account to have: who, in which department, holding which role (on every channel, or on `channelKeys` only). */
export interface StaffAccount {
  email: string;
  name: string;
  departmentKey: string;
  roleKey: string;
  /** The channels (by key) the role is limited to; left out or empty: every channel. */
  channelKeys?: string[];
}

/**
 * Creates the accounts that do not exist yet, all with this password hash, and gives each its
 * role; existing accounts and their roles are left as they are. For loaders of prepared data
 * (the demo shop), which create accounts without a signed-in owner. In the caller's transaction.
 */
export async function ensureStaffAccounts(em: EntityManager, accounts: StaffAccount[], passwordHash: string): Promise<void> {
  if (!accounts.length) return;
  await execute(
    em,
    `insert into staff (id, email, name, password_hash, department_key)
     values ${accounts.map(() => '(gen_random_uuid(), ?, ?, ?, ?)').join(', ')}
     on conflict (email) do nothing`,
    accounts.flatMap((a) => [a.email, a.name, passwordHash, a.departmentKey]),
  );
  await execute(
    em,
    `insert into role_assignment (id, staff_id, role_key, channel_ids)
     select gen_random_uuid(), s.id, v.role_key, v.channel_ids
       from (values ${accounts.map(() => '(?, ?, ?::text[])').join(', ')}) as v(email, role_key, channel_ids)
       join staff s on s.email = v.email
     on conflict (staff_id, role_key) do nothing`,
    accounts.flatMap((a) => [a.email, a.roleKey, pgArray(a.channelKeys ?? [])]),
  );
}
