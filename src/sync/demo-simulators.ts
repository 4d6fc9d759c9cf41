import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Context } from '../context';
import { execute, pgArray, selectRows } from '../common/sql';
import { runUnitOfWork } from '../common/unit-of-work';
import { currentRate } from '../finance';
import { createWarehouse, ensureChannelStockPolicy, sellFromActiveWarehouses, WarehouseKind } from '../inventory';
import { enterDemoRates } from '../db/seed/demo-rates';
import { DEMO_STAFF_PASSWORD, seedOverseasStaff } from '../db/seed/demo-staff';
import type { DemoLogin } from '../db/seed/seed-demo';
import { hashPassword } from '../staff/auth.service';
import { SIMULATORS } from '../../connectors/simulators';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import type { ConnectorModule, DemoCatalog, ListingText } from '../../connectors/sdk/types';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { channelMarketplaces } from './connector-context';
import { draftDemoListings } from './demo-listings';
import { demoChannelKey, demoChannelSetup } from './demo-channel-setup';
import { systemContext } from './jobs/job-env';
import { CATALOG_LOCALE, channelLocales, languageOf, pickText } from './listing.locale';
import { marketCurrencies, marketsOf, rateBook } from './listing.markets';
import { applyPriceRule, PriceRuleError, usesRateTable } from './price-rule';
import { connectorFor, loadBuiltInConnectors } from './registry';
import { encryptCredentials } from './secrets';

/**
 * The demo with `SIMULATORS=1`: every marketplace simulator there is starts beside the API
 * (on SIMULATOR_PORT, SIMULATOR_PORT + 1, …) and a channel is connected to each, so a newcomer
 * can publish and sync without a marketplace account. Simulators keep their state in memory,
 * so on every start the demo channels get the fresh simulator's credentials, their listings go
 * back to DRAFT (the items they pointed at are gone; `syncChannel` LISTINGS publishes them
 * again), and a few sample orders of demo SKUs wait in the simulator for an ORDERS sync.
 *
 * Overseas channels (those listing in another language than the catalogue's: AliExpress, eBay
 * and Amazon) also get what selling abroad needs: finance's rate table (demo-rates.ts) and a
 * price rule converting the catalogue's CNY with it (10 % markup, prices ending in .99), their
 * marketplaces (eBay: eBay.com in USD and eBay.de in EUR; Amazon: Amazon.com in USD and
 * Amazon.ca in CAD), the marketplace's listing settings (eBay's business policies and location,
 * read from the fresh simulator's seller account; Amazon's region and default product type), the
 * first products as DRAFT listings in the channel's languages with the marketplace's categories
 * (Amazon: product types) and attributes (demo-listings.ts), and, with the demo data,
 * an overseas sales person who sees that channel only (`overseas_sales.<channel key>@demo.example.com`).
 *
 * What a kind's demo channel starts with is its entry in demo-channel-setup.ts; a kind without
 * one gets a channel in CNY named after it. The entry's marketplaces, settings and price rule are
 * the demo's until staff change them: a later start keeps theirs. The demo data (DEMO_DATA) makes
 * the same channels first, PAUSED and without settings (demo-channels.ts): the start that runs
 * the simulators connects them here, settings and all, and makes them ACTIVE.
 */

export interface DemoSimulators {
  channels: { key: string; name: string; baseUrl: string; controlUrl: string; login?: DemoLogin }[];
  /** The channel-scoped demo logins (overseas sales, one per overseas channel); empty without DEMO_DATA. */
  logins: DemoLogin[];
  stop(): Promise<void>;
}

/** Whether the channel sells abroad: it lists in another language than the catalogue's. */
function isOverseas(channel: ChannelRow, module: ConnectorModule): boolean {
  return languageOf(channelLocales(channel, module)[0]) !== languageOf(CATALOG_LOCALE);
}

/**
 * Active products of the catalogue with their active SKUs, titled and priced as the channel sells
 * them (its main language; its price rule, in its currency, and on each of its marketplaces in
 * that one's): what the demo simulator's sample orders are paid at.
 */
