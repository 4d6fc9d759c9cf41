import type { Context } from '../context';
import { forbidden, UserError, userError, UserErrorsException } from '../common/errors';
import { uuidOf } from '../common/ids';
import { execute, pgArray, selectRows } from '../common/sql';
import { canOnChannel } from '../staff/actor';
import { channelReach, requireReach } from '../staff/channel-scope';
import { P, Permission } from '../staff/permissions';
import { ensureChannelStockPolicy, setChannelWarehouses, warehousesByCode } from '../inventory';
import type { Capability, ConnectorModule, MarketplaceInfo } from '../../connectors/sdk/types';
import { isMarketplaceError } from '../../connectors/sdk/errors';
import { CHANNEL_COLUMNS, ChannelRow, loadChannel } from './channel.queries';
import { channelMarketplaces, connectChannel, NoConnectorError, settingsOf } from './connector-context';
import { checkPriceRule } from './price-rule';
import { availableKinds, connectorFor, connectorSource, installedConnectors } from './registry';
import { addressPolicy, checkBaseUrl, originOf } from './channel-address';
import { isCurrency } from '../common/currency';
import { decryptCredentials, encryptCredentials, SecretDecryptError } from './secrets';
import { ChannelSchedule, DEFAULT_SCHEDULE, PriceRule } from './sync-vocabulary';
import { Channel, ChannelKindEnum, ChannelSetting, ChannelStatusSetting, ConnectorInfo, ConnectorSettingField, CredentialField, Marketplace, MarketplaceErrorInfo } from './channel.types';
import { ChannelConnectionTestPayload, ChannelPayload } from './channel.payloads';
import { ChannelScheduleInput, ChannelSettingInput, CreateChannelInput, PriceRuleInput, UpdateChannelInput } from './channel.inputs';

/**
 * Channels: creating and changing marketplace accounts, and who may see and act on which.
 * Credentials go in and never come out: they are encrypted before they reach the database and
 * the API shows only which fields are set. Staff whose roles are limited to some channels
 * (overseas sales on the overseas shops) see and act on those channels only; role assignments
 * name channels by key, as orders do.
 */

/** The form of a channel key. */
export const KEY_FORMAT = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const MAX_SCHEDULE = { ordersEveryMinutes: 7 * 24 * 60, returnsEveryMinutes: 7 * 24 * 60, reconcileEveryHours: 30 * 24, fulfilmentStockEveryMinutes: 7 * 24 * 60 };

// ---- access ----------------------------------------------------------------------------

/** Channel keys the caller holds `permission` on; null when it holds it on every channel. */
export function channelKeysFor(ctx: Context, permission: Permission): ReadonlySet<string> | null {
  return channelReach(ctx.actor, [permission]);
}

/**
 * Refuses (FORBIDDEN) unless the caller holds one of `permissions` on the channel. The message
 * does not name the channel: the caller may not know it.
 */
export function requireOnChannel(ctx: Context, channel: Pick<ChannelRow, 'key'>, ...permissions: Permission[]): void {
  if (permissions.some((p) => canOnChannel(ctx.actor, p, channel.key))) return;
  throw forbidden(`You may not do this on that channel: it needs ${permissions.join(' or ')} on it`);
}

/**
 * What a list of channel rows puts on its channel id column: the channel asked for (FORBIDDEN
 * when the caller may not do `permission` there), else the channels a channel-scoped caller
 * has, else nothing. Null when the channel asked for does not exist: the list is empty.
 */
export async function channelCondition(ctx: Context, channelId: string | null | undefined, permission: Permission, column: string): Promise<{ conds: string[]; params: unknown[] } | null> {
  if (channelId != null) {
    const channel = await channelOf(ctx, channelId);
    if (!channel) return null;
    requireOnChannel(ctx, channel, permission);
    return { conds: [`${column} = ?`], params: [channel.id] };
  }
  const keys = channelKeysFor(ctx, permission);
  return keys ? { conds: [`${column} in (select id from channel where key = any(?::text[]))`], params: [pgArray([...keys])] } : { conds: [], params: [] };
}

