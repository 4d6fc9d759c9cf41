import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { freePort } from '../../src/db/embedded-postgres';
import { onCleanup } from '../support/cleanups';
import { sleep } from '../support/paths';
import { productionNodeFlags, type Server } from '../support/server';

/**
 * Starts a floor server (by default the reads' one, dist/bench/reads/floor.server.js; `script`
 * is its path under dist/bench) on a free port and waits until it answers; stopped at cleanup.
 */
export async function startFloor(root: string, dbUrl: string, script = 'reads/floor.server.js', extraEnv: Record<string, string> = {}): Promise<Server> {
  const entry = path.join(root, 'dist', 'bench', script);
  if (!fs.existsSync(entry)) throw new Error(`${entry} not found: run "npm run build" first (npm run bench does)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: dbUrl, PORT: String(port), ...extraEnv };
  // The API's pool size, so both sides have as many connections.
  if (process.env.DB_POOL_MAX) env.DB_POOL_MAX = process.env.DB_POOL_MAX;
  // The API's production flags (a fair floor runs on the same Node settings), then any for the
  // floor alone, as BENCH_SERVER_NODE_ARGS is for the API.
  const nodeArgs = [...productionNodeFlags(root), ...(process.env.BENCH_FLOOR_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  onCleanup('stop floor server', async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
    if (exited === undefined) child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the floor server exited with code ${exited}:\n${output.join('').slice(-3000)}`);
    try {
      if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200) return { base, child, output };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the floor server was not ready within 30 s:\n${output.join('').slice(-3000)}`);
}
