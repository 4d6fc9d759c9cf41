import type { EntityManager } from '@mikro-orm/postgresql';
import { DEPARTMENTS, BUILT_IN_ROLES } from './roles';
import { hashPassword } from './auth.service';
import { ConfigError } from '../config';
import { MIN_ADMIN_PASSWORD, passwordProblem } from './password-rules';
import { execute, selectRows } from '../common/sql';

/**
 * Why ADMIN_PASSWORD will not do for a production owner, in words that never repeat it;
 * undefined when it will. Stricter than a person's password: at least MIN_ADMIN_PASSWORD
 * characters, since the owner can do everything.
 */
export function adminPasswordProblem(password: string, email: string): string | undefined {
  const problem = passwordProblem(password, email, MIN_ADMIN_PASSWORD);
  if (!problem) return undefined;
  switch (problem.code) {
    case 'PASSWORD_TOO_SHORT': return `is shorter than ${MIN_ADMIN_PASSWORD} characters`;
    case 'PASSWORD_TOO_LONG': return 'is too long';
    case 'PASSWORD_TOO_SIMPLE': return 'is only spaces or one character repeated';
    case 'PASSWORD_TOO_COMMON': return 'is a common or documented password (the README default among them)';
    case 'PASSWORD_CONTAINS_EMAIL': return 'contains ADMIN_EMAIL or the part before its @';
  }
}

/**
 * Keeps the departments and built-in roles in the database in step with roles.ts, so the
 * table in code stays the single source. Runs at every start; custom roles are untouched.
 */
export async function syncBuiltInRoles(em: EntityManager): Promise<void> {
  // One statement per table, not one per row: this runs on every start, before the API listens.
  await execute(
    em,
    `insert into department (key, name, name_zh)
     select d.key, d.name, d.name_zh from jsonb_to_recordset(?::jsonb) as d(key text, name text, name_zh text)
     on conflict (key) do update set name = excluded.name, name_zh = excluded.name_zh`,
    [JSON.stringify(DEPARTMENTS.map((d) => ({ key: d.key, name: d.name, name_zh: d.nameZh })))],
  );
  await execute(
    em,
    `insert into role (key, name, name_zh, description, built_in, permissions, department_key)
     select r.key, r.name, r.name_zh, r.description, true, r.permissions, r.department_key
       from jsonb_to_recordset(?::jsonb) as r(key text, name text, name_zh text, description text, permissions text[], department_key text)
     on conflict (key) do update set name = excluded.name, name_zh = excluded.name_zh, description = excluded.description,
       built_in = true, permissions = excluded.permissions, department_key = excluded.department_key`,
    [JSON.stringify(BUILT_IN_ROLES.map((r) => ({ key: r.key, name: r.name, name_zh: r.nameZh, description: r.description, permissions: r.permissions, department_key: r.department })))],
  );
}

/**
 * Creates the first owner from ADMIN_EMAIL / ADMIN_PASSWORD when no staff member exists with
 * that email. Returns true when the account was created. In production the password must be
 * strong (see adminPasswordProblem); otherwise start-up stops with a ConfigError naming
 * ADMIN_PASSWORD and never its value.
 */
export async function ensureOwner(em: EntityManager, email: string, password: string | undefined, options: { production?: boolean } = {}): Promise<boolean> {
  const existing = await selectRows(em, 'select id from staff where email = ?', [email]);
  if (existing.length) return false;
  const problem = password === undefined ? 'is not set' : options.production ? adminPasswordProblem(password, email) : undefined;
  if (problem !== undefined || password === undefined) {
    throw new ConfigError(
      `ADMIN_PASSWORD ${problem ?? 'is not set'}: the first owner (${email}) has to be created, and in production its password ` +
        `must be at least ${MIN_ADMIN_PASSWORD} characters, not a common or documented password, and not contain the email. ` +
        'Set ADMIN_PASSWORD to such a password (e.g. from a password manager) and start again.',
    );
  }
  const hash = await hashPassword(password);
  return em.transactional(async (tx) => {
    // API replicas starting together on an empty database all find no owner; the first insert
    // wins and the others go on with its account instead of stopping on the unique email.
    const [row] = await selectRows<{ id: string }>(
      tx,
      `insert into staff (id, email, name, password_hash, department_key) values (gen_random_uuid(), ?, ?, ?, 'management')
       on conflict (email) do nothing returning id`,
      [email, 'Owner', hash],
    );
    if (!row) return false;
    await execute(tx, `insert into role_assignment (id, staff_id, role_key) values (gen_random_uuid(), ?, 'owner')`, [row.id]);
    return true;
  });
}