/** The channel of a global id, or undefined when there is none. */
export async function channelOf(ctx: Context, globalId: string | null | undefined, lock = false): Promise<ChannelRow | undefined> {
  const id = globalId ? uuidOf('Channel', globalId) : undefined;
  return id ? loadChannel(ctx.em, id, lock) : undefined;
}

// ---- reads -----------------------------------------------------------------------------

/** Every channel the caller may read, by name. */
export async function listChannels(ctx: Context): Promise<Channel[]> {
  const keys = channelKeysFor(ctx, P.ChannelsRead);
  const rows = await selectRows<ChannelRow>(
    ctx.em,
    `select ${CHANNEL_COLUMNS} from channel c ${keys ? 'where c.key = any(?::text[])' : ''} order by lower(c.name), c.id`,
    keys ? [pgArray([...keys])] : [],
  );
  return rows.map(Channel.fromRow);
}

/** One channel by database id; null when there is none, FORBIDDEN when the caller may not read it. */
export async function channelNode(ctx: Context, id: string): Promise<Channel | null> {
  const row = await loadChannel(ctx.em, id);
  if (!row) return null;
  requireOnChannel(ctx, row, P.ChannelsRead);
  return Channel.fromRow(row);
}

/** Names of the credential fields that are set, in the connector's order; never their values. */
export function credentialFieldsSet(ctx: Context, channel: Channel): string[] {
  let stored: Record<string, string>;
  try {
    stored = decryptCredentials(ctx.config, channel.credentialsEnc);
  } catch (err) {
    if (err instanceof SecretDecryptError) return [];
    throw err;
  }
  const names = Object.keys(stored).filter((k) => stored[k] !== '' && stored[k] != null);
  const order = connectorFor(channel.kind)?.credentialFields.map((f) => f.name) ?? [];
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function connectorInfo(module: ConnectorModule): ConnectorInfo {
  return Object.assign(new ConnectorInfo(), {
    kinds: module.kinds as ChannelKindEnum[],
    label: module.label,
    defaultBaseUrl: module.defaultBaseUrl,
    capabilities: [...module.capabilities],
    credentialFields: module.credentialFields.map((f) => Object.assign(new CredentialField(), { name: f.name, description: f.description, required: f.required, secret: f.secret })),
    settingsFields: (module.settingsFields ?? []).map((f) => Object.assign(new ConnectorSettingField(), { name: f.name, description: f.description, required: f.required })),
    severalMarketplacesPerChannel: module.marketplacesPerChannel === 'SEVERAL',
    marketplaces: (module.marketplaces ?? []).map(marketplaceOf),
    receivesNotifications: !!module.notifications,
    source: connectorSource(module),
  });
}

/** The installed connectors, one entry per module. */
export function listConnectors(): ConnectorInfo[] {
  return installedConnectors().map(({ module }) => connectorInfo(module));
}

/** A marketplace as the API shows it (an undescribed one has no locale). */
export function marketplaceOf(m: MarketplaceInfo): Marketplace {
  return Object.assign(new Marketplace(), { id: m.id, label: m.label, currency: m.currency, locale: m.locale || null });
}

/** The marketplaces a channel covers, described by its connector's catalogue, each in the language the channel lists in there. */
export function marketplacesOfChannel(channel: Channel): Marketplace[] {
  return channelMarketplaces(connectorFor(channel.kind), { marketplace_ids: channel.marketplaceIds, currency: channel.currency, settings: channel.rawSettings }).map(marketplaceOf);
}

/** A channel's settings, in the order its connector declares them (names it no longer declares last). */
export function settingsOfChannel(channel: Channel): ChannelSetting[] {
  const order = connectorFor(channel.kind)?.settingsFields?.map((f) => f.name) ?? [];
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return Object.entries(channel.rawSettings)
    .filter(([, v]) => typeof v === 'string')
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, value]) => Object.assign(new ChannelSetting(), { name, value }));
}

// ---- validation ------------------------------------------------------------------------

/** Longest value of a setting and of a marketplace id. */
const MAX_SETTING_LENGTH = 1000;
const MAX_MARKETPLACE_ID_LENGTH = 200;

/**
 * Settings from the input merged onto `base` (the stored ones on update, none on create): names
 * the connector does not declare are refused (a typo would leave a required setting missing
 * behind one nobody reads), a value null or "" removes the setting, and every required one must
 * be there afterwards.
 */
