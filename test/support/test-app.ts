import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config, loadConfig } from '../../src/config';
import { startApp, App } from '../../src/app';
import { withDatabase } from '../../src/db/database';
import { signStaffToken } from '../../src/staff/auth.service';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
/** Channel credentials of every test app are encrypted under this key (a worker process started by a test must use it too). */
export const TEST_SECRETS_KEY = '5ec2e75'.padEnd(64, '0');
export const OWNER_EMAIL = 'owner@test.example.com';
export const OWNER_PASSWORD = 'owner-test-pass';

/** A GraphQL response as the tests read it. */
export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
  extensions?: Record<string, any>;
}

/** The running product on a fresh database of its own, and helpers to speak to it. */
export interface TestApp {
  app: App;
  url: string;
  baseUrl: string;
  em(): EntityManager;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  login(email: string, password: string): Promise<string>;
  ownerToken(): Promise<string>;
  /** Creates a staff member holding the given roles directly in the database and returns a token. */
  staffToken(roleKeys: string[], opts?: { departmentKey?: string; email?: string; channelIds?: string[] }): Promise<string>;
  tokenFor(staffId: string, ttlSeconds?: number): string;
  sqlStatements(): Promise<number>;
  stop(): Promise<void>;
}

async function createDatabase(name: string): Promise<string> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Clones of one template can collide while another clone is being made: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${process.env.TEST_DB_TEMPLATE}"`);
        break;
      } catch (err) {
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL! });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

/**
 * Starts the product on its own fresh database; `env` overrides configuration. With
 * `sharing`, it starts a second server on that app's database instead (as a second API
 * process would run), which does not drop the database when stopped.
 */
export async function startTestApp(env: Record<string, string> = {}, sharing?: TestApp): Promise<TestApp> {
  const dbName = sharing ? undefined : `${process.env.TEST_RUN_ID}_${crypto.randomBytes(4).toString('hex')}`;
  const databaseUrl = sharing ? sharing.app.config.databaseUrl! : await createDatabase(dbName!);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: OWNER_EMAIL,
    ADMIN_PASSWORD: OWNER_PASSWORD,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    DB_POOL_MAX: '5',
    // The API alone unless a test asks for the sync worker too (ROLE: 'all').
    ROLE: 'api',
    SECRETS_KEY: TEST_SECRETS_KEY,
    SYNC_TICK_SECONDS: '1',
    ...env,
  });
  const app = await startApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const baseUrl = `http://127.0.0.1:${app.server.port}`;
  const url = `${baseUrl}/graphql`;
  let owner: string | undefined;

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GqlResult<T>, 'status'>;
    return { status: res.status, ...body };
  };
  const login = async (email: string, password: string) => {
    const r = await gql<{ login: { token: string | null; userErrors: { code: string }[] } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code message } } }',
      { e: email, p: password },
    );
    if (!r.data?.login.token) throw new Error(`login failed: ${JSON.stringify(r)}`);
    return r.data.login.token;
  };
  const em = () => app.db.orm.em.fork() as EntityManager;
  const tokenFor = (staffId: string, ttl = 3600) => signStaffToken(TEST_JWT_SECRET, staffId, ttl).token;
  let counter = 0;
  return {
    app,
    url,
    baseUrl,
    em,
    gql,
    login,
    tokenFor,
    async ownerToken() {
      if (!owner) {
        const [row] = await em().getConnection().execute('select id from staff where email = ?', [OWNER_EMAIL]);
        owner = tokenFor(row.id);
      }
      return owner;
    },
    async staffToken(roleKeys, opts = {}) {
      const conn = em().getConnection();
      const email = opts.email ?? `${roleKeys.join('-') || 'norole'}-${++counter}-${crypto.randomBytes(3).toString('hex')}@test.example.com`;
      const [row] = await conn.execute(
        `insert into staff (id, email, name, password_hash, department_key) values (gen_random_uuid(), ?, ?, 'x', ?) returning id`,
        [email, email.split('@')[0], opts.departmentKey ?? 'operations'],
      );
      for (const key of roleKeys) {
        await conn.execute(`insert into role_assignment (id, staff_id, role_key, channel_ids) values (gen_random_uuid(), ?, ?, ?::text[])`, [
          row.id,
          key,
          `{${(opts.channelIds ?? []).join(',')}}`,
        ]);
      }
      return tokenFor(row.id);
    },
    async sqlStatements() {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      return Number(/^sql_statements_total (\d+)$/m.exec(text)![1]);
    },
    async stop() {
      await app.stop();
      if (dbName) await dropDatabase(dbName);
    },
  };
}
