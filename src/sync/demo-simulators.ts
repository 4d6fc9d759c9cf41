import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { execute, selectRows } from '../common/sql';
import { runUnitOfWork } from '../common/unit-of-work';
import { currentRate } from '../finance';
import { ensureChannelStockPolicy, sellFromActiveWarehouses } from '../inventory';
import { enterDemoRates } from '../db/seed/demo-rates';
import { DEMO_STAFF_PASSWORD, seedOverseasStaff } from '../db/seed/demo-staff';
import type { DemoLogin } from '../db/seed/seed-demo';
import { hashPassword } from '../staff/auth.service';
import { SIMULATORS } from '../../connectors/simulators';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import type { ConnectorModule, DemoCatalog } from '../../connectors/sdk/types';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { draftDemoListings } from './demo-listings';
import { systemContext } from './jobs/job-env';
import { CATALOG_LOCALE, channelLocales, languageOf } from './listing.locale';
import { applyPriceRule, PriceRuleError, usesRateTable } from './price-rule';
import { connectorFor, loadBuiltInConnectors } from './registry';
import { encryptCredentials } from './secrets';
import type { PriceRule } from './sync-vocabulary';

/**
 * The demo with `SIMULATORS=1`: every marketplace simulator there is starts beside the API
 * (on SIMULATOR_PORT, SIMULATOR_PORT + 1, …) and a channel is connected to each, so a newcomer
 * can publish and sync without a marketplace account. Simulators keep their state in memory,
 * so on every start the demo channels get the fresh simulator's credentials, their listings go
 * back to DRAFT (the items they pointed at are gone; `syncChannel` LISTINGS publishes them
 * again), and a few sample orders of demo SKUs wait in the simulator for an ORDERS sync.
 *
 * Overseas channels (those listing in another language than the catalogue's: AliExpress now,
 * eBay and Amazon as their simulators come) also get what selling abroad needs: finance's rate
 * table (demo-rates.ts) and a price rule converting the catalogue's CNY with it (10 % markup,
 * prices ending in .99), the marketplace's listing settings, the first products as DRAFT
 * listings in the channel's language (demo-listings.ts), and, with the demo data, an overseas
 * sales person who sees that channel only (`overseas_sales.<channel key>@demo.example.com`).
 */

export interface DemoSimulators {
  channels: { key: string; name: string; baseUrl: string; controlUrl: string; login?: DemoLogin }[];
  /** The channel-scoped demo logins (overseas sales, one per overseas channel); empty without DEMO_DATA. */
  logins: DemoLogin[];
  stop(): Promise<void>;
}

/** What a demo channel of a kind starts with, besides its simulator's credentials. */
interface DemoChannelSetup {
  name: string;
  /** The currency it sells in: the marketplace's (AliExpress buyers abroad pay in USD); CNY by default. */
  currency?: string;
  priceRule?: PriceRule;
  /** The connector's channel settings (settingsFields) its listings need. */
  settings?: Record<string, string>;
  /** The marketplace category the demo's listings go in [the simulators take any leaf id; a real shop picks each product's]. */
  categoryId?: string;
}

