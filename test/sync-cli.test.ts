import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run sync` beside a running product on the embedded database: the product records where
 * its PostgreSQL listens in DATA_DIR, the command connects there instead of refusing the busy
 * folder, runs the sync and prints the run's global id, which `syncRun(id:)` takes.
 */

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..');
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-sync-cli-'));
fs.chmodSync(DATA_DIR, 0o755);

/** The environment of a laptop without DATABASE_URL: embedded PostgreSQL in DATA_DIR, the demo with its simulators. */
function laptopEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR, LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let product: ChildProcess | undefined;
let apiUrl: string;
let productOutput = '';

beforeAll(async () => {
  product = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: laptopEnv({ PORT: '0', HOST: '127.0.0.1', SIMULATORS: 'true', SIMULATOR_PORT: '0', DEMO_DATA: 'true' }),
  });
  apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product did not start:\n${productOutput.slice(-3000)}`)), 180_000);
    product!.stdout!.on('data', (d) => {
      productOutput += d;
      const m = /"url":"(http:[^"]+)".*"msg":"API ready"/.exec(productOutput);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    product!.stderr!.on('data', (d) => (productOutput += d));
    product!.on('exit', (code) => reject(new Error(`the product exited (${code}):\n${productOutput.slice(-3000)}`)));
  });
});

afterAll(async () => {
  if (product && product.exitCode === null) {
    const exited = new Promise((r) => product!.once('exit', r));
    product.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

async function gql(query: string, token?: string): Promise<Record<string, any>> {
  const res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

describe('npm run sync', () => {
  it('given npm start running on the embedded database when a sync is run from a terminal then it uses that database and prints the id syncRun takes', async () => {
    const cli = await run(['src/sync/sync.cli.ts', '--channel', 'taobao-sim', '--scope', 'orders'], laptopEnv({ LOG_LEVEL: 'warn' }));
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const printed = /Sync run (\S+) of /.exec(cli.stdout);
    expect(printed).not.toBeNull();
    const globalId = printed![1];
    expect(cli.stdout).toContain(`syncRun(id: "${globalId}")`);
    expect(cli.stdout).toContain(`Sync run ${globalId} SUCCEEDED`);

    const { login } = await gql('mutation { login(email: "owner@example.com", password: "owner-pass-123") { token } }');
    const { syncRun } = await gql(`{ syncRun(id: "${globalId}") { id trigger scopes status requestedBy channel { key } } }`, login.token);
    expect(syncRun).toMatchObject({ id: globalId, trigger: 'CLI', scopes: ['ORDERS'], status: 'SUCCEEDED', channel: { key: 'taobao-sim' } });
    expect(syncRun.requestedBy).toMatch(/^cli:/);
    // The product still serves, on its own server: the command stopped nothing of it.
    expect(product!.exitCode).toBeNull();
    expect((await gql(`{ syncRun(id: "${globalId}") { status } }`, login.token)).syncRun.status).toBe('SUCCEEDED');
  });

  it('given a product start on a data folder in use when it is a second product then it still refuses', async () => {
    const second = await run(['src/main.ts'], laptopEnv({ PORT: '0', HOST: '127.0.0.1', SIMULATORS: 'false', DEMO_DATA: 'false' }));
    expect(second.code).not.toBe(0);
    expect(`${second.stdout}${second.stderr}`).toMatch(/in use by another running process/);
  });
});
