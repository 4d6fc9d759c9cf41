import jwt from 'jsonwebtoken';
import { startTestApp, TestApp, OWNER_EMAIL, OWNER_PASSWORD, TEST_JWT_SECRET } from './support/test-app';

let t: TestApp;
let ownerId: string;
beforeAll(async () => {
  t = await startTestApp();
  const me = await t.gql('{ me { id } }', {}, await t.ownerToken());
  ownerId = me.data!.me.id;
});
afterAll(() => t.stop());

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt staff { email roles { key } } userErrors { code message } } }';
const ME = '{ me { email } }';

function staffDbId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}

describe('login', () => {
  it('returns a token that identifies the staff member', async () => {
    const r = await t.gql(LOGIN, { e: OWNER_EMAIL, p: OWNER_PASSWORD });
    expect(r.data!.login.userErrors).toEqual([]);
    expect(r.data!.login.staff).toEqual({ email: OWNER_EMAIL, roles: [{ key: 'owner' }] });
    const me = await t.gql(ME, {}, r.data!.login.token);
    expect(me.data!.me.email).toBe(OWNER_EMAIL);
    const header = JSON.parse(Buffer.from(r.data!.login.token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await t.gql(LOGIN, { e: OWNER_EMAIL, p: 'not-the-password' });
    const unknown = await t.gql(LOGIN, { e: 'nobody@example.com', p: 'whatever-123' });
    expect(wrong.data!.login.token).toBeNull();
    expect(wrong.data!.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    expect(unknown.data!.login.userErrors[0]).toEqual(wrong.data!.login.userErrors[0]);
  });

  it('stores passwords as argon2id with at least OWASP minimum parameters', async () => {
    const [row] = await t.em().getConnection().execute('select password_hash from staff where email = ?', [OWNER_EMAIL]);
    const m = /^\$argon2id\$v=19\$m=(\d+),p=(\d+),t=(\d+)\$/.exec(row.password_hash);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
    expect(Number(m![3])).toBeGreaterThanOrEqual(2);
  });
});

describe('tokens that must be refused', () => {
  const unauthenticated = async (token: string) => {
    const r = await t.gql(ME, {}, token);
    expect(r.data?.me ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  };

  it('refuses alg "none"', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: staffDbId(ownerId), typ: 'staff', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    await unauthenticated(`${header}.${payload}.`);
  });

  it('refuses a token signed with another secret', async () => {
    await unauthenticated(jwt.sign({ typ: 'staff' }, 'another-secret-another-secret-another-secret', { subject: staffDbId(ownerId), algorithm: 'HS256', expiresIn: 3600 }));
  });

  it('refuses another algorithm even with the right secret', async () => {
    await unauthenticated(jwt.sign({ typ: 'staff' }, TEST_JWT_SECRET, { subject: staffDbId(ownerId), algorithm: 'HS512', expiresIn: 3600 }));
  });

  it('refuses an expired token', async () => {
    const expired = jwt.sign({ typ: 'staff', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, { subject: staffDbId(ownerId), algorithm: 'HS256' });
    const r = await t.gql(ME, {}, expired);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0].message).toMatch(/expired/i);
  });

  it('answers UNAUTHENTICATED without a token and FORBIDDEN without the permission', async () => {
    const anon = await t.gql('{ products(first: 1) { totalCount } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const hr = await t.staffToken(['hr'], { departmentKey: 'hr' });
    const denied = await t.gql('{ products(first: 1) { totalCount } }', {}, hr);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('integrator API keys', () => {
  const CREATE = 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id prefix permissions } userErrors { code } } }';

  it('is shown once, stored only as a hash, limited to its permissions and revocable', async () => {
    const owner = await t.ownerToken();
    const r = await t.gql(CREATE, { i: { name: 'erp', permissions: ['catalog.read'] } }, owner);
    expect(r.data!.createApiKey.userErrors).toEqual([]);
    const key: string = r.data!.createApiKey.key;
    expect(key.startsWith(r.data!.createApiKey.apiKey.prefix)).toBe(true);
    const rows = await t.em().getConnection().execute('select * from api_key');
    expect(JSON.stringify(rows)).not.toContain(key);

    const read = await t.gql('{ products(first: 1) { totalCount } }', {}, key);
    expect(read.errors).toBeUndefined();
    const write = await t.gql('mutation { createCategory(input: { name: "x" }) { userErrors { code } } }', {}, key);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const list = await t.gql('{ apiKeys { id name prefix revokedAt } }', {}, owner);
    expect(JSON.stringify(list.data)).not.toContain(key);

    const revoke = await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } userErrors { code } } }', { id: r.data!.createApiKey.apiKey.id }, owner);
    expect(revoke.data!.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    const after = await t.gql('{ products(first: 1) { totalCount } }', {}, key);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown permissions', async () => {
    const r = await t.gql(CREATE, { i: { name: 'bad', permissions: ['catalog.everything'] } }, await t.ownerToken());
    expect(r.data!.createApiKey.userErrors[0].code).toBe('UNKNOWN_PERMISSION');
  });
});

describe('reloading callers', () => {
  it('applies a change made by another process on the next request when AUTH_CACHE_SECONDS=0', async () => {
    const strict = await startTestApp({ AUTH_CACHE_SECONDS: '0' });
    try {
      const token = await strict.staffToken(['designer'], { departmentKey: 'design' });
      expect((await strict.gql('{ me { id } }', {}, token)).data!.me).not.toBeNull();
      await strict.em().getConnection().execute(`update staff set active = false where email like 'designer-%'`);
      const after = await strict.gql('{ me { id } }', {}, token);
      expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await strict.stop();
    }
  });

  it('reuses a caller for a few seconds but forgets it after a committed mutation of staff, roles or keys', async () => {
    const token = await t.staffToken(['copywriter'], { departmentKey: 'copywriting' });
    const owner = await t.ownerToken();
    expect((await t.gql('{ me { id } }', {}, token)).data!.me).not.toBeNull();
    // A change behind the server's back (another process) is not seen while cached…
    await t.em().getConnection().execute(`update staff set active = false where email like 'copywriter-%'`);
    expect((await t.gql('{ me { id } }', {}, token)).data!.me).not.toBeNull();
    // …nor after a mutation that cannot change access (a stock or catalogue write keeps callers)…
    const category = await t.gql('mutation { createCategory(input: { name: "缓存" }) { category { id } } }', {}, owner);
    expect(category.data!.createCategory.category).not.toBeNull();
    expect((await t.gql('{ me { id } }', {}, token)).data!.me).not.toBeNull();
    // …until a mutation of the staff module (accounts, roles, keys, passwords) commits through this process.
    const role = await t.gql('mutation { createRole(input: { key: "cache_probe", name: "Cache probe", permissions: ["catalog.read"] }) { userErrors { code message } } }', {}, owner);
    expect(role.data!.createRole.userErrors).toEqual([]);
    expect((await t.gql('{ me { id } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
