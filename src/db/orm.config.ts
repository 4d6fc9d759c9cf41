import { defineConfig, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { CATALOG_ENTITIES } from '../catalog/catalog.entities';
import { MIGRATIONS } from './migrations';

/**
 * Every MikroORM entity of the product: the catalogue's aggregates (a product with its options,
 * variants, images and translations is edited as a whole). Everything else is read and written
 * as SQL through src/common/sql.ts (see the README's data-access rule).
 */
export const ENTITIES = [...CATALOG_ENTITIES];

/** MikroORM options for a database URL. Migrations are listed in code so ts and js builds agree. */
export function ormOptions(clientUrl: string, poolMax = 10): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      path: 'src/db/migrations',
      emit: 'ts',
    },
    pool: { min: 0, max: poolMax },
    // Foreign-key checks run as plans PostgreSQL caches per connection; planned while a table
    // is still small (a new database, and no autovacuum to refresh statistics, as on CI) they
    // stay sequential scans for the connection's life, and each insert then reads the whole
    // referenced table: intake fell from ~900 to ~150 orders/s as tables grew. Custom plans are
    // made per execution from the table's current size (our own queries already are).
    driverOptions: { connection: { options: '-c plan_cache_mode=force_custom_plan' } },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    discovery: { warnWhenNoEntities: false },
  });
}