/** On finance's rate table, 10 % over the converted price, then up to the next .99. */
const OVERSEAS_PRICE_RULE: PriceRule = { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' };

const SETUP: Record<string, DemoChannelSetup> = {
  taobao: { name: '淘宝模拟店' },
  tmall: { name: '天猫模拟店' },
  aliexpress: {
    name: 'AliExpress demo store',
    currency: 'USD',
    priceRule: OVERSEAS_PRICE_RULE,
    // Brand: each listing names its product's; this is for listings staff publish without one.
    settings: { brandName: 'QINGSHAN', freightTemplateId: '1000', shippingLeadTime: '3', weight: '1.5', packageLength: '40', packageWidth: '30', packageHeight: '10' },
    categoryId: '200000662',
  },
};

/** Whether the channel sells abroad: it lists in another language than the catalogue's. */
function isOverseas(channel: ChannelRow, module: ConnectorModule): boolean {
  return languageOf(channelLocales(channel, module)[0]) !== languageOf(CATALOG_LOCALE);
}

/**
 * Active products of the catalogue with their active SKUs, priced as the channel sells them (its
 * price rule, in its currency): what the demo simulator's sample orders are paid at.
 */
async function demoCatalog(em: EntityManager, rule: PriceRule, rate: string | null): Promise<DemoCatalog> {
  const rows = await selectRows<{ product_id: string; title: string; sku: string; price: string; option_text: string }>(
    em,
    `select p.id as product_id, p.title, v.sku, v.price::text as price, array_to_string(v.option_values, ';') as option_text
       from product p join variant v on v.product_id = p.id
      where p.status = 'ACTIVE' and v.status = 'ACTIVE'
      order by p.created_at, p.id, v.position, v.sku`,
  );
  const products = new Map<string, DemoCatalog['products'][number]>();
  for (const r of rows) {
    let price: string;
    try {
      price = applyPriceRule(r.price, rule, rate);
    } catch (err) {
      // No rate for the channel's currency (an installation whose base the demo table does not know): left out.
      if (err instanceof PriceRuleError) continue;
      throw err;
    }
    const p = products.get(r.product_id) ?? { title: r.title, skus: [] };
    p.skus.push({ sku: r.sku, price, optionText: r.option_text });
    products.set(r.product_id, p);
  }
  return { products: [...products.values()].filter((p) => p.skus.length) };
}

/** Reads a channel by key (the demo's own). */
async function channelByKey(em: EntityManager, key: string): Promise<ChannelRow> {
  const [row] = await selectRows<ChannelRow>(em, `select ${CHANNEL_COLUMNS} from channel c where c.key = ?`, [key]);
  return row;
}

export async function startDemoSimulators(config: Config, db: Database, log: Logger): Promise<DemoSimulators> {
  loadBuiltInConnectors();
  const started: RunningSimulator[] = [];
  const channels: DemoSimulators['channels'] = [];
  const overseas: string[] = [];
  const logins: DemoLogin[] = [];
  try {
    // Finance's rate table first: the overseas channels' prices convert with it.
    const rates = await runUnitOfWork(systemContext({ config, log }, db.orm.em.fork() as EntityManager, 'demo-rates'), enterDemoRates);
    if (rates) log.info({ rates, base: config.baseCurrency }, 'demo exchange rates entered');
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
      const setup = SETUP[kind] ?? { name: `${kind} simulator` };
      const ctx = systemContext({ config, log }, db.orm.em.fork() as EntityManager, `demo-${kind}`);
      const { catalog, abroad, listed } = await runUnitOfWork(ctx, async (ctx) => {
        const tx = ctx.em;
        await ensureChannelStockPolicy({ em: tx }, key);
        // Settings and price rule are the demo's until staff change them: a later start keeps theirs.
        await execute(
          tx,
          `insert into channel as c (id, key, kind, name, currency, base_url, credentials_enc, enabled_ops, settings, price_rule)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?::jsonb)
           on conflict (key) do update set base_url = excluded.base_url, credentials_enc = excluded.credentials_enc,
             status = 'ACTIVE', last_error = null, orders_cursor = null, returns_cursor = null, updated_at = now(),
             settings = case when c.settings = '{}'::jsonb then excluded.settings else c.settings end,
             price_rule = case when c.price_rule = '{"mode":"SAME"}'::jsonb then excluded.price_rule else c.price_rule end`,
          [
            key, kind.toUpperCase(), setup.name, setup.currency ?? 'CNY', sim.baseUrl, encryptCredentials(config, creds), `{${module.capabilities.join(',')}}`,
            JSON.stringify(setup.settings ?? {}), JSON.stringify(setup.priceRule ?? { mode: 'SAME' }),
          ],
        );
        await execute(
          tx,
          `update listing set status = 'DRAFT', item_id = null, sku_id = null, extra = '{}', last_pushed_quantity = null, last_pushed_price = null, updated_at = now()
            where channel_id = (select id from channel where key = ?) and status <> 'DRAFT'`,
          [key],
        );
        // The channel sells from every active warehouse until someone narrows it.
        await sellFromActiveWarehouses({ em: tx }, key);
        const channel = await channelByKey(tx, key);
        const abroad = isOverseas(channel, module);
        const listed = abroad ? await draftDemoListings(tx, channel, module, setup.categoryId ?? null) : 0;
        const rate = usesRateTable(channel.price_rule) ? await currentRate(ctx, config.baseCurrency, channel.currency.trim()) : null;
        return { catalog: await demoCatalog(tx, channel.price_rule, rate), abroad, listed };
      });
      // The marketplace's own items and sample orders, in its own wire shape (the module knows it).
      await module.demo?.(kind.toUpperCase(), sim.controlUrl, catalog);
      if (abroad) overseas.push(key);
      channels.push({ key, name: setup.name, baseUrl: sim.baseUrl, controlUrl: sim.controlUrl });
      log.info({ channel: key, baseUrl: sim.baseUrl, control: `${sim.controlUrl}/__sim/`, ...(listed ? { draftListings: listed } : {}) }, 'demo simulator started and connected');
    }
    // Accounts with the demo's published password come only with the demo data.
    if (config.demoData && overseas.length) {
      const hash = await hashPassword(DEMO_STAFF_PASSWORD);
      const made = await db.orm.em.fork().transactional((tx) => seedOverseasStaff(tx as EntityManager, overseas, hash));
      for (const l of made) {
        const login = { ...l, password: DEMO_STAFF_PASSWORD };
        logins.push(login);
        const c = channels.find((ch) => l.channelKeys?.includes(ch.key));
        if (c) c.login = login;
      }
    }
  } catch (err) {
    for (const s of started) await s.stop().catch(() => undefined);
    throw err;
  }
  return {
    channels,
    logins,
    async stop() {
      for (const s of started) await s.stop().catch(() => undefined);
    },
  };
}
