import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { Client } from 'pg';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { uuidOf } from '../src/common/ids';
import { startTestApp, TEST_JWT_SECRET, TEST_SECRETS_KEY, TestApp } from './support/test-app';
import { createTaobaoChannel, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startWorkerProcess } from './support/worker-process';

/**
 * Stopping as an operator does: SIGTERM (docker stop, Kubernetes) or Ctrl-C in the terminal,
 * which sends SIGINT to the whole foreground process group. The product is spawned as `npm
 * start` runs it, on the embedded PostgreSQL in a folder of its own; a stop refuses new
 * requests (readiness first), finishes the ones in flight, closes the pool, stops PostgreSQL
 * and exits 0 with one log line, also when the signal comes while it is still starting.
 */

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..');

interface Product {
  child: ChildProcess;
  /** Every line printed so far, stdout and stderr. */
  lines: string[];
  waitForLine(re: RegExp, ms?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node src/main.ts` (what `npm start` runs, compiled on the fly) in a process group of its own,
 * as a shell starts a job; or `command` instead (npm itself).
 */
function spawnProduct(env: Record<string, string>, command: string[] = [process.execPath, '-r', '@swc-node/register', path.join(ROOT, 'src/main.ts')]): Product {
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      for (const line of parts.filter((l) => l.trim())) {
        lines.push(line);
        for (const w of [...waiters]) if (w.re.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
      }
    });
  };
  onData(child.stdout!);
  onData(child.stderr!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    waitForLine(re, ms = 120_000) {
      const found = lines.find((l) => re.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} after ${ms} ms:\n${lines.join('\n').slice(-3000)}`)), ms);
        void exited.then(() => setTimeout(() => reject(new Error(`exited before a line matching ${re}:\n${lines.join('\n').slice(-3000)}`)), 100));
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
  };
}

/** pino's level of a JSON log line; plain text lines (a stack trace, a library's console output) count as errors. */
function level(line: string): number {
  try {
    return (JSON.parse(line) as { level: number }).level;
  } catch {
    return 50;
  }
}

/**
 * What an operator sees after the signal: exit 0 (not killed by the signal again), exactly one
 * log line, nothing at warn or above, and no connection PostgreSQL had to terminate.
 */
async function expectCleanStop(p: Product, sentAt: number, signal: string): Promise<void> {
  const { code, signal: killedBy } = await p.exited;
  const after = p.lines.slice(sentAt);
  const all = p.lines.join('\n');
  expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
  expect(all).not.toMatch(/terminating connection/i);
  expect(after.filter((l) => level(l) >= 40)).toEqual([]);
  expect(after).toHaveLength(1);
  expect(after[0]).toContain(signal);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-stop-'));
  // The embedded server runs as the postgres user when we are root: it must reach the folder.
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The embedded server's pid while it runs (from its postmaster.pid). */
function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

async function expectEmbeddedStopped(dataDir: string, pid: number | undefined): Promise<void> {
  expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  if (pid) expect(isAlive(pid)).toBe(false);
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
// A product a failed test left running would hold the data folder of the next one.
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const gone = new Promise((r) => c.once('exit', r));
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      c.kill('SIGKILL');
    }
    await gone;
  }
});
afterAll(() => {
  for (const d of dirs) {
    const pid = postmasterPid(d);
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(d, { recursive: true, force: true });
  }
});

