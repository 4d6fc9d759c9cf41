import type { EntityManager } from '@mikro-orm/postgresql';
import { DEPARTMENTS, BUILT_IN_ROLES } from './roles';
import { hashPassword } from './auth.service';

/**
 * Keeps the departments and built-in roles in the database in step with roles.ts, so the
 * table in code stays the single source. Runs at every start; custom roles are untouched.
 */
export async function syncBuiltInRoles(em: EntityManager): Promise<void> {
  const conn = em.getConnection();
  for (const d of DEPARTMENTS) {
    await conn.execute(
      `insert into department (key, name, name_zh) values (?, ?, ?)
       on conflict (key) do update set name = excluded.name, name_zh = excluded.name_zh`,
      [d.key, d.name, d.nameZh],
    );
  }
  for (const r of BUILT_IN_ROLES) {
    await conn.execute(
      `insert into role (key, name, name_zh, description, built_in, permissions, department_key)
       values (?, ?, ?, ?, true, ?::text[], ?)
       on conflict (key) do update set name = excluded.name, name_zh = excluded.name_zh, description = excluded.description,
         built_in = true, permissions = excluded.permissions, department_key = excluded.department_key`,
      [r.key, r.name, r.nameZh, r.description, `{${r.permissions.join(',')}}`, r.department],
    );
  }
}

/**
 * Creates the first owner from ADMIN_EMAIL / ADMIN_PASSWORD when no staff member exists with
 * that email. Returns true when the account was created.
 */
export async function ensureOwner(em: EntityManager, email: string, password: string): Promise<boolean> {
  const conn = em.getConnection();
  const existing = await conn.execute('select id from staff where email = ?', [email]);
  if (existing.length) return false;
  const hash = await hashPassword(password);
  await em.transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const [row] = await c.execute(
      `insert into staff (id, email, name, password_hash, department_key) values (gen_random_uuid(), ?, ?, ?, 'management') returning id`,
      [email, 'Owner', hash], 'all', ctx,
    );
    await c.execute(
      `insert into role_assignment (id, staff_id, role_key) values (gen_random_uuid(), ?, 'owner')`,
      [row.id], 'run', ctx,
    );
  });
  return true;
}
