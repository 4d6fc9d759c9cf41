import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Foundation } from './Migration20261128000000Foundation';

/** Every migration, in the order it runs. Add new ones at the end. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Foundation', class: Migration20261128000000Foundation },
];
