import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from './database';

/** `npm run migrate`: applies pending migrations (start-up does the same) and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, log);
  const executed = await db.orm.getMigrator().getExecutedMigrations();
  log.info({ applied: executed.map((m) => m.name) }, 'database is up to date');
  await db.close();
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
