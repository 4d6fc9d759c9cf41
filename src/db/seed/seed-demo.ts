import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { hashPassword } from '../../staff/auth.service';
import { generateDemoCatalog } from './demo-catalog';
import { insertCatalogRows } from '../../catalog/catalog-rows';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from './demo-staff';
import { execute, selectRows } from '../../common/sql';

/** A demo account to print at start-up. */
export interface DemoLogin {
  email: string;
  password: string;
  roleKey: string;
}

/** Arbitrary constant: the advisory lock that lets only one starting process load the demo. */
const DEMO_SEED_LOCK = 7_346_201;

async function catalogIsEmpty(em: EntityManager): Promise<boolean> {
  const rows = await selectRows<{ found: boolean }>(em, 'select exists (select 1 from product) as found');
  return !rows[0].found;
}

/**
 * Loads the demo apparel shop (catalogue and one account per built-in role) when the product
 * table is empty, in one transaction. Returns the demo logins, or undefined when the data was
 * already there. Departments and built-in roles must have been synced first.
 */
export async function seedDemoData(em: EntityManager, log: Logger): Promise<DemoLogin[] | undefined> {
  if (!(await catalogIsEmpty(em))) return undefined;
  const started = Date.now();
  const rows = generateDemoCatalog();
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  const logins = await em.transactional(async (tx) => {
    // Several API processes may start together on an empty database: the first to take the
    // lock seeds, the others find the products there and skip.
    await execute(tx, 'select pg_advisory_xact_lock(?)', [DEMO_SEED_LOCK]);
    if (!(await catalogIsEmpty(tx))) return undefined;
    await insertCatalogRows(tx, rows);
    return seedDemoStaff(tx, passwordHash);
  });
  if (!logins) return undefined;
  log.info(
    { products: rows.products.length, variants: rows.variants.length, staff: logins.length, ms: Date.now() - started },
    'demo data loaded',
  );
  return logins.map((l) => ({ ...l, password: DEMO_STAFF_PASSWORD }));
}