describe('npm start stops gracefully', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = newDataDir();
    dirs.push(dataDir);
  });

  it('on Ctrl-C (SIGINT to the process group) while the embedded PostgreSQL is being created: exit 0, one line, no server left', async () => {
    const p = spawnProduct({ DATA_DIR: dataDir, ROLE: 'all' });
    children.push(p.child);
    // initdb is writing the cluster: the first start of a new data folder.
    await waitFor('initdb at work', async () => fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')) || p.child.exitCode !== null, 120_000);
    const sentAt = p.lines.length;
    process.kill(-p.child.pid!, 'SIGINT');
    await expectCleanStop(p, sentAt, 'SIGINT');
    await expectEmbeddedStopped(dataDir, postmasterPid(dataDir));
    expect(fs.existsSync(path.join(dataDir, 'embedded-postgres.owner'))).toBe(false);
  });

  it('on SIGTERM while migrations run: exit 0, one line, the embedded server stopped', async () => {
    const p = spawnProduct({ DATA_DIR: dataDir, ROLE: 'all' });
    children.push(p.child);
    await p.waitForLine(/embedded PostgreSQL started/);
    const pid = postmasterPid(dataDir);
    expect(pid).toBeGreaterThan(0);
    const sentAt = p.lines.length;
    p.child.kill('SIGTERM');
    await expectCleanStop(p, sentAt, 'SIGTERM');
    await expectEmbeddedStopped(dataDir, pid);
  });

  for (const [signal, how] of [
    ['SIGTERM', 'sent to the process'],
    ['SIGINT', 'sent to the process group (Ctrl-C)'],
  ] as const) {
    it(`on ${signal} ${how} during a slow request: readiness and new requests 503, the request answered, then exit 0`, async () => {
      const p = spawnProduct({ DATA_DIR: dataDir, ROLE: 'all' });
      children.push(p.child);
      const ready = JSON.parse(await p.waitForLine(/API ready/)) as { url: string };
      const base = ready.url.replace(/\/graphql$/, '').replace('localhost', '127.0.0.1');
      const pid = postmasterPid(dataDir);

      // A request held in flight: sign-in reads the staff table, which this transaction locks.
      const dbUrl = fs.readFileSync(path.join(dataDir, 'embedded-postgres.url'), 'utf8').trim().replace(/\/postgres$/, '/commerce');
      const blocker = new Client({ connectionString: dbUrl });
      // The server going away under this connection is a failure of the stop, reported below, not a crash of the test run.
      const lost: Error[] = [];
      blocker.on('error', (err) => lost.push(err));
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query('lock table staff in access exclusive mode');
      const login = fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(email: "owner@example.com", password: "owner-pass-123") { token userErrors { code } } }' }),
      }).catch((err: Error) => err);
      await waitFor('the sign-in waiting on the lock', async () => {
        const r = await blocker.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
        return r.rowCount! > 0;
      });

      const sentAt = p.lines.length;
      if (signal === 'SIGINT') process.kill(-p.child.pid!, 'SIGINT');
      else p.child.kill('SIGTERM');
      // Draining: readiness says so and new requests are refused, while the one in flight waits.
      await waitFor('readiness 503', async () => (await fetch(`${base}/readyz`)).status === 503);
      const refused = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('connection')).toBe('close');
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(p.child.exitCode).toBeNull();

      expect(lost).toEqual([]);
      await blocker.query('rollback');
      await blocker.end();
      const answered = await login;
      if (answered instanceof Error) throw answered;
      expect(answered.status).toBe(200);
      const body = (await answered.json()) as { data: { login: { token: string | null } } };
      expect(body.data.login.token).toEqual(expect.any(String));

      await expectCleanStop(p, sentAt, signal);
      await expectEmbeddedStopped(dataDir, pid);
    });
  }
});

