import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openDatabase, withDatabase } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { ensureOwner, syncBuiltInRoles } from '../../src/staff/staff.bootstrap';
import { onCleanup } from './cleanups';

/** The login the benchmarks create and use: the built-in owner role, so every operation is allowed. */
export interface Owner {
  email: string;
  password: string;
}

/** A PostgreSQL server to create the bench database on; `kind` says which (for the report). */
export interface PostgresServer {
  url: string;
  kind: 'DATABASE_URL' | 'embedded';
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server URL to create the bench database on: DATABASE_URL, or a new embedded server. */
export async function postgresServer(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, kind: 'DATABASE_URL' };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-bench-'));
  onCleanup('remove temp folder', async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: false });
  onCleanup('stop embedded PostgreSQL', () => embedded.stop());
  return { url: embedded.url, kind: 'embedded' };
}

/**
 * Creates a `bench_<timestamp>` database (dropped at cleanup), migrates it, runs `seed` in it,
 * refreshes the planner statistics, and creates the built-in roles and the owner login.
 * Returns the database URL and what `seed` returned.
 */
export async function prepareDatabase<T>(serverUrl: string, owner: Owner, seed: (em: EntityManager) => Promise<T>): Promise<{ url: string; seeded: T }> {
  const name = `bench_${Date.now()}`;
  await withClient(serverUrl, (c) => c.query(`create database "${name}"`));
  onCleanup(`drop database ${name}`, () =>
    withClient(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  );
  const url = withDatabase(serverUrl, name);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, createLogger('warn'));
  try {
    const em = db.orm.em.fork() as EntityManager;
    const seeded = await seed(em);
    // Fresh tables have no statistics until autovacuum gets to them; plan as production would.
    await em.getConnection().execute('analyze');
    await syncBuiltInRoles(em);
    await ensureOwner(em, owner.email, owner.password);
    return { url, seeded };
  } finally {
    await db.close();
  }
}
