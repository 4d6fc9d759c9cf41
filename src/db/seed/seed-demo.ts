import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createContext } from '../../context';
import { runUnitOfWork } from '../../common/unit-of-work';
import { ActorCache, hashPassword } from '../../staff/auth.service';
import { generateDemoCatalog } from './demo-catalog';
import { insertCatalogRows } from '../../catalog/catalog-rows';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from './demo-staff';
import { execute, selectRows } from '../../common/sql';
import { loadDemoStock } from './demo-stock';
import { enterDemoRates } from './demo-rates';
import { loadDemoOrders } from './demo-orders';
import { ensureOfflineDemoChannels } from '../../sync/demo-channels';

/** A demo account to print at start-up. */
export interface DemoLogin {
  email: string;
  password: string;
  roleKey: string;
  /** The channels (by key) its role is limited to; left out: every channel. */
  channelKeys?: string[];
}

/** Arbitrary constant: the advisory lock that lets only one starting process load the demo. */
const DEMO_SEED_LOCK = 7_346_201;

async function catalogIsEmpty(em: EntityManager): Promise<boolean> {
  const rows = await selectRows<{ found: boolean }>(em, 'select exists (select 1 from product) as found');
  return !rows[0].found;
}

/**
 * Loads the demo apparel shop when the product table is empty, in one unit of work: the
 * catalogue, two warehouses with opening stock, one account per built-in role, finance's demo
 * exchange rates, the demo channels (PAUSED until the simulators connect them: demo-channels.ts)
 * and their order history over the last 90 days with its shipments, holds and returns
 * (demo-orders.ts). Returns the demo logins, or undefined when the data was already there.
 * Departments and built-in roles must have been synced first.
 */
export async function seedDemoData(em: EntityManager, log: Logger, config: Config): Promise<DemoLogin[] | undefined> {
  if (!(await catalogIsEmpty(em))) return undefined;
  const started = Date.now();
  const rows = generateDemoCatalog();
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  // No caller: history says "system", as for the sync engine's own work.
  const ctx = createContext({ requestId: 'demo-seed', clientAddress: null, config, log, em, actor: null, jwtSecret: '', actorCache: new ActorCache(0) });
  const loaded = await runUnitOfWork(ctx, async (ctx) => {
    // Several API processes may start together on an empty database: the first to take the
    // lock seeds, the others find the products there and skip.
    await execute(ctx.em, 'select pg_advisory_xact_lock(?)', [DEMO_SEED_LOCK]);
    if (!(await catalogIsEmpty(ctx.em))) return undefined;
    await insertCatalogRows(ctx.em, rows);
    const stocked = await loadDemoStock(ctx, rows);
    const logins = await seedDemoStaff(ctx.em, passwordHash);
    // The history's orders abroad take their base amounts from finance's rates, as the simulators' do.
    await enterDemoRates(ctx);
    const channels = await ensureOfflineDemoChannels(ctx);
    const history = await loadDemoOrders(ctx, rows, channels);
    return { logins, stocked, channels, history };
  });
  if (!loaded) return undefined;
  const { logins, stocked, channels, history } = loaded;
  log.info(
    { products: rows.products.length, variants: rows.variants.length, stocked, staff: logins.length, channels: channels.length, ...history, ms: Date.now() - started },
    'demo data loaded',
  );
  return logins.map((l) => ({ ...l, password: DEMO_STAFF_PASSWORD }));
}