describe('npm run worker stops gracefully', () => {
  let t: TestApp;
  let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
  let gate: http.Server;
  let held = 0;
  let open = true;
  const waiting: (() => void)[] = [];

  /** The simulator's gateway URL (path included: the TOP gateway is `/router/rest`) on the gate's port. */
  const gatewayUrl = () => {
    const url = new URL(sim.baseUrl);
    url.port = String((gate.address() as { port: number }).port);
    return url.toString();
  };

  beforeAll(async () => {
    sim = await startTaobaoSimulator();
    // A slow marketplace: while the gate is shut, calls wait (as a marketplace that answers late).
    gate = http.createServer((req, res) => {
      const forward = () => {
        const upstream = http.request(new URL(req.url!, sim.baseUrl), { method: req.method, headers: { ...req.headers, host: new URL(sim.baseUrl).host } }, (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        });
        req.pipe(upstream);
      };
      if (open) return forward();
      held++;
      waiting.push(forward);
    });
    await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.stop();
    gate?.closeAllConnections();
    await new Promise((r) => gate?.close(r));
  });

  it('on SIGTERM with a job in flight: the job finishes, its lock is released, exit 0 with one line', async () => {
    const owner = await t.ownerToken();
    const control = new SimControl(sim.controlUrl);
    const skus = await seedCatalog(t, owner, { warehouse: 'GW', prefix: 'GS', count: 2, onHand: 100 });
    const channel = await createTaobaoChannel(t, owner, { name: '淘宝 停机', baseUrl: gatewayUrl(), credentials: await control.credentials(), warehouse: 'GW' });
    for (let i = 1; i <= 3; i++) await control.addOrder(tradeJson(i, [skus[i % skus.length]]));

    const worker = await startWorkerProcess(t.app.config.databaseUrl!);
    children.push(worker.child);
    open = false;
    const r = await gqlOk(t, owner, `mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
    const runId = uuidOf('SyncRun', r.syncChannel.syncRun.id)!;
    await waitFor('the pull waiting on the marketplace', async () => held > 0);

    const sentAt = worker.output.join('').split('\n').filter((l) => l.trim()).length;
    worker.child.kill('SIGTERM');
    await new Promise((res) => setTimeout(res, 1500));
    // Still finishing its job.
    expect(worker.child.exitCode).toBeNull();
    open = true;
    for (const go of waiting.splice(0)) go();

    const code = await worker.exited;
    const lines = worker.output.join('').split('\n').filter((l) => l.trim());
    expect(code).toBe(0);
    expect(lines.join('\n')).not.toMatch(/terminating connection/i);
    const after = lines.slice(sentAt);
    expect(after.filter((l) => level(l) >= 40)).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain('SIGTERM');

    // The job ran to its end: its run finished and the orders are in; the queue holds no active job.
    const [run] = await selectRows<{ status: string }>(t.em(), 'select status from sync_run where id = ?', [runId]);
    expect(run.status).toBe('SUCCEEDED');
    const orders = await selectRows<{ n: string }>(t.em(), 'select count(*)::text as n from sales_order where channel_id = ?', [channel.key]);
    expect(Number(orders[0].n)).toBe(3);
    const active = await selectRows<{ n: string }>(t.em(), "select count(*)::text as n from pgboss.job where state = 'active'");
    expect(Number(active[0].n)).toBe(0);
    // Nobody holds the channel's lock any more (session advisory locks of the sync engine).
    const locks = await selectRows<{ n: string }>(t.em(), "select count(*)::text as n from pg_locks where locktype = 'advisory' and classid = ? and database = (select oid from pg_database where datname = current_database())", [0x0c5b0001]);
    expect(Number(locks[0].n)).toBe(0);
  });

  it('run as `npm run worker` with SIGTERM sent to npm (as a process manager does): the worker gets it, stops and npm exits 0', async () => {
    const p = spawnProduct(
      { NODE_ENV: 'test', DATABASE_URL: t.app.config.databaseUrl!, JWT_SECRET: TEST_JWT_SECRET, SECRETS_KEY: TEST_SECRETS_KEY },
      ['npm', 'run', 'worker', '--silent'],
    );
    children.push(p.child);
    const workerPid = (JSON.parse(await p.waitForLine(/sync worker ready/)) as { pid: number }).pid;
    expect(workerPid).not.toBe(p.child.pid);
    try {
      const sentAt = p.lines.length;
      p.child.kill('SIGTERM');
      await expectCleanStop(p, sentAt, 'SIGTERM');
      // npm waited for the worker: a shell between them would have died of the signal and left it running.
      expect(isAlive(workerPid)).toBe(false);
    } finally {
      if (isAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
    }
  });
});
