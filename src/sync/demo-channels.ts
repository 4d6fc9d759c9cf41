import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import type { Config } from '../config';
import { execute, pgArray, selectRows } from '../common/sql';
import { ensureChannelStockPolicy, sellFromActiveWarehouses } from '../inventory';
import { SIMULATORS } from '../../connectors/simulators';
import { demoChannelKey, demoChannelSetup } from './demo-channel-setup';
import { connectorFor } from './registry';
import { encryptCredentials } from './secrets';

/**
 * The demo's channels without their simulators. The demo data keeps its order history in the
 * channels `SIMULATORS=1` connects to the simulators (`taobao-sim`, …, demo-simulators.ts), so
 * they exist from the first start, with or without simulators: PAUSED, pointing at the real
 * marketplace with no credentials, so the worker never pulls, pushes or reconciles them (it
 * works ACTIVE channels only). A start with the simulators takes each over (its upsert on the
 * key) and makes it ACTIVE; a later start without them pauses it again, since nothing answers
 * at the address it was given (pauseDemoChannelsWithoutSimulators).
 */

/** Why a demo channel is PAUSED (its lastError): what to do to use it. */
export const DEMO_CHANNEL_OFFLINE_NOTE =
  'Demo channel without a marketplace: no simulator runs for it. Start with SIMULATORS=1 to connect it to its simulator (it is then ACTIVE).';

/** The kinds the demo has a channel for: those whose connector is installed and has a simulator. */
function demoKinds(): string[] {
  return Object.keys(SIMULATORS).filter((kind) => connectorFor(kind.toUpperCase()));
}

/**
 * Makes the demo channels that do not exist yet, PAUSED, as the simulators' start would name
 * and price them (demo-channel-setup.ts) but without settings: those come with the simulator
 * (eBay's business policies are read from its seller account). Each sells from every active
 * warehouse, as the simulators' channels do. Returns the keys of every demo channel, made now or
 * before; a channel staff made under such a key is left as it is.
 */
export async function ensureOfflineDemoChannels(ctx: Context): Promise<string[]> {
  const keys: string[] = [];
  for (const kind of demoKinds()) {
    const module = connectorFor(kind.toUpperCase())!;
    const setup = demoChannelSetup(kind);
    const key = demoChannelKey(kind);
    await ensureChannelStockPolicy(ctx, key);
    await execute(
      ctx.em,
      `insert into channel (id, key, kind, name, currency, marketplace_ids, base_url, credentials_enc, enabled_ops, settings, price_rule, status, last_error)
       values (gen_random_uuid(), ?, ?, ?, ?, ?::text[], ?, ?, ?::text[], '{}'::jsonb, ?::jsonb, 'PAUSED', ?)
       on conflict (key) do nothing`,
      [
        key, kind.toUpperCase(), setup.name, setup.currency ?? 'CNY', pgArray(setup.marketplaceIds ?? []), module.defaultBaseUrl,
        encryptCredentials(ctx.config, {}), pgArray(module.capabilities), JSON.stringify(setup.priceRule ?? { mode: 'SAME' }), DEMO_CHANNEL_OFFLINE_NOTE,
      ],
    );
    await sellFromActiveWarehouses(ctx, key);
    keys.push(key);
  }
  return keys;
}

/** A base URL on this machine (where the demo's simulators listen): nothing answers there once they are gone. */
const LOOPBACK_URL = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * On a start without simulators: pauses the demo channels a start with them left ACTIVE at a
 * simulator's address on this machine, so no scheduled pull or push runs against a port nothing
 * listens on. The next start with `SIMULATORS=1` connects them again. Returns the keys paused.
 */
export async function pauseDemoChannelsWithoutSimulators(em: EntityManager, config: Config): Promise<string[]> {
  if (config.simulators) return [];
  const rows = await selectRows<{ key: string; base_url: string }>(
    em,
    `select key, base_url from channel where key = any(?::text[]) and status = 'ACTIVE'`,
    [pgArray(demoKinds().map(demoChannelKey))],
  );
  const keys = rows.filter((r) => LOOPBACK_URL.test(r.base_url)).map((r) => r.key);
  if (!keys.length) return [];
  await execute(em, `update channel set status = 'PAUSED', last_error = ?, updated_at = now() where key = any(?::text[]) and status = 'ACTIVE'`, [
    DEMO_CHANNEL_OFFLINE_NOTE,
    pgArray(keys),
  ]);
  return keys;
}
