import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client } from 'pg';
import { startEmbeddedPostgres, EmbeddedServer } from '../../src/db/embedded-postgres';
import { withDatabase } from '../../src/db/database';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm.config';

/**
 * Once per test run: pick the PostgreSQL server (DATABASE_URL, else an embedded one in a
 * temporary folder), migrate a template database, and let every test file clone its own
 * fresh database from it. Teardown drops them all.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `t${Date.now().toString(36)}${process.pid.toString(36)}`;
  let adminUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-test-'));
    fs.chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
    adminUrl = embedded.url;
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { server: embedded, dir };
  }
  const template = `${runId}_template`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  await admin.end();
  const orm = await MikroORM.init(ormOptions(withDatabase(adminUrl, template), 2));
  await orm.getMigrator().up();
  await orm.close(true);
  // MikroORM keeps discovered metadata on globalThis; when jest runs in band the test files
  // would inherit this realm's copy and fail, so leave nothing behind.
  for (const key of Object.keys(globalThis)) if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_DB_TEMPLATE = template;
  process.env.TEST_RUN_ID = runId;
}
