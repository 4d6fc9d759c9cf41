import path from 'node:path';
import { isCurrency } from './common/currency';

/** One environment variable the product reads: its name, default and meaning (rendered into the README). */
export interface SettingSpec {
  name: string;
  default: string;
  meaning: string;
}

/** Every environment variable, in the order the README lists them. */
export const SETTINGS: SettingSpec[] = [
  { name: 'NODE_ENV', default: 'development', meaning: '`production` turns off introspection and suggestions, masks errors and requires `JWT_SECRET` and `SECRETS_KEY`.' },
  { name: 'PORT', default: '4000', meaning: 'HTTP port of the API (`/graphql`, `/healthz`, `/readyz`, `/metrics`, `/notifications/<channelKey>`).' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'Interface the HTTP server binds to.' },
  { name: 'DATABASE_URL', default: '(unset)', meaning: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL 15 is started from `node_modules` with its data in `DATA_DIR`.' },
  { name: 'DATA_DIR', default: './.data', meaning: 'Where the embedded database and the development JWT secret and secrets key live.' },
  { name: 'DB_POOL_MAX', default: '10', meaning: 'Maximum PostgreSQL connections per process.' },
  { name: 'JWT_SECRET', default: '(generated in development)', meaning: 'HS256 secret for staff tokens, at least 32 characters. Required in production.' },
  { name: 'JWT_TTL_SECONDS', default: '43200', meaning: 'Lifetime of a login token in seconds (12 hours).' },
  { name: 'AUTH_CACHE_SECONDS', default: '5', meaning: 'How long a process reuses a signed-in caller\'s loaded permissions. Changes made through this process apply at once; others within this many seconds. 0 loads them on every request.' },
  { name: 'ADMIN_EMAIL', default: 'owner@example.com', meaning: 'Email of the first owner account, created on first start.' },
  { name: 'ADMIN_PASSWORD', default: 'owner-pass-123 (none in production)', meaning: 'Password of the first owner account, read only when that account has to be created. Production then refuses to start without one of at least 12 characters that is not a common or documented password and does not contain the email; it is never logged.' },
  { name: 'DEMO_DATA', default: 'true (false in production)', meaning: 'Load the demo apparel shop on first start.' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino log level (`fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`).' },
  { name: 'GRAPHQL_MAX_DEPTH', default: '12', meaning: 'Deepest field nesting a query may have.' },
  { name: 'GRAPHQL_MAX_ALIASES', default: '30', meaning: 'Most aliases one query may use.' },
  { name: 'GRAPHQL_MAX_COST', default: '2000', meaning: 'Highest calculated query cost accepted (reported in `extensions.cost`).' },
  { name: 'GRAPHQL_MAX_DOCUMENT_BYTES', default: '20000', meaning: 'Largest query document accepted, in bytes.' },
  { name: 'GRAPHQL_CONCURRENCY', default: 'DB_POOL_MAX', meaning: 'GraphQL operations a process executes at once over HTTP; the others wait their turn in order of arrival (as many as the pool has connections: more would only wait for one, holding memory meanwhile).' },
  { name: 'GRAPHQL_IDE', default: 'true (false in production)', meaning: 'Serve the GraphiQL IDE at `GET /graphql` from the npm packages (no CDN).' },
  { name: 'ROLE', default: 'all', meaning: 'What this process runs: `api` (GraphQL only), `worker` (sync jobs only) or `all` (both). `npm run worker` sets `worker`.' },
  { name: 'SECRETS_KEY', default: '(generated in development)', meaning: 'AES-256-GCM key for channel credentials at rest: 32 bytes as 64 hex characters or base64. Required in production; keep it safe, credentials cannot be read without it.' },
  { name: 'WORKER_CONCURRENCY', default: '2', meaning: 'Sync jobs of each kind a worker process runs at once.' },
  { name: 'SIMULATORS', default: 'false', meaning: 'Demo: start every marketplace simulator beside the API and connect a channel to each (`taobao-sim`, `tmall-sim`, `aliexpress-sim`, `ebay-sim` on eBay.com and eBay.de, `amazon-sim` on Amazon.com and Amazon.ca), so you can publish and sync without marketplace accounts.' },
  { name: 'SIMULATOR_PORT', default: '4101', meaning: 'First port of the demo simulators (one port each, counting up); 0 puts each on a free port.' },
  { name: 'TRUST_PROXY', default: 'false', meaning: 'Which proxies in front of the API to believe about the client address (`X-Forwarded-For`), as Express reads it: `false`, `true`, a hop count, or addresses/subnets such as `loopback, 10.0.0.0/8`. Login throttling counts attempts per client address.' },
  { name: 'MARKETPLACE_ALLOWED_HOSTS', default: '(empty)', meaning: 'Comma-separated host names, addresses and subnets (CIDR) a channel may reach although they are private, loopback or link-local, e.g. an internal proxy: `proxy.corp.internal, 10.20.0.0/16`. Everything else private is refused, and production allows https only.' },
  { name: 'CONNECTORS', default: '(empty)', meaning: 'Comma-separated marketplace connectors to install beside the built-in ones (the folders of `connectors/`): npm package names or module paths, each exporting a connector module. Their channel kinds appear in the API; nothing else needs registering.' },
  { name: 'BASE_CURRENCY', default: 'CNY', meaning: 'ISO 4217 code of the currency the books are kept in: exchange rates are entered from it, orders in other currencies are converted to it (`Order.baseTotals`) and price rules convert from it.' },
  { name: 'SYNC_TICK_SECONDS', default: '15', meaning: 'How often a worker looks for due scheduled pulls and unsent outbox rows (outbox rows also wake it at once).' },
];

/** The configuration, read once from the environment and frozen. */
export interface Config {
  env: 'development' | 'test' | 'production';
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  authCacheSeconds: number;
  adminEmail: string;
  /** The first owner's password; unset in production unless ADMIN_PASSWORD is given (judged when the owner is created). */
  adminPassword: string | undefined;
  demoData: boolean;
  logLevel: string;
  graphql: { maxDepth: number; maxAliases: number; maxCost: number; maxDocumentBytes: number; ide: boolean; concurrency: number };
  /** What this process runs: the API, the sync worker, or both. */
  role: 'api' | 'worker' | 'all';
  /** The 32-byte key of channel credentials at rest, when SECRETS_KEY is set (see sync/secrets.ts for development). */
  secretsKey: Buffer | undefined;
  workerConcurrency: number;
  syncTickSeconds: number;
  /** Demo: start the marketplace simulators and connect a channel to each. */
  simulators: boolean;
  simulatorPort: number;
  /** Host names, addresses and subnets channels may reach although private (MARKETPLACE_ALLOWED_HOSTS). */
  marketplaceAllowedHosts: readonly string[];
  /** Connector packages or module paths to install beside the built-in ones (CONNECTORS). */
  connectors: readonly string[];
  /** ISO 4217 code of the currency the books are kept in (BASE_CURRENCY): rates are entered from it, orders converted to it. */
  baseCurrency: string;
  /** Express's `trust proxy` setting: which proxies may name the client address. */
  trustProxy: boolean | number | string;
}

/** Raised when an environment variable has a value we cannot use; start-up prints it and stops. */
export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES = ['api', 'worker', 'all'] as const;

/** A 32-byte key written as 64 hex characters or as base64 (standard or url-safe). */
function secretsKey(raw: string | undefined): Buffer | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) ? Buffer.from(v, 'base64') : undefined;
  if (!key || key.length !== 32) throw new ConfigError('SECRETS_KEY must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
  return key;
}

/** TRUST_PROXY as Express takes it: a boolean, a hop count, or a list of addresses and subnets. */
function trustProxy(raw: string | undefined): boolean | number | string {
  const v = raw?.trim() ?? '';
  if (v === '' || /^(false|0|no|off)$/i.test(v)) return false;
  if (/^(true|yes|on)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^[0-9A-Za-z.:/,\s_-]+$/.test(v)) throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or addresses/subnets, got "${v}"`);
  return v;
}

/** MARKETPLACE_ALLOWED_HOSTS as a list; each entry a host name, an address or a CIDR subnet. */
function allowedHosts(raw: string | undefined): string[] {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    if (!/^[0-9A-Za-z.:_\[\]-]+(\/\d{1,3})?$/.test(e)) throw new ConfigError(`MARKETPLACE_ALLOWED_HOSTS: "${e}" is not a host name, address or subnet`);
  }
  return entries;
}

/** Reads and validates the environment; throws ConfigError with a message a person can act on. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const rawEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(rawEnv)) {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${rawEnv}"`);
  }
  const nodeEnv = rawEnv as Config['env'];
  const production = nodeEnv === 'production';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  if (production && !jwtSecret) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const adminEmail = (env.ADMIN_EMAIL ?? 'owner@example.com').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new ConfigError(`ADMIN_EMAIL is not an email address: "${adminEmail}"`);
  // Production has no default: the README's would be the first password an attacker tries.
  // Its strength is judged when the owner has to be created (staff.bootstrap.ts), since an
  // existing owner needs none.
  const adminPassword = env.ADMIN_PASSWORD || (production ? undefined : 'owner-pass-123');
  if (adminPassword !== undefined && adminPassword.length < 8) throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters');
  const role = (env.ROLE ?? 'all').trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new ConfigError(`ROLE must be one of ${ROLES.join(', ')}, got "${env.ROLE}"`);
  const key = secretsKey(env.SECRETS_KEY);
  const baseCurrency = (env.BASE_CURRENCY ?? '').trim().toUpperCase() || 'CNY';
  if (!isCurrency(baseCurrency)) throw new ConfigError(`BASE_CURRENCY must be an ISO 4217 currency code such as CNY or USD, got "${env.BASE_CURRENCY}"`);
  if (production && !key) throw new ConfigError('SECRETS_KEY is required when NODE_ENV=production (channel credentials are encrypted with it)');

  const dbPoolMax = int(env, 'DB_POOL_MAX', 10, 2, 500);
  return Object.freeze({
    env: nodeEnv,
    production,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || './.data'),
    dbPoolMax,
    jwtSecret,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    authCacheSeconds: int(env, 'AUTH_CACHE_SECONDS', 5, 0, 300),
    adminEmail,
    adminPassword,
    demoData: bool(env, 'DEMO_DATA', !production),
    logLevel,
    graphql: Object.freeze({
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 1000),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 2000, 10, 1_000_000),
      maxDocumentBytes: int(env, 'GRAPHQL_MAX_DOCUMENT_BYTES', 20000, 100, 10_000_000),
      ide: bool(env, 'GRAPHQL_IDE', !production),
      concurrency: int(env, 'GRAPHQL_CONCURRENCY', dbPoolMax, 1, 10_000),
    }),
    role: role as Config['role'],
    secretsKey: key,
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 2, 1, 50),
    syncTickSeconds: int(env, 'SYNC_TICK_SECONDS', 15, 1, 3600),
    simulators: bool(env, 'SIMULATORS', false),
    simulatorPort: int(env, 'SIMULATOR_PORT', 4101, 0, 65000),
    baseCurrency,
    trustProxy: trustProxy(env.TRUST_PROXY),
    marketplaceAllowedHosts: Object.freeze(allowedHosts(env.MARKETPLACE_ALLOWED_HOSTS)),
    connectors: Object.freeze((env.CONNECTORS ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  });
}
