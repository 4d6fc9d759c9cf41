import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

const CREATE_STAFF = `mutation($i: CreateStaffInput!) { createStaff(input: $i) {
  staff { id email name active department { key name } roles { key name permissions } }
  userErrors { field code message } } }`;

describe('staff and roles', () => {
  it('lists the 15 built-in roles and the departments of the domain', async () => {
    const r = await t.gql('{ roles { key builtIn permissions } departments { key } }', {}, owner);
    const builtIn = r.data!.roles.filter((x: { builtIn: boolean }) => x.builtIn).map((x: { key: string }) => x.key).sort();
    expect(builtIn).toEqual(
      ['copywriter', 'customer_service', 'data_analyst', 'designer', 'finance', 'hr', 'marketing', 'merchandiser', 'ops_manager', 'ops_specialist', 'overseas_sales', 'owner', 'product_planner', 'purchasing', 'warehouse'],
    );
    expect(r.data!.departments.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['management', 'operations', 'warehouse', 'overseas', 'hr']));
  });

  it('creates a staff member who can then sign in with the role permissions', async () => {
    const r = await t.gql(CREATE_STAFF, { i: { email: 'Li.Na@Example.com', name: '李娜', password: 'pass-word-1', departmentKey: 'warehouse', roleKeys: ['warehouse'] } }, owner);
    expect(r.data!.createStaff.userErrors).toEqual([]);
    expect(r.data!.createStaff.staff).toMatchObject({ email: 'li.na@example.com', department: { key: 'warehouse' }, active: true });
    expect(r.data!.createStaff.staff.roles[0].permissions).toContain('inventory.stocktake');
    const token = await t.login('li.na@example.com', 'pass-word-1');
    const me = await t.gql('{ me { name roles { key } } }', {}, token);
    expect(me.data!.me).toEqual({ name: '李娜', roles: [{ key: 'warehouse' }] });
  });

  it('validates staff input', async () => {
    const r = await t.gql(CREATE_STAFF, { i: { email: 'not-an-email', name: 'x', password: 'short', departmentKey: 'nowhere', roleKeys: ['wizard'] } }, owner);
    const codes = r.data!.createStaff.userErrors.map((e: { code: string }) => e.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['PASSWORD_TOO_SHORT', 'UNKNOWN_DEPARTMENT', 'UNKNOWN_ROLE']));
    await t.gql(CREATE_STAFF, { i: { email: 'dup@example.com', name: 'x', password: 'long-enough', departmentKey: 'hr', roleKeys: [] } }, owner);
    const dup = await t.gql(CREATE_STAFF, { i: { email: 'DUP@example.com', name: 'x', password: 'long-enough', departmentKey: 'hr', roleKeys: [] } }, owner);
    expect(dup.data!.createStaff.userErrors.map((e: { code: string }) => e.code)).toContain('EMAIL_TAKEN');
  });

  it('does not let HR hand out the owner role, nor an operations manager staff outside operations', async () => {
    const hr = await t.staffToken(['hr'], { departmentKey: 'hr' });
    const r = await t.gql(CREATE_STAFF, { i: { email: 'boss@example.com', name: 'x', password: 'long-enough', departmentKey: 'management', roleKeys: ['owner'] } }, hr);
    expect(r.data!.createStaff.staff).toBeNull();
    expect(r.data!.createStaff.userErrors.map((e: { code: string }) => e.code)).toContain('FORBIDDEN_ROLE');
    // HR holds no business permissions, so it cannot grant them (issue 11 #5): it hires without
    // roles, and someone holding them grants them.
    const withRole = await t.gql(CREATE_STAFF, { i: { email: 'packer@example.com', name: 'x', password: 'long-enough', departmentKey: 'warehouse', roleKeys: ['warehouse'] } }, hr);
    expect(withRole.data!.createStaff.userErrors.map((e: { code: string }) => e.code)).toEqual(['FORBIDDEN_PERMISSION']);
    const ok = await t.gql(CREATE_STAFF, { i: { email: 'packer@example.com', name: 'x', password: 'long-enough', departmentKey: 'warehouse', roleKeys: [] } }, hr);
    expect(ok.data!.createStaff.userErrors).toEqual([]);

    const manager = await t.staffToken(['ops_manager'], { departmentKey: 'operations' });
    const outside = await t.gql(CREATE_STAFF, { i: { email: 'cs@example.com', name: 'x', password: 'long-enough', departmentKey: 'customer_service', roleKeys: ['customer_service'] } }, manager);
    expect(outside.data!.createStaff.userErrors.map((e: { code: string }) => e.code)).toContain('FORBIDDEN_SCOPE');
    const inside = await t.gql(CREATE_STAFF, { i: { email: 'ops2@example.com', name: 'x', password: 'long-enough', departmentKey: 'operations', roleKeys: ['ops_specialist'] } }, manager);
    expect(inside.data!.createStaff.userErrors).toEqual([]);
  });

  it('lets an owner build a custom role from permissions and assign it limited to channels', async () => {
    const role = await t.gql(
      'mutation { createRole(input: { key: "eu_lister", name: "EU lister", description: "Lists on EU channels", permissions: ["catalog.read", "channels.sync"] }) { role { key permissions builtIn } userErrors { code } } }',
      {},
      owner,
    );
    expect(role.data!.createRole.role).toEqual({ key: 'eu_lister', permissions: ['catalog.read', 'channels.sync'], builtIn: false });
    const s = await t.gql(CREATE_STAFF, { i: { email: 'eu@example.com', name: 'x', password: 'long-enough', departmentKey: 'overseas', roleKeys: [] } }, owner);
    const set = await t.gql(
      'mutation($i: SetStaffRolesInput!) { setStaffRoles(input: $i) { staff { roleAssignments { role { key } channelIds } } userErrors { code } } }',
      { i: { staffId: s.data!.createStaff.staff.id, roles: [{ roleKey: 'eu_lister', channelIds: ['ebay-de'] }] } },
      owner,
    );
    expect(set.data!.setStaffRoles.staff.roleAssignments).toEqual([{ role: { key: 'eu_lister' }, channelIds: ['ebay-de'] }]);
    const bad = await t.gql('mutation { createRole(input: { key: "x1", name: "x", permissions: ["everything"] }) { userErrors { code } } }', {}, owner);
    expect(bad.data!.createRole.userErrors[0].code).toBe('UNKNOWN_PERMISSION');
  });

  it('blocks a deactivated staff member at once', async () => {
    const s = await t.gql(CREATE_STAFF, { i: { email: 'temp@example.com', name: 'x', password: 'long-enough', departmentKey: 'design', roleKeys: ['designer'] } }, owner);
    const token = await t.login('temp@example.com', 'long-enough');
    await t.gql('mutation($id: ID!) { updateStaff(id: $id, input: { active: false }) { userErrors { code } } }', { id: s.data!.createStaff.staff.id }, owner);
    const r = await t.gql('{ me { id } }', {}, token);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('audit log', () => {
  it('records who changed what, without secrets, and cannot be altered', async () => {
    await t.gql('mutation { createCategory(input: { name: "审计" }) { category { id } } }', {}, owner);
    await t.gql(CREATE_STAFF, { i: { email: 'audited@example.com', name: 'x', password: 'secret-pass-9', departmentKey: 'hr', roleKeys: [] } }, owner);
    const r = await t.gql('{ auditLog(first: 20) { edges { node { action actorLabel targetType changes } } } }', {}, owner);
    const entries = r.data!.auditLog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    const cat = entries.find((e: { action: string }) => e.action === 'createCategory');
    expect(cat).toMatchObject({ actorLabel: expect.stringContaining('owner@'), changes: expect.objectContaining({ outcome: 'OK' }) });
    expect(JSON.stringify(entries)).not.toContain('secret-pass-9');
    await expect(t.em().getConnection().execute('update audit_log set action = ?', ['tampered'])).rejects.toThrow(/append-only/);
    await expect(t.em().getConnection().execute('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('is for owners only', async () => {
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const r = await t.gql('{ auditLog(first: 1) { totalCount } }', {}, analyst);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