function readSettings(module: ConnectorModule, raw: ChannelSettingInput[], base: Record<string, string>, errors: UserError[]): Record<string, string> {
  const fields = module.settingsFields ?? [];
  const out = { ...base };
  const seen = new Set<string>();
  raw.forEach((s, i) => {
    const name = s.name.trim();
    if (!fields.some((f) => f.name === name)) {
      const known = fields.map((f) => f.name);
      errors.push(userError('SETTING_UNKNOWN', `${name || '(empty)'} is not a setting of ${module.label}; ${known.length ? `it takes ${known.join(', ')}` : 'it takes none'}`, ['settings', i, 'name']));
      return;
    }
    if (seen.has(name)) {
      errors.push(userError('SETTING_INVALID', `${name} is given twice`, ['settings', i, 'name']));
      return;
    }
    seen.add(name);
    const value = s.value?.trim() ?? '';
    if (value.length > MAX_SETTING_LENGTH) errors.push(userError('SETTING_INVALID', `${name} is at most ${MAX_SETTING_LENGTH} characters`, ['settings', i, 'value']));
    else if (value) out[name] = value;
    else delete out[name];
  });
  const missing = fields.filter((f) => f.required && !out[f.name]);
  if (missing.length) {
    errors.push(userError('SETTING_REQUIRED', `${module.label} needs the setting${missing.length > 1 ? 's' : ''} ${missing.map((f) => `${f.name} (${f.description})`).join(', ')}`, 'settings'));
  }
  return out;
}

/**
 * The marketplaces a channel covers, from `marketplaceIds` or the single `marketplaceId` (one or
 * the other): each one of the connector's catalogue when it has one (then at least one is
 * required), at most one for a connector serving one marketplace per channel. Null: the input
 * names none (on update: unchanged).
 */
function readMarketplaces(module: ConnectorModule, input: { marketplaceIds?: string[] | null; marketplaceId?: string | null }, creating: boolean, errors: UserError[]): string[] | null {
  if (input.marketplaceIds != null && input.marketplaceId != null) {
    errors.push(userError('INVALID_VALUE', 'Give marketplaceIds or marketplaceId, not both', 'marketplaceIds'));
    return null;
  }
  const field = input.marketplaceIds != null ? 'marketplaceIds' : 'marketplaceId';
  let ids: string[] | null = null;
  if (input.marketplaceIds != null) ids = input.marketplaceIds.map((m) => m.trim());
  else if (input.marketplaceId !== undefined) ids = input.marketplaceId?.trim() ? [input.marketplaceId.trim()] : [];
  const catalogue = module.marketplaces ?? [];
  if (ids === null) {
    if (creating && catalogue.length) errors.push(userError('MARKETPLACE_REQUIRED', `A ${module.label} channel covers at least one marketplace: ${catalogue.map((m) => m.id).join(', ')}`, 'marketplaceIds'));
    return null;
  }
  const unique: string[] = [];
  ids.forEach((id, i) => {
    const at = field === 'marketplaceIds' ? ['marketplaceIds', i] : 'marketplaceId';
    if (!id || id.length > MAX_MARKETPLACE_ID_LENGTH) errors.push(userError('INVALID_VALUE', `A marketplace id is 1 to ${MAX_MARKETPLACE_ID_LENGTH} characters`, at));
    else if (catalogue.length && !catalogue.some((m) => m.id === id)) {
      errors.push(userError('MARKETPLACE_UNKNOWN', `${id} is not a marketplace of ${module.label}; it serves ${catalogue.map((m) => `${m.id} (${m.label})`).join(', ')}`, at));
    } else if (!unique.includes(id)) unique.push(id);
  });
  if (catalogue.length && !ids.length) errors.push(userError('MARKETPLACE_REQUIRED', `A ${module.label} channel covers at least one marketplace: ${catalogue.map((m) => m.id).join(', ')}`, field));
  if (unique.length > 1 && module.marketplacesPerChannel !== 'SEVERAL') {
    errors.push(userError('TOO_MANY_MARKETPLACES', `A ${module.label} channel serves one marketplace; make one channel per marketplace`, field));
  }
  return unique;
}

