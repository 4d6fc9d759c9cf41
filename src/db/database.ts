import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config, ConfigError } from '../config';
import { metrics } from '../common/metrics';
import { ormOptions } from './orm.config';
import { StepTimer, UNTIMED } from '../common/startup-timing';
import { DataDirInUseError, EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

/** The open database: the ORM, where it lives, and how to close it (and the embedded server). */
export interface Database {
  orm: MikroORM;
  url: string;
  embedded?: EmbeddedServer;
  /** True once every committed migration has been applied (for /readyz). */
  migrated(): Promise<boolean>;
  close(): Promise<void>;
}

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The embedded server keeps the product's data in its own database, not in `postgres`. */
const EMBEDDED_DB = 'commerce';

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

export interface OpenOptions {
  /**
   * When another running process of ours already serves the embedded database of DATA_DIR
   * (`npm start`), use its server instead of refusing the busy folder: for commands that only
   * need the database, such as `npm run sync`. The server stays that process's to stop.
   */
  shareRunning?: boolean;
  /**
   * Aborted when the process is asked to stop while the database is being opened: opening ends
   * after the step under way (a server being started, a migration being applied) and undoes what
   * it did, then throws StopRequested. A caller that passes it handles SIGINT/SIGTERM itself, so
   * the embedded server runs in a process group of its own (see startEmbeddedPostgres).
   */
  stopSignal?: AbortSignal;
  /** Hears how long the server, the ORM and the migrations took (the 'API ready' line's figures). */
  timing?: StepTimer;
}

/** Start-up was asked to stop (SIGTERM, Ctrl-C) and undid what it had done: not a failure. */
export class StopRequested extends Error {
  constructor() {
    super('start-up stopped on request');
  }
}

/** Throws StopRequested when a stop was asked for. */
export function checkStop(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StopRequested();
}

/**
 * Opens the database named by DATABASE_URL, or starts the embedded server when it is unset,
 * and applies pending migrations.
 */
export async function openDatabase(config: Config, log: Logger, options: OpenOptions = {}): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  const stopSignal = options.stopSignal;
  const timing = options.timing ?? UNTIMED;
  // The embedded server is for a laptop; the production image does not even carry it.
  if (!url && config.production) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development only)');
  checkStop(stopSignal);
  if (!url) {
    const started = Date.now();
    try {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, detached: !!stopSignal, onLog: (l) => log.debug({ pg: l.trim() }, 'embedded postgres') });
    } catch (err) {
      if (!(options.shareRunning && err instanceof DataDirInUseError && err.url)) throw err;
      url = withDatabase(err.url, EMBEDDED_DB);
      log.info({ dir: config.dataDir, owner: err.ownerPid }, 'using the embedded PostgreSQL of the running process');
    }
    if (embedded) {
      try {
        await ensureDatabase(embedded.url, EMBEDDED_DB);
        checkStop(stopSignal);
      } catch (err) {
        await embedded.stop();
        throw err;
      }
      url = withDatabase(embedded.url, EMBEDDED_DB);
      timing.record('postgres', Date.now() - started);
      log.info({ dir: embedded.clusterDir, port: embedded.port, ms: Date.now() - started }, 'embedded PostgreSQL started');
    }
  }
  if (!url) throw new Error('no database URL');
  let orm: MikroORM;
  try {
    orm = await timing.time('orm', () => MikroORM.init(ormOptions(url!, config.dbPoolMax)));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  countStatements(orm);
  const migrator = orm.getMigrator();
  try {
    await timing.time('migrations', () => migrateUnderLock(orm, log, stopSignal));
  } catch (err) {
    await orm.close(true);
    await embedded?.stop();
    throw err;
  }

  let ready = false;
  return {
    orm,
    url,
    embedded,
    async migrated() {
      if (ready) return true;
      ready = (await migrator.getPendingMigrations()).length === 0;
      return ready;
    },
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

/** Arbitrary key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_461_321_004;

/**
 * Applies pending migrations while holding a session advisory lock, so API replicas starting
 * together on an empty database migrate once instead of colliding.
 */
async function migrateUnderLock(orm: MikroORM, log: Logger, stopSignal?: AbortSignal): Promise<void> {
  const knex = orm.em.getConnection().getKnex();
  const conn = await knex.client.acquireConnection();
  try {
    await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      // All pending migrations run in one transaction (allOrNothing): a stop waits for it.
      checkStop(stopSignal);
      const applied = await orm.getMigrator().up();
      // Once a stop is asked for, its own line is the only one printed.
      if (applied.length && !stopSignal?.aborted) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    } finally {
      await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

function countStatements(orm: MikroORM): void {
  orm.em.getConnection().getKnex().on('query', () => {
    metrics.sqlStatements++;
  });
}
