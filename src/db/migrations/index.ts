import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Foundation } from './Migration20261128000000Foundation';
import { Migration20261128010000Inventory } from './Migration20261128010000Inventory';

/** Every migration, in the order it runs. Add new ones at the end. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Foundation', class: Migration20261128000000Foundation },
  { name: 'Migration20261128010000Inventory', class: Migration20261128010000Inventory },
];