/** When the refresh token in these credentials expires, as the connector reads them; null when it cannot say. */
function refreshTokenExpiry(module: ConnectorModule, credentials: Record<string, string>): Date | null {
  const at = module.auth?.refreshTokenExpiresAt?.(credentials) ?? null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * Credential values from the input: strings (numbers and booleans are written as text),
 * trimmed; null or "" means "remove". Unknown field names are refused, so a typo does not
 * leave a required field missing behind a field nobody reads.
 */
function readCredentials(module: ConnectorModule, raw: Record<string, unknown>, errors: UserError[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const known = new Set(module.credentialFields.map((f) => f.name));
  for (const [name, value] of Object.entries(raw)) {
    if (!known.has(name)) {
      errors.push(userError('CREDENTIALS_INVALID', `${name} is not a credential of ${module.label}; it takes ${[...known].join(', ')}`, ['credentials', name]));
      continue;
    }
    if (value == null || value === '') out.set(name, null);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.set(name, String(value).trim() || null);
    else errors.push(userError('CREDENTIALS_INVALID', `${name} must be a string`, ['credentials', name]));
  }
  return out;
}

function missingRequired(module: ConnectorModule, credentials: Record<string, string>, errors: UserError[]): void {
  const missing = module.credentialFields.filter((f) => f.required && !credentials[f.name]);
  if (missing.length) {
    errors.push(
      userError(
        'CREDENTIALS_INVALID',
        `${module.label} needs the credential field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `${f.name} (${f.description})`).join(', ')}`,
        'credentials',
      ),
    );
  }
}

function readPriceRule(input: PriceRuleInput, errors: UserError[]): PriceRule {
  const rule: PriceRule = { mode: input.mode };
  if (input.value != null) rule.value = input.value;
  if (input.rate != null) rule.rate = input.rate;
  if (input.priceEnding != null) rule.priceEnding = input.priceEnding.trim();
  const why = checkPriceRule(rule);
  if (why) errors.push(userError('INVALID_PRICE_RULE', why, 'priceRule'));
  return rule;
}

function readSchedule(input: ChannelScheduleInput, base: ChannelSchedule, errors: UserError[]): ChannelSchedule {
  const out = { ...base };
  for (const k of Object.keys(MAX_SCHEDULE) as (keyof ChannelSchedule)[]) {
    const v = input[k];
    if (v == null) continue;
    if (!Number.isInteger(v) || v < 0 || v > MAX_SCHEDULE[k]) errors.push(userError('INVALID_SCHEDULE', `${k} must be between 0 and ${MAX_SCHEDULE[k]}`, ['schedule', k]));
    else out[k] = v;
  }
  return out;
}

/** The connector's own check of a channel's marketplaces and settings together (checkChannel). */
function checkSetup(module: ConnectorModule, channel: { marketplace_ids: string[]; currency: string; settings: Record<string, string> }, errors: UserError[]): void {
  if (!module.checkChannel) return;
  const problems = module.checkChannel({ marketplaces: channelMarketplaces(module, channel), settings: settingsOf(channel) });
  for (const p of problems) errors.push(userError(p.code, p.message, p.field));
}

function readOps(module: ConnectorModule, ops: string[], errors: UserError[]): Capability[] {
  const unique = [...new Set(ops.map((o) => o.trim()))];
  unique.forEach((op, i) => {
    if (!(module.capabilities as string[]).includes(op)) {
      errors.push(userError('OPERATION_NOT_SUPPORTED', `${module.label} cannot do "${op}"; it supports ${module.capabilities.join(', ')}`, ['enabledOps', i]));
    }
  });
  return unique as Capability[];
}

function readCurrency(value: string, errors: UserError[]): string {
  const c = value.trim().toUpperCase();
  if (!isCurrency(c)) errors.push(userError('INVALID_CURRENCY', 'The currency is an ISO 4217 code such as CNY or USD', 'currency'));
  return c;
}

function readBaseUrl(ctx: Context, value: string, errors: UserError[]): string {
  const v = value.trim();
  const problem = checkBaseUrl(v, addressPolicy(ctx.config));
  if (problem) errors.push(userError(problem.code, problem.message, 'baseUrl'));
  return v;
}

/**
 * What a marketplace said, cut to a short line for the caller: the base URL is typed in by
 * staff, so whatever answers there (an internal page, a metadata document) must not be read
 * back through the API. Control characters and markup go, and at most 200 characters stay.
 */
export function shortRemoteText(text: string, max = 200): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function nameTaken(ctx: Context, name: string, exceptId?: string): Promise<boolean> {
  const rows = await selectRows(ctx.em, `select 1 from channel where lower(name) = lower(?) ${exceptId ? 'and id <> ?' : ''}`, exceptId ? [name, exceptId] : [name]);
  return rows.length > 0;
}

/** An ascii slug of the name (accents dropped), or the kind when the name has too little ascii. */
export function slugOf(name: string, kind: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  const k = kind.toLowerCase();
  if (ascii.length >= 2) return ascii;
  return ascii ? `${k}-${ascii}` : k;
}

/** The first of slug, slug-2, slug-3… no channel uses. */
async function freeKey(ctx: Context, slug: string): Promise<string> {
  const used = new Set(
    (await selectRows<{ key: string }>(ctx.em, `select key from channel where key = ? or key like ?`, [slug, `${slug}-%`])).map((r) => r.key),
  );
  if (!used.has(slug)) return slug;
  for (let n = 2; ; n++) if (!used.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

/** Checks warehouse codes; returns them normalised. */
async function readWarehouses(ctx: Context, raw: string[], errors: UserError[]): Promise<string[]> {
  const codes = raw.map((c) => c.trim().toUpperCase());
  const found = await warehousesByCode(ctx, codes);
  codes.forEach((c, i) => {
    if (!found.has(c)) errors.push(userError('WAREHOUSE_NOT_FOUND', `No warehouse has code ${c || '(empty)'}`, ['warehouseCodes', i]));
  });
  return [...new Set(codes)];
}

/** Turns a unique violation of a concurrent create or rename into the userError it means. */
function uniqueViolation(err: unknown, key: string): never {
  const constraint = (err as { constraint?: string }).constraint ?? String((err as Error).message);
  if (/channel_name_unique/.test(constraint)) throw new UserErrorsException([userError('NAME_TAKEN', 'Another channel has this name', 'name')]);
  if (/channel_key_unique|channel_pkey/.test(constraint)) throw new UserErrorsException([userError('KEY_TAKEN', `Another channel has the key ${key}`, 'key')]);
  throw err;
}

// ---- writes ----------------------------------------------------------------------------

export async function createChannel(ctx: Context, input: CreateChannelInput): Promise<ChannelPayload> {
  const refuse = (...userErrors: UserError[]): ChannelPayload => ({ channel: null, userErrors });
  const module = connectorFor(input.kind);
  if (!module) return refuse(userError('KIND_NOT_SUPPORTED', `No connector is installed for ${input.kind}; installed: ${availableKinds().join(', ') || 'none'}`, 'kind'));
  const errors: UserError[] = [];

  const name = input.name.trim();
  if (!name || name.length > 100) errors.push(userError('INVALID_VALUE', 'The name is 1 to 100 characters', 'name'));
  else if (await nameTaken(ctx, name)) errors.push(userError('NAME_TAKEN', 'Another channel has this name', 'name'));

  let key: string;
  if (input.key != null) {
    key = input.key.trim().toLowerCase();
    if (!KEY_FORMAT.test(key)) errors.push(userError('INVALID_KEY', 'A channel key is 2-64 lower-case letters, digits, - or _ (e.g. taobao-main)', 'key'));
    else if ((await selectRows(ctx.em, 'select 1 from channel where key = ?', [key])).length) errors.push(userError('KEY_TAKEN', `Another channel has the key ${key}`, 'key'));
  } else key = await freeKey(ctx, slugOf(name, input.kind));
  // A manager limited to some channels creates only the channels their assignments name in
  // advance: any other key would make a channel they themselves could not see.
  requireReach(ctx.actor, key, [P.ChannelsManage]);

  const currency = readCurrency(input.currency, errors);
  const baseUrl = input.baseUrl != null ? readBaseUrl(ctx, input.baseUrl, errors) : module.defaultBaseUrl;
  const marketplaceIds = readMarketplaces(module, input, true, errors) ?? [];
  const settings = readSettings(module, input.settings ?? [], {}, errors);
  if (!errors.length) checkSetup(module, { marketplace_ids: marketplaceIds, currency: input.currency.trim(), settings }, errors);

  const credentials: Record<string, string> = {};
  for (const [k, v] of readCredentials(module, input.credentials ?? {}, errors)) if (v != null) credentials[k] = v;
  missingRequired(module, credentials, errors);

  const warehouses = input.warehouseCodes != null ? await readWarehouses(ctx, input.warehouseCodes, errors) : null;
  const priceRule = input.priceRule ? readPriceRule(input.priceRule, errors) : { mode: 'SAME' as const };
  const schedule = input.schedule ? readSchedule(input.schedule, DEFAULT_SCHEDULE, errors) : { ...DEFAULT_SCHEDULE };
  const ops = input.enabledOps != null ? readOps(module, input.enabledOps, errors) : [...module.capabilities];
  if (errors.length) return refuse(...errors);

  // The key is the channel's stock policy (orders and stock rules may have used it before the
  // channel existed: then the channel adopts it).
  await ensureChannelStockPolicy(ctx, key);
  let row: ChannelRow;
  try {
    [row] = await selectRows<ChannelRow>(
      ctx.em,
      `insert into channel as c (id, key, kind, name, marketplace_ids, settings, refresh_token_expires_at, currency, base_url, credentials_enc, price_rule, enabled_ops, schedule)
       values (gen_random_uuid(), ?, ?, ?, ?::text[], ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::text[], ?::jsonb)
       returning ${CHANNEL_COLUMNS}`,
      [
        key, input.kind, name, pgArray(marketplaceIds), JSON.stringify(settings), refreshTokenExpiry(module, credentials), currency, baseUrl,
        encryptCredentials(ctx.config, credentials), JSON.stringify(priceRule), pgArray(ops), JSON.stringify(schedule),
      ],
    );
  } catch (err) {
    uniqueViolation(err, key);
  }
  if (warehouses) await setChannelWarehouses(ctx, key, warehouses);
  return { channel: Channel.fromRow(row), userErrors: [] };
}

export async function updateChannel(ctx: Context, input: UpdateChannelInput): Promise<ChannelPayload> {
  const refuse = (...userErrors: UserError[]): ChannelPayload => ({ channel: null, userErrors });
  const current = await channelOf(ctx, input.id, true);
  if (!current) return refuse(userError('NOT_FOUND', 'No channel has this id', 'id'));
  requireOnChannel(ctx, current, P.ChannelsManage);
  const module = connectorFor(current.kind);
  const errors: UserError[] = [];
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (sql: string, ...values: unknown[]) => (sets.push(sql), params.push(...values));

  if (input.name != null) {
    const name = input.name.trim();
    if (!name || name.length > 100) errors.push(userError('INVALID_VALUE', 'The name is 1 to 100 characters', 'name'));
    else if (await nameTaken(ctx, name, current.id)) errors.push(userError('NAME_TAKEN', 'Another channel has this name', 'name'));
    else if (name !== current.name) set('name = ?', name);
  }
  // Stored credentials go only where they were typed in for: another host needs them again.
  let hostChanged = false;
  if (input.baseUrl != null) {
    const baseUrl = readBaseUrl(ctx, input.baseUrl, errors);
    hostChanged = originOf(baseUrl) !== originOf(current.base_url);
    set('base_url = ?', baseUrl);
    if (hostChanged && input.credentials == null) {
      errors.push(userError('CREDENTIALS_REQUIRED', 'The base URL moves to another host: give the credentials again in the same update', 'credentials'));
    }
  }
  if (input.marketplaceId !== undefined || input.marketplaceIds != null || input.settings != null) {
    if (!module) errors.push(userError('KIND_NOT_SUPPORTED', `No connector is installed for ${current.kind}`, input.settings != null ? 'settings' : 'marketplaceIds'));
    else {
      const marketplaceIds = readMarketplaces(module, input, false, errors);
      if (marketplaceIds) set('marketplace_ids = ?::text[]', pgArray(marketplaceIds));
      const settings = input.settings != null ? readSettings(module, input.settings, current.settings ?? {}, errors) : null;
      if (settings) set('settings = ?::jsonb', JSON.stringify(settings));
      // The channel as it would be after the update, checked whole.
      if (!errors.length) checkSetup(module, { marketplace_ids: marketplaceIds ?? current.marketplace_ids ?? [], currency: current.currency, settings: settings ?? current.settings ?? {} }, errors);
    }
  }
  if (input.currency != null) {
    const currency = readCurrency(input.currency, errors);
    if (currency !== current.currency.trim()) {
      // Listings carry the currency their fixed prices are in; switching it under them would
      // re-read those prices in another money.
      if ((await selectRows(ctx.em, 'select 1 from listing where channel_id = ? limit 1', [current.id])).length) {
        errors.push(userError('CURRENCY_LOCKED', 'The channel has listings; its currency cannot change', 'currency'));
      } else set('currency = ?', currency);
    }
  }
  if (input.priceRule) set('price_rule = ?::jsonb', JSON.stringify(readPriceRule(input.priceRule, errors)));
  if (input.schedule) {
    const before = { ...DEFAULT_SCHEDULE, ...current.schedule };
    const after = readSchedule(input.schedule, before, errors);
    set('schedule = ?::jsonb', JSON.stringify(after));
    // A changed interval starts counting now instead of waiting out the old one.
    if (after.ordersEveryMinutes !== before.ordersEveryMinutes) set('next_orders_at = null');
    if (after.returnsEveryMinutes !== before.returnsEveryMinutes) set('next_returns_at = null');
    if (after.fulfilmentStockEveryMinutes !== before.fulfilmentStockEveryMinutes) set('next_fulfilment_stock_at = null');
    if (after.reconcileEveryHours !== before.reconcileEveryHours) set('next_reconcile_at = null');
  }
  if ((input.enabledOps != null || input.credentials != null) && !module) {
    errors.push(userError('KIND_NOT_SUPPORTED', `No connector is installed for ${current.kind}`, input.credentials != null ? 'credentials' : 'enabledOps'));
  }
  if (input.enabledOps != null && module) set('enabled_ops = ?::text[]', pgArray(readOps(module, input.enabledOps, errors)));

  let status = current.status;
  let credentialsChanged = false;
  if (input.credentials != null && module) {
    let stored: Record<string, string> = {};
    try {
      stored = decryptCredentials(ctx.config, current.credentials_enc);
    } catch (err) {
      // Unreadable (SECRETS_KEY changed): the new credentials must then be complete.
      if (!(err instanceof SecretDecryptError)) throw err;
    }
    // For another host nothing stored carries over: the new credentials must be complete.
    const next = hostChanged ? {} : { ...stored };
    for (const [k, v] of readCredentials(module, input.credentials, errors)) {
      if (v == null) delete next[k];
      else next[k] = v;
    }
    missingRequired(module, next, errors);
    credentialsChanged = hostChanged || JSON.stringify(Object.entries(next).sort()) !== JSON.stringify(Object.entries(stored).sort());
    if (credentialsChanged) {
      set('credentials_enc = ?', encryptCredentials(ctx.config, next));
      // Tokens obtained with the old credentials (perhaps another seller's) are dropped in every process.
      set('refresh_token_expires_at = ?', refreshTokenExpiry(module, next));
      set('auth_generation = auth_generation + 1, auth_token_expires_at = null, auth_token_obtained_at = null');
    }
    if ((status === 'AUTH_FAILED' || status === 'STOPPED') && credentialsChanged) status = 'ACTIVE';
  }
  if (input.status) status = input.status === ChannelStatusSetting.ACTIVE ? 'ACTIVE' : 'PAUSED';
  if (status !== current.status) {
    set('status = ?', status);
    if ((current.status === 'AUTH_FAILED' || current.status === 'STOPPED') && status === 'ACTIVE') set('last_error = null');
  }
  // Staff acted on the channel (credentials, operations, resumed it): refused operations get another try.
  const acted = credentialsChanged || input.enabledOps != null || input.status === ChannelStatusSetting.ACTIVE;
  if (acted && Object.keys(current.operation_errors ?? {}).length) set(`operation_errors = '{}'::jsonb`);

  const warehouses = input.warehouseCodes != null ? await readWarehouses(ctx, input.warehouseCodes, errors) : null;
  if (errors.length) return refuse(...errors);

  if (sets.length) {
    try {
      await execute(ctx.em, `update channel set ${sets.join(', ')}, updated_at = now() where id = ?`, [...params, current.id]);
    } catch (err) {
      uniqueViolation(err, current.key);
    }
  }
  if (warehouses) await setChannelWarehouses(ctx, current.key, warehouses);
  return { channel: Channel.fromRow((await loadChannel(ctx.em, current.id))!), userErrors: [] };
}

/**
 * Asks the marketplace whether the stored credentials work (the connector's checkCredentials,
 * from this API process). Refused credentials stop the channel (AUTH_FAILED), a setup fault
 * (CHANNEL_STOPPED: a clock off, a wrong app key) stops it as STOPPED; credentials that work put
 * an AUTH_FAILED or STOPPED channel back to ACTIVE and clear its refused operations. Other
 * failures change nothing.
 */
export async function testChannelConnection(ctx: Context, globalId: string): Promise<ChannelConnectionTestPayload> {
  const channel = await channelOf(ctx, globalId);
  const result = (r: Partial<ChannelConnectionTestPayload>): ChannelConnectionTestPayload =>
    Object.assign(new ChannelConnectionTestPayload(), { ok: false, account: null, error: null, channel: null, userErrors: [], ...r });
  if (!channel) return result({ userErrors: [userError('NOT_FOUND', 'No channel has this id', 'id')] });
  requireOnChannel(ctx, channel, P.ChannelsManage, P.ChannelsSync);
  const errorInfo = (code: string, message: string) => Object.assign(new MarketplaceErrorInfo(), { code, message, channelDbId: channel.id });

  let outcome: { ok: true; account: string } | { ok: false; code: string; message: string; authFailed: boolean; stopped?: boolean };
  try {
    // No row lock is held during the call: a token refresh saves the channel row from its own
    // connection (connectChannel), which would wait for this transaction's lock for ever.
    const { connector } = connectChannel({ config: ctx.config, log: ctx.log, root: ctx.em }, channel);
    const { account } = await connector.checkCredentials();
    outcome = { ok: true, account: shortRemoteText(account, 100) };
  } catch (err) {
    if (err instanceof NoConnectorError) return result({ userErrors: [userError('KIND_NOT_SUPPORTED', err.message, 'id')] });
    if (err instanceof SecretDecryptError) outcome = { ok: false, code: 'CREDENTIALS_UNREADABLE', message: err.message, authFailed: false };
    else if (isMarketplaceError(err)) outcome = { ok: false, code: shortRemoteText(err.code, 64), message: shortRemoteText(err.message), authFailed: err.kind === 'AUTH_FAILED', stopped: err.kind === 'CHANNEL_STOPPED' };
    else throw err;
  }
  ctx.log.info({ channel: channel.key, ok: outcome.ok, code: outcome.ok ? undefined : outcome.code }, 'channel connection tested');

  if (outcome.ok && (channel.status === 'AUTH_FAILED' || channel.status === 'STOPPED')) {
    await execute(ctx.em, `update channel set status = 'ACTIVE', last_error = null, updated_at = now() where id = ? and status in ('AUTH_FAILED', 'STOPPED')`, [channel.id]);
  } else if (!outcome.ok && (outcome.authFailed || outcome.stopped)) {
    await execute(ctx.em, `update channel set status = ?, last_error = ?, updated_at = now() where id = ?`, [outcome.authFailed ? 'AUTH_FAILED' : 'STOPPED', `${outcome.code}: ${outcome.message}`.slice(0, 2000), channel.id]);
  }
  // A test that passes is staff's word that what they fixed works: refused operations get another try.
  if (outcome.ok && Object.keys(channel.operation_errors ?? {}).length) {
    await execute(ctx.em, `update channel set operation_errors = '{}'::jsonb, updated_at = now() where id = ?`, [channel.id]);
  }
  const after = Channel.fromRow((await loadChannel(ctx.em, channel.id))!);
  return outcome.ok ? result({ ok: true, account: outcome.account, channel: after }) : result({ ok: false, error: errorInfo(outcome.code, outcome.message), channel: after });
}
