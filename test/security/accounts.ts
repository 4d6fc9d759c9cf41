import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { App, startApp } from '../../src/app';
import { startTestApp, TestApp, TEST_JWT_SECRET, TEST_SECRETS_KEY } from '../support/test-app';

type Errors = { code: string; message: string; field?: string[] | null }[];
interface SignIn {
  token: string | null;
  userErrors: Errors;
}

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code message } } }';
const CREATE_STAFF = 'mutation($i: CreateStaffInput!) { createStaff(input: $i) { staff { id email } userErrors { code field message } } }';
const UPDATE_STAFF = 'mutation($id: ID!, $i: UpdateStaffInput!) { updateStaff(id: $id, input: $i) { staff { id active } userErrors { code field message } } }';
const SET_ROLES = 'mutation($i: SetStaffRolesInput!) { setStaffRoles(input: $i) { staff { id } userErrors { code field message } } }';
const CHANGE_MINE = 'mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token staff { id } userErrors { code field message } } }';
const REQUEST_RESET = 'mutation($id: ID!) { requestPasswordReset(staffId: $id) { expiresAt staff { id } userErrors { code field message } } }';
const RESET = 'mutation($e: String!, $c: String!, $n: String!) { resetPassword(email: $e, resetCode: $c, newPassword: $n) { token userErrors { code field message } } }';
const ME = '{ me { id email roles { key } } }';

