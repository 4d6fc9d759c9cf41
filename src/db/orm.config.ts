import { defineConfig, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { STAFF_ENTITIES } from '../staff/staff.entities';
import { CATALOG_ENTITIES } from '../catalog/catalog.entities';
import { MIGRATIONS } from './migrations';

/** Every entity of the product; each feature exports its own list. */
export const ENTITIES = [...STAFF_ENTITIES, ...CATALOG_ENTITIES];

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
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    discovery: { warnWhenNoEntities: false },
  });
}
