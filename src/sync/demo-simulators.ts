import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { execute, selectRows } from '../common/sql';
import { ensureChannelStockPolicy, sellFromActiveWarehouses } from '../inventory';
import { SIMULATORS } from '../../connectors/simulators';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import type { DemoCatalog } from '../../connectors/sdk/types';
import { connectorFor, loadBuiltInConnectors } from './registry';
import { encryptCredentials } from './secrets';

/**
 * The demo with `SIMULATORS=1`: every marketplace simulator there is starts beside the API
 * (on SIMULATOR_PORT, SIMULATOR_PORT + 1, …) and a channel is connected to each, so a newcomer
 * can publish and sync without a marketplace account. Simulators keep their state in memory,
 * so on every start the demo channels get the fresh simulator's credentials, their listings go
 * back to DRAFT (the items they pointed at are gone; `syncChannel` LISTINGS publishes them
 * again), and a few sample orders of demo SKUs wait in the simulator for an ORDERS sync.
 */

export interface DemoSimulators {
  channels: { key: string; name: string; baseUrl: string; controlUrl: string }[];
  stop(): Promise<void>;
}

const NAMES: Record<string, string> = { taobao: '淘宝模拟店', tmall: '天猫模拟店', aliexpress: 'AliExpress demo store' };
/** The currency a demo channel sells in: the marketplace's (AliExpress buyers abroad pay in USD); CNY by default. */
const CURRENCIES: Record<string, string> = { aliexpress: 'USD' };

/** Active products of the catalogue with their active SKUs, for a demo simulator. */
async function demoCatalog(em: EntityManager): Promise<DemoCatalog> {
  const rows = await selectRows<{ product_id: string; title: string; sku: string; price: string; option_text: string }>(
    em,
    `select p.id as product_id, p.title, v.sku, v.price::text as price, array_to_string(v.option_values, ';') as option_text
       from product p join variant v on v.product_id = p.id
      where p.status = 'ACTIVE' and v.status = 'ACTIVE'
      order by p.created_at, p.id, v.position, v.sku`,
  );
  const products = new Map<string, DemoCatalog['products'][number]>();
  for (const r of rows) {
    const p = products.get(r.product_id) ?? { title: r.title, skus: [] };
    p.skus.push({ sku: r.sku, price: r.price, optionText: r.option_text });
    products.set(r.product_id, p);
  }
  return { products: [...products.values()] };
}

export async function startDemoSimulators(config: Config, db: Database, log: Logger): Promise<DemoSimulators> {
  loadBuiltInConnectors();
  const started: RunningSimulator[] = [];
  const channels: DemoSimulators['channels'] = [];
  try {
    let port = config.simulatorPort;
    for (const [kind, start] of Object.entries(SIMULATORS)) {
      const module = connectorFor(kind.toUpperCase());
      if (!module) continue;
      // SIMULATOR_PORT=0: each on a free port of its own (tests running side by side).
      const sim = await start({ port: config.simulatorPort === 0 ? 0 : port++ });
      started.push(sim);
      const credentials = (await (await fetch(new URL('/__sim/credentials', sim.controlUrl))).json()) as Record<string, unknown>;
      const creds = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
      const key = `${kind}-sim`;
      const name = NAMES[kind] ?? `${kind} simulator`;
      const em = db.orm.em.fork() as EntityManager;
      const catalog = await em.transactional(async (tx) => {
        await ensureChannelStockPolicy({ em: tx }, key);
        await execute(
          tx,
          `insert into channel (id, key, kind, name, currency, base_url, credentials_enc, enabled_ops)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::text[])
           on conflict (key) do update set base_url = excluded.base_url, credentials_enc = excluded.credentials_enc,
             status = 'ACTIVE', last_error = null, orders_cursor = null, returns_cursor = null, updated_at = now()`,
          [key, kind.toUpperCase(), name, CURRENCIES[kind] ?? 'CNY', sim.baseUrl, encryptCredentials(config, creds), `{${module.capabilities.join(',')}}`],
        );
        await execute(
          tx,
          `update listing set status = 'DRAFT', item_id = null, sku_id = null, extra = '{}', last_pushed_quantity = null, last_pushed_price = null, updated_at = now()
            where channel_id = (select id from channel where key = ?) and status <> 'DRAFT'`,
          [key],
        );
        // The channel sells from every active warehouse until someone narrows it.
        await sellFromActiveWarehouses({ em: tx }, key);
        return demoCatalog(tx);
      });
      // The marketplace's own items and sample orders, in its own wire shape (the module knows it).
      await module.demo?.(kind.toUpperCase(), sim.controlUrl, catalog);
      channels.push({ key, name, baseUrl: sim.baseUrl, controlUrl: sim.controlUrl });
      log.info({ channel: key, baseUrl: sim.baseUrl, control: `${sim.controlUrl}/__sim/` }, 'demo simulator started and connected');
    }
  } catch (err) {
    for (const s of started) await s.stop().catch(() => undefined);
    throw err;
  }
  return {
    channels,
    async stop() {
      for (const s of started) await s.stop().catch(() => undefined);
    },
  };
}
