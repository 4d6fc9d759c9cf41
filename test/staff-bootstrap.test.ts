import { selectRows } from '../src/common/sql';
import { BUILT_IN_ROLES, DEPARTMENTS } from '../src/staff/roles';
import { syncBuiltInRoles } from '../src/staff/staff.bootstrap';
import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('built-in roles at start', () => {
  it('puts back every built-in role and department as roles.ts has it, adds missing ones, and leaves custom roles alone', async () => {
    const em = t.em();
    // Drift of every kind a start must undo: changed names, permissions, description, flag and department; a role and a department gone.
    await em.getConnection().execute(`update department set name = 'x', name_zh = 'x' where key = 'hr'`);
    await em.getConnection().execute(`update role set name = 'x', name_zh = 'x', description = 'x', permissions = '{}', built_in = false, department_key = 'hr' where key = 'warehouse'`);
    await em.getConnection().execute(`delete from role where key in ('copywriter', 'data_analyst')`);
    await em.getConnection().execute(`delete from department where key = 'data'`);
    await em.getConnection().execute(`insert into role (key, name, description, built_in, permissions, department_key) values ('night_shift', 'Night shift', 'custom', false, '{catalog.read}', 'warehouse')`);

    await syncBuiltInRoles(t.em());

    const departments = await selectRows<{ key: string; name: string; name_zh: string }>(t.em(), 'select key, name, name_zh from department order by key');
    for (const d of DEPARTMENTS) expect(departments).toContainEqual({ key: d.key, name: d.name, name_zh: d.nameZh });
    const roles = await selectRows<{ key: string; name: string; name_zh: string; description: string; built_in: boolean; permissions: string[]; department_key: string }>(
      t.em(),
      'select key, name, name_zh, description, built_in, permissions, department_key from role order by key',
    );
    for (const r of BUILT_IN_ROLES) {
      expect(roles).toContainEqual({ key: r.key, name: r.name, name_zh: r.nameZh, description: r.description, built_in: true, permissions: [...r.permissions], department_key: r.department });
    }
    expect(roles).toContainEqual({ key: 'night_shift', name: 'Night shift', name_zh: null, description: 'custom', built_in: false, permissions: ['catalog.read'], department_key: 'warehouse' });
    expect(roles).toHaveLength(BUILT_IN_ROLES.length + 1);
  });
});