const codes = (errors: Errors | undefined) => (errors ?? []).map((e) => e.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/** Security tests of this area (issue 11 items 3, 4, 5, 10), run by test/security.test.ts. */
export function accountSecurity(): void {
  let t: TestApp;
  /** A second API process on the same database. */
  let t2: TestApp;
  let owner: string;
  let people = 0;
  let addresses = 0;

  beforeAll(async () => {
    // Behind a trusted proxy (loopback), each test names its own client address, so the
    // per-address counters of one test do not spill into another.
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    t2 = await startTestApp({ TRUST_PROXY: 'loopback' }, t);
    owner = await t.ownerToken();
  });
  afterAll(async () => {
    await t2?.stop();
    await t?.stop();
  });

  /** A documentation-range address (RFC 5737): only ever a header value here, never a destination. */
  const newAddress = () => `203.0.113.${++addresses}`;

  async function gqlFrom<T = Record<string, any>>(app: TestApp, address: string, query: string, variables: Record<string, unknown>, token?: string) {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  }

  async function login(app: TestApp, address: string, email: string, password: string): Promise<SignIn> {
    const r = await gqlFrom<{ login: SignIn }>(app, address, LOGIN, { e: email, p: password });
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.login;
  }

  /** A staff member created by the owner through the API, with a password of their own. */
  async function createPerson(roleKeys: string[] = ['warehouse'], departmentKey = 'warehouse', channelIds: string[] = []) {
    const n = ++people;
    const email = `person-${n}@accounts.example.com`;
    const password = `Tidal-Crane-${n}-Quiet`;
    const r = await t.gql(CREATE_STAFF, { i: { email, name: `Person ${n}`, password, departmentKey, roleKeys, channelIds } }, owner);
    expect(r.data!.createStaff.userErrors).toEqual([]);
    return { id: r.data!.createStaff.staff.id as string, email, password };
  }

  async function me(app: TestApp, token: string) {
    return app.gql(ME, {}, token);
  }

  // ---------------------------------------------------------------------------------------
  // #3 production never starts with the documented owner password

  /** Starts the product in production mode on the test database, capturing every log line. */
  async function startProduction(env: Record<string, string | undefined>): Promise<{ app?: App; error?: Error; logs: string }> {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const all: Record<string, string | undefined> = {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: t.app.config.databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      SECRETS_KEY: TEST_SECRETS_KEY,
      ROLE: 'api',
      DB_POOL_MAX: '3',
      LOG_LEVEL: 'trace',
      ...env,
    };
    const defined = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
    try {
      const app = await startApp(loadConfig(defined), pino({ level: 'trace' }, sink));
      return { app, logs: lines.join('') };
    } catch (error) {
      return { error: error as Error, logs: lines.join('') };
    }
  }

  it('#3 production refuses to create the owner without a strong ADMIN_PASSWORD, never logs it, and needs none once the owner exists', async () => {
    const email = 'first-owner@prod.example.com';
    const weak: (string | undefined)[] = [
      undefined, // unset: the README default used to apply
      'owner-pass-123', // the README's own
      'demo-pass-123', // the documented demo password
      'password1234', // common
      '                ', // all spaces
      'zzzzzzzzzzzzzzzz', // one character
      'Short-Pw9x', // under 12 characters
      'first-owner-2026!', // contains the email's local part
    ];
    for (const password of weak) {
      const r = await startProduction({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password });
      await r.app?.stop();
      expect({ password, started: !!r.app }).toEqual({ password, started: false });
      expect(r.error!.message).toMatch(/ADMIN_PASSWORD/);
      if (password?.trim()) {
        expect(r.error!.message).not.toContain(password);
        expect(r.logs).not.toContain(password);
      }
    }
    expect(await t.em().getConnection().execute('select 1 from staff where email = ?', [email])).toHaveLength(0);
    // The demo accounts, an owner among them, have the documented password demo-pass-123.
    const demo = await startProduction({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'Kx7-vortex-Lamp-93q', DEMO_DATA: 'true' });
    await demo.app?.stop();
    expect(demo.error?.message).toMatch(/DEMO_DATA/);
    expect(await t.em().getConnection().execute(`select 1 from staff where email like '%@demo.example.com'`)).toHaveLength(0);

    // A strong one creates the owner, who can sign in; the password appears in no log line.
    const strong = 'Kx7-vortex-Lamp-93q';
    const created = await startProduction({ ADMIN_EMAIL: email, ADMIN_PASSWORD: strong });
    try {
      expect(created.error).toBeUndefined();
      const r = await fetch(`http://127.0.0.1:${created.app!.server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { e: email, p: strong } }),
      });
      expect(((await r.json()) as { data: { login: SignIn } }).data.login.token).toEqual(expect.any(String));
    } finally {
      await created.app?.stop();
    }
    expect(created.logs).toMatch(/first owner/);
    expect(created.logs).not.toContain(strong);

    // The owner exists now: no ADMIN_PASSWORD is needed to start.
    const again = await startProduction({ ADMIN_EMAIL: email, ADMIN_PASSWORD: undefined });
    await again.app?.stop();
    expect(again.error).toBeUndefined();
  });

  // ---------------------------------------------------------------------------------------
  // #4 login throttling

  async function auditEntries(action: string): Promise<{ actorLabel: string; targetId: string | null; changes: Record<string, any> }[]> {
    const r = await t.gql(
      'query($a: String!) { auditLog(first: 50, filter: { action: $a }) { edges { node { actorLabel targetId changes } } } }',
      { a: action },
      owner,
    );
    return r.data!.auditLog.edges.map((e: { node: unknown }) => e.node);
  }

  it('#4 locks an account after five wrong passwords in every API process, says when to try again, and a success resets the count', async () => {
    const p = await createPerson();
    const address = newAddress();
    for (let i = 0; i < 5; i++) expect(codes((await login(t, address, p.email, `wrong-password-${i}`)).userErrors)).toEqual(['INVALID_CREDENTIALS']);
    // The other process, from another address, with the right password: locked all the same.
    const locked = await login(t2, newAddress(), p.email, p.password);
    expect(locked.token).toBeNull();
    expect(codes(locked.userErrors)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(locked.userErrors[0].message).toMatch(/try again/i);

    const lockRows = (await auditEntries('signInLocked')).filter((e) => e.targetId === p.id);
    expect(lockRows).toHaveLength(1);
    expect(lockRows[0].changes).toMatchObject({ outcome: 'LOCKED', scope: 'ACCOUNT', attempts: 5 });
    expect((await auditEntries('login')).filter((e) => e.changes.outcome === 'REFUSED' && JSON.stringify(e.changes).includes('TOO_MANY_ATTEMPTS')).length).toBeGreaterThan(0);

    const [row] = await t.em().getConnection().execute(`select extract(epoch from locked_until - now()) * 1000 as ms from login_throttle where scope = 'ACCOUNT' and locked_until is not null order by locked_until desc limit 1`);
    await sleep(Math.max(0, Number(row.ms)) + 200);
    expect((await login(t2, address, p.email, p.password)).token).toEqual(expect.any(String));
    // The success forgot the earlier failures: four more wrong ones and the right one still work.
    for (let i = 0; i < 4; i++) expect(codes((await login(t, address, p.email, `again-wrong-${i}`)).userErrors)).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(t, address, p.email, p.password)).token).toEqual(expect.any(String));
  });

  it('#4 throttles an email without an account exactly like one with an account', async () => {
    const address = newAddress();
    const answers: string[][] = [];
    for (let i = 0; i < 6; i++) answers.push(codes((await login(t, address, 'no-such-person@accounts.example.com', `guess-number-${i}`)).userErrors));
    expect(answers).toEqual([...Array(5).fill(['INVALID_CREDENTIALS']), ['TOO_MANY_ATTEMPTS']]);
  });

  it('#4 fifty parallel wrong passwords: most are refused as TOO_MANY_ATTEMPTS and the server keeps answering quickly', async () => {
    const p = await createPerson();
    const address = newAddress();
    const started = Date.now();
    const health = (async () => {
      await sleep(100);
      const s = Date.now();
      const r = await fetch(`${t.baseUrl}/healthz`);
      return { ok: r.ok, ms: Date.now() - s };
    })();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login(t, address, p.email, `parallel-guess-${i}`)));
    const burstMs = Date.now() - started;
    const answer = results.map((r) => r.userErrors[0]?.code);
    expect(answer.filter((c) => c === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThanOrEqual(40);
    expect(answer.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(10);
    expect(results.every((r) => r.token === null)).toBe(true);
    expect(await health).toEqual({ ok: true, ms: expect.any(Number) });
    expect((await health).ms).toBeLessThan(3000);
    expect(burstMs).toBeLessThan(20_000);
    const s = Date.now();
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(Date.now() - s).toBeLessThan(1000);
  });

  it('#4 locks a client address that tries many accounts, and only that address', async () => {
    const p = await createPerson();
    const address = newAddress();
    const answers: string[] = [];
    for (let i = 0; i < 32; i++) answers.push((await login(t, address, `sprayed-${i}@accounts.example.com`, 'Spring-Harbour-2026')).userErrors[0]?.code);
    expect(answers.slice(0, 30)).toEqual(Array(30).fill('INVALID_CREDENTIALS'));
    expect(answers.slice(30)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    // That address cannot sign in even with a right password; another address can.
    expect(codes((await login(t, address, p.email, p.password)).userErrors)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect((await login(t2, newAddress(), p.email, p.password)).token).toEqual(expect.any(String));
    const lock = (await auditEntries('signInLocked')).find((e) => e.changes.scope === 'ADDRESS' && e.changes.address === address);
    expect(lock?.changes).toMatchObject({ outcome: 'LOCKED', attempts: 30 });
  });

  it('#4 forgets throttle rows whose window and lock are over, so the table does not grow without bound', async () => {
    const conn = t.em().getConnection();
    await conn.execute(
      `insert into login_throttle (scope, subject, attempts, window_started_at, locked_until, updated_at) values
         ('ADDRESS', '198.51.100.1', 7, now() - interval '2 days', null, now() - interval '2 days'),
         ('ADDRESS', '198.51.100.2', 12, now() - interval '2 days', now() - interval '1 day', now() - interval '2 days'),
         ('ADDRESS', '198.51.100.3', 40, now() - interval '2 days', now() + interval '1 hour', now() - interval '2 days')`,
    );
    await login(t, newAddress(), 'someone-new@accounts.example.com', 'whatever-it-is-7');
    const left = await conn.execute(`select subject from login_throttle where subject like '198.51.100.%' order by subject`);
    // The one still locked stays until its lock is over.
    expect(left.map((r) => r.subject)).toEqual(['198.51.100.3']);
  });

  // ---------------------------------------------------------------------------------------
  // #5 grants and takeovers

  it('#5 HR cannot give itself or anyone roles with permissions it does not hold, and nobody changes their own roles', async () => {
    const hr = await t.staffToken(['hr'], { departmentKey: 'hr' });
    const hrId = (await me(t, hr)).data!.me.id;
    for (const roleKey of ['finance', 'ops_manager']) {
      const self = await t.gql(SET_ROLES, { i: { staffId: hrId, roles: [{ roleKey: 'hr' }, { roleKey }] } }, hr);
      expect(codes(self.data!.setStaffRoles.userErrors)).toContain('OWN_ROLES');
    }
    expect((await me(t, hr)).data!.me.roles).toEqual([{ key: 'hr' }]);

    const colleague = await createPerson(['hr'], 'hr');
    const other = await t.gql(SET_ROLES, { i: { staffId: colleague.id, roles: [{ roleKey: 'hr' }, { roleKey: 'finance' }] } }, hr);
    expect(codes(other.data!.setStaffRoles.userErrors)).toContain('FORBIDDEN_PERMISSION');
    const hire = await t.gql(CREATE_STAFF, { i: { email: 'new-ops@accounts.example.com', name: 'x', password: 'Granite-Owl-4471', departmentKey: 'operations', roleKeys: ['ops_manager'] } }, hr);
    expect(codes(hire.data!.createStaff.userErrors)).toContain('FORBIDDEN_PERMISSION');
    expect(hire.data!.createStaff.staff).toBeNull();

    // Not even an owner changes their own roles.
    const ownerId = (await me(t, owner)).data!.me.id;
    const mine = await t.gql(SET_ROLES, { i: { staffId: ownerId, roles: [{ roleKey: 'owner' }, { roleKey: 'finance' }] } }, owner);
    expect(codes(mine.data!.setStaffRoles.userErrors)).toEqual(['OWN_ROLES']);
  });

  it('#5 permissions held on some channels are granted only on those channels (staff roles and custom roles)', async () => {
    const manager = await t.staffToken(['ops_manager'], { departmentKey: 'operations', channelIds: ['chan-a'] });
    const base = { name: 'x', password: 'Granite-Owl-4471', departmentKey: 'operations', roleKeys: ['ops_specialist'] };
    const everywhere = await t.gql(CREATE_STAFF, { i: { ...base, email: 'spec-all@accounts.example.com', channelIds: [] } }, manager);
    expect(codes(everywhere.data!.createStaff.userErrors)).toContain('FORBIDDEN_PERMISSION');
    const elsewhere = await t.gql(CREATE_STAFF, { i: { ...base, email: 'spec-b@accounts.example.com', channelIds: ['chan-b'] } }, manager);
    expect(codes(elsewhere.data!.createStaff.userErrors)).toContain('FORBIDDEN_PERMISSION');
    const inside = await t.gql(CREATE_STAFF, { i: { ...base, email: 'spec-a@accounts.example.com', channelIds: ['chan-a'] } }, manager);
    expect(inside.data!.createStaff.userErrors).toEqual([]);
    const widen = await t.gql(SET_ROLES, { i: { staffId: inside.data!.createStaff.staff.id, roles: [{ roleKey: 'ops_specialist', channelIds: [] }] } }, manager);
    expect(codes(widen.data!.setStaffRoles.userErrors)).toContain('FORBIDDEN_PERMISSION');

    const role = await t.gql('mutation { createRole(input: { key: "chan_admin", name: "Channel admin", permissions: ["roles.manage", "catalog.read"] }) { userErrors { code } } }', {}, owner);
    expect(role.data!.createRole.userErrors).toEqual([]);
    const chanAdmin = await t.staffToken(['chan_admin'], { departmentKey: 'operations', channelIds: ['chan-a'] });
    const made = await t.gql('mutation { createRole(input: { key: "readers", name: "Readers", permissions: ["catalog.read"] }) { userErrors { code } } }', {}, chanAdmin);
    expect(codes(made.data!.createRole.userErrors)).toEqual(['FORBIDDEN_PERMISSION']);
  });

  it("#5 only an owner sets another person's password; others are refused with a code, and every change is audited", async () => {
    const opsManager = await createPerson(['ops_manager'], 'operations');
    const hr = await t.staffToken(['hr'], { departmentKey: 'hr' });
    const byHr = await t.gql(UPDATE_STAFF, { id: opsManager.id, i: { password: 'Taken-Over-By-HR-1' } }, hr);
    expect(codes(byHr.data!.updateStaff.userErrors)).toEqual(['FORBIDDEN_PASSWORD_CHANGE']);
    const specialist = await createPerson(['ops_specialist'], 'operations');
    const managerToken = await t.login(opsManager.email, opsManager.password);
    const byManager = await t.gql(UPDATE_STAFF, { id: specialist.id, i: { password: 'Taken-Over-By-Boss-2' } }, managerToken);
    expect(codes(byManager.data!.updateStaff.userErrors)).toEqual(['FORBIDDEN_PASSWORD_CHANGE']);
    expect(await t.login(opsManager.email, opsManager.password)).toEqual(expect.any(String));

    const byOwner = await t.gql(UPDATE_STAFF, { id: specialist.id, i: { password: 'Set-By-The-Owner-3' } }, owner);
    expect(byOwner.data!.updateStaff.userErrors).toEqual([]);
    expect(await t.login(specialist.email, 'Set-By-The-Owner-3')).toEqual(expect.any(String));
    // The owner's own password goes through changeMyPassword, which asks for the current one.
    const ownerId = (await me(t, owner)).data!.me.id;
    const own = await t.gql(UPDATE_STAFF, { id: ownerId, i: { password: 'Owner-Sets-Own-4' } }, owner);
    expect(codes(own.data!.updateStaff.userErrors)).toEqual(['USE_CHANGE_MY_PASSWORD']);

    const audit = await auditEntries('updateStaff');
    expect(audit.filter((e) => e.changes.outcome === 'OK' && e.targetId === specialist.id)).toHaveLength(1);
    expect(audit.filter((e) => e.changes.outcome === 'REFUSED' && JSON.stringify(e.changes).includes('FORBIDDEN_PASSWORD_CHANGE'))).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/Taken-Over|Set-By-The-Owner|Owner-Sets-Own/);
  });

  it('#5 a reset started by someone else reaches only the person: a single-use, expiring code stored hashed, and audited', async () => {
    const person = await createPerson(['warehouse'], 'warehouse');
    const hr = await t.staffToken(['hr'], { departmentKey: 'hr' });
    const before = await t.login(person.email, person.password);
    const requested = await t.gql(REQUEST_RESET, { id: person.id }, hr);
    expect(requested.data!.requestPasswordReset).toMatchObject({ staff: { id: person.id }, userErrors: [] });
    expect(new Date(requested.data!.requestPasswordReset.expiresAt).getTime()).toBeGreaterThan(Date.now());

    // The code goes to the person's outbox, for the mail relay; nowhere else.
    const conn = t.em().getConnection();
    const messages = await conn.execute('select to_email, kind, body from staff_message where staff_id = ?', [dbId(person.id)]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to_email: person.email, kind: 'PASSWORD_RESET' });
    const code = /reset code: (\S+)/.exec(messages[0].body)![1];
    expect(JSON.stringify(requested)).not.toContain(code);
    expect(JSON.stringify(await conn.execute('select * from password_reset'))).not.toContain(code);

    const address = newAddress();
    const reset = (c: string, n: string) => gqlFrom<{ resetPassword: SignIn }>(t, address, RESET, { e: person.email, c, n }).then((r) => r.data!.resetPassword);
    expect(codes((await reset('WRONG-CODE-0000', 'Fresh-Start-Reset-5')).userErrors)).toEqual(['INVALID_RESET_CODE']);
    // A weak new password is refused without using up the code.
    expect(codes((await reset(code, 'password123')).userErrors)).toEqual(['PASSWORD_TOO_COMMON']);
    const done = await reset(code, 'Fresh-Start-Reset-5');
    expect(done.userErrors).toEqual([]);
    expect((await me(t, done.token!)).data!.me.email).toBe(person.email);
    expect(codes((await reset(code, 'Second-Use-Reset-6')).userErrors)).toEqual(['INVALID_RESET_CODE']);
    expect(await t.login(person.email, 'Fresh-Start-Reset-5')).toEqual(expect.any(String));
    // The reset revoked the tokens from before it.
    expect((await me(t, before)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // A code past its expiry is refused.
    await t.gql(REQUEST_RESET, { id: person.id }, hr);
    const [latest] = await conn.execute(`select body from staff_message where staff_id = ? order by id desc limit 1`, [dbId(person.id)]);
    const expired = /reset code: (\S+)/.exec(latest.body)![1];
    await conn.execute(`update password_reset set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where staff_id = ? and spent_at is null`, [dbId(person.id)]);
    expect(codes((await reset(expired, 'Too-Late-Reset-7')).userErrors)).toEqual(['INVALID_RESET_CODE']);

    const requests = await auditEntries('requestPasswordReset');
    expect(requests.filter((e) => e.targetId === person.id && e.changes.outcome === 'OK')).toHaveLength(2);
    const resets = await auditEntries('resetPassword');
    expect(resets.find((e) => e.changes.outcome === 'OK')).toMatchObject({ actorLabel: person.email });
    expect(JSON.stringify([...requests, ...resets])).not.toContain(code);
    expect(JSON.stringify([...requests, ...resets])).not.toContain(expired);
  });

  it('#5 resetPassword is throttled like login', async () => {
    const person = await createPerson();
    const address = newAddress();
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await gqlFrom<{ resetPassword: SignIn }>(t, address, RESET, { e: person.email, c: `GUESS-${i}`, n: 'Guessing-Along-88' });
      answers.push(r.data!.resetPassword.userErrors[0]?.code);
    }
    expect(answers).toEqual([...Array(5).fill('INVALID_RESET_CODE'), 'TOO_MANY_ATTEMPTS']);
  });

  // ---------------------------------------------------------------------------------------
  // #10 passwords

  it('#10 refuses common and trivial passwords on every path, with codes', async () => {
    const attempt = async (email: string, password: string) =>
      codes((await t.gql(CREATE_STAFF, { i: { email, name: 'x', password, departmentKey: 'warehouse', roleKeys: [] } }, owner)).data!.createStaff.userErrors);
    expect(await attempt('common-1@accounts.example.com', 'password123')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(await attempt('common-2@accounts.example.com', 'Sunshine2024!')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(await attempt('common-3@accounts.example.com', 'demo-pass-123')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(await attempt('blank@accounts.example.com', '            ')).toEqual(['PASSWORD_TOO_SIMPLE']);
    expect(await attempt('repeat@accounts.example.com', 'xxxxxxxxxxxx')).toEqual(['PASSWORD_TOO_SIMPLE']);
    expect(await attempt('mei.ling@accounts.example.com', 'mei.ling@accounts.example.com')).toEqual(['PASSWORD_CONTAINS_EMAIL']);
    expect(await attempt('mei.ling@accounts.example.com', 'Mei.Ling-2026')).toEqual(['PASSWORD_CONTAINS_EMAIL']);
    expect(await attempt('fine@accounts.example.com', 'tea-kettle-Orbit-58')).toEqual([]);

    const p = await createPerson();
    const update = await t.gql(UPDATE_STAFF, { id: p.id, i: { password: 'qwertyuiop' } }, owner);
    expect(codes(update.data!.updateStaff.userErrors)).toEqual(['PASSWORD_TOO_COMMON']);
    const token = await t.login(p.email, p.password);
    const change = await t.gql(CHANGE_MINE, { c: p.password, n: 'iloveyou1' }, token);
    expect(codes(change.data!.changeMyPassword.userErrors)).toEqual(['PASSWORD_TOO_COMMON']);
  });

  it('#10 a password change revokes earlier tokens, those of the same second too, but not the one it hands back; so does deactivation', async () => {
    const p = await createPerson();
    const earlier = await t.login(p.email, p.password);
    expect((await me(t2, earlier)).data!.me.email).toBe(p.email);
    const change = await t.gql(CHANGE_MINE, { c: p.password, n: 'Brand-New-Secret-11' }, earlier);
    expect(change.data!.changeMyPassword.userErrors).toEqual([]);
    const fresh: string = change.data!.changeMyPassword.token;
    expect((await me(t, earlier)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A token signed now under the old state stands for one issued in the same second as the change.
    expect((await me(t, t.tokenFor(dbId(p.id)))).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(t, fresh)).data!.me.email).toBe(p.email);
    // The other process reuses a caller for at most AUTH_CACHE_SECONDS (5).
    await sleep(5200);
    expect((await me(t2, earlier)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(t2, fresh)).data!.me.email).toBe(p.email);

    // The owner setting the password revokes the person's tokens too.
    await t.gql(UPDATE_STAFF, { id: p.id, i: { password: 'Owner-Chosen-Secret-12' } }, owner);
    expect((await me(t, fresh)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // Deactivation revokes: reactivating does not bring old tokens back.
    const last = await t.login(p.email, 'Owner-Chosen-Secret-12');
    await t.gql(UPDATE_STAFF, { id: p.id, i: { active: false } }, owner);
    await t.gql(UPDATE_STAFF, { id: p.id, i: { active: true } }, owner);
    expect((await me(t, last)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.login(p.email, 'Owner-Chosen-Secret-12')).toEqual(expect.any(String));
  });
}