async function demoCatalog(ctx: Context, channel: ChannelRow, module: ConnectorModule): Promise<DemoCatalog> {
  const rule = channel.price_rule;
  const currency = channel.currency.trim();
  const base = ctx.config.baseCurrency;
  const rate = usesRateTable(rule) ? await currentRate(ctx, base, currency) : null;
  const marketplaces = module.marketplaces?.length ? channelMarketplaces(module, channel) : [];
  const book = marketplaces.length ? await rateBook(ctx, marketCurrencies(channel, marketplaces)) : null;
  const locales = channelLocales(channel, module);
  const rows = await selectRows<{ product_id: string; texts: ListingText[]; sku: string; price: string; option_text: string }>(
    ctx.em,
    `select p.id as product_id, v.sku, v.price::text as price, array_to_string(v.option_values, ';') as option_text,
            jsonb_build_array(jsonb_build_object('locale', ?::text, 'title', p.title))
              || coalesce((select jsonb_agg(jsonb_build_object('locale', t.locale, 'title', t.title) order by t.locale)
                             from product_translation t where t.product_id = p.id), '[]'::jsonb) as texts
       from product p join variant v on v.product_id = p.id
      where p.status = 'ACTIVE' and v.status = 'ACTIVE'
      order by p.created_at, p.id, v.position, v.sku`,
    [CATALOG_LOCALE],
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
    const text = pickText(r.texts, locales);
    const p = products.get(r.product_id) ?? { title: text.title, skus: [] };
    const sku: DemoCatalog['products'][number]['skus'][number] = { sku: r.sku, price, optionText: r.option_text };
    if (book) {
      // At the price each marketplace lists it at (the listing job's own reckoning); one it cannot price is left out.
      const source = { fixedPrice: null, variantPrice: r.price, price, salePrice: null, title: text.title, locale: text.locale, description: null, texts: r.texts };
      sku.markets = marketsOf(channel, marketplaces, source, book, base).markets.map((m) => ({ marketplaceId: m.marketplaceId, price: m.price, currency: m.currency }));
    }
    p.skus.push(sku);
    products.set(r.product_id, p);
  }
  return { currency, products: [...products.values()].filter((p) => p.skus.length) };
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
      const key = demoChannelKey(kind);
      const setup = demoChannelSetup(kind);
      const settings = { ...setup.settings, ...(await setup.simulatorSettings?.(sim.controlUrl)) };
      const refreshExpiry = module.auth?.refreshTokenExpiresAt?.(creds) ?? null;
      const ctx = systemContext({ config, log }, db.orm.em.fork() as EntityManager, `demo-${kind}`);
      const { catalog, abroad, listed } = await runUnitOfWork(ctx, async (ctx) => {
        const tx = ctx.em;
        await ensureChannelStockPolicy({ em: tx }, key);
        // Marketplaces, settings and price rule are the demo's until staff change them: a later start keeps theirs.
        await execute(
          tx,
          `insert into channel as c (id, key, kind, name, currency, marketplace_ids, base_url, credentials_enc, refresh_token_expires_at, enabled_ops, settings, price_rule)
           values (gen_random_uuid(), ?, ?, ?, ?, ?::text[], ?, ?, ?, ?::text[], ?::jsonb, ?::jsonb)
           on conflict (key) do update set base_url = excluded.base_url, credentials_enc = excluded.credentials_enc,
             refresh_token_expires_at = excluded.refresh_token_expires_at,
             status = 'ACTIVE', last_error = null, orders_cursor = null, returns_cursor = null, updated_at = now(),
             marketplace_ids = case when c.marketplace_ids = '{}' then excluded.marketplace_ids else c.marketplace_ids end,
             settings = case when c.settings = '{}'::jsonb then excluded.settings else c.settings end,
             price_rule = case when c.price_rule = '{"mode":"SAME"}'::jsonb then excluded.price_rule else c.price_rule end`,
          [
            key, kind.toUpperCase(), setup.name, setup.currency ?? 'CNY', pgArray(setup.marketplaceIds ?? []), sim.baseUrl, encryptCredentials(config, creds),
            refreshExpiry && !Number.isNaN(refreshExpiry.getTime()) ? refreshExpiry.toISOString() : null,
            pgArray(module.capabilities), JSON.stringify(settings), JSON.stringify(setup.priceRule ?? { mode: 'SAME' }),
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
        if (setup.fulfilmentWarehouse) {
          const made = await createWarehouse(ctx, { ...setup.fulfilmentWarehouse, kind: WarehouseKind.MARKETPLACE_FULFILMENT, channelKey: key });
          // A later start finds it made.
          if (made.userErrors.some((e) => e.code !== 'DUPLICATE_CODE' && e.code !== 'CHANNEL_HAS_FULFILMENT_WAREHOUSE')) throw new Error(`demo fulfilment centre: ${JSON.stringify(made.userErrors)}`);
        }
        const channel = await channelByKey(tx, key);
        const abroad = isOverseas(channel, module);
        const listed = abroad ? await draftDemoListings(tx, channel, module, setup.listings ?? {}) : 0;
        return { catalog: await demoCatalog(ctx, channel, module), abroad, listed };
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
