import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-postgres';
import { onCleanup } from './cleanups';
import { sleep } from './paths';
import type { Owner } from './postgres';

/** The API server under test: its base URL, its process, and the last of its output. */
export interface Server {
  base: string;
  child: ChildProcess;
  output: string[];
}

/**
 * The Node flags the production image starts the API with (the last `CMD ["node", …flags,
 * "dist/src/main.js"]` of docker/Dockerfile, as `npm start` has them too), so the benchmark
 * measures the API as it runs.
 */
export function productionNodeFlags(root: string): string[] {
  const dockerfile = fs.readFileSync(path.join(root, 'docker', 'Dockerfile'), 'utf8');
  const cmd = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].pop();
  const words = cmd ? (JSON.parse(cmd[1]) as string[]) : [];
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/src/main.js') throw new Error(`docker/Dockerfile: expected CMD ["node", …, "dist/src/main.js"], got ${cmd?.[1]}`);
  return words.slice(1, -1);
}

/** Starts dist/src/main.js in production mode on a free port and waits for GET /readyz; stopped at cleanup. */
export async function startServer(root: string, dbUrl: string, owner: Owner, extraEnv: Record<string, string> = {}): Promise<Server> {
  const entry = path.join(root, 'dist', 'src', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} not found: run "npm run build" first (npm run bench does)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET: crypto.randomBytes(20).toString('hex'),
    SECRETS_KEY: crypto.randomBytes(32).toString('hex'),
    // The API alone unless a benchmark asks for the worker too.
    ROLE: 'api',
    DATABASE_URL: dbUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_EMAIL: owner.email,
    ADMIN_PASSWORD: owner.password,
    DATA_DIR: path.join(os.tmpdir(), 'commerce-bench-server'),
    ...extraEnv,
  };
  if (process.env.DB_POOL_MAX) env.DB_POOL_MAX = process.env.DB_POOL_MAX;
  // The flags production runs the API with, then any for the bench alone, e.g.
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = [...productionNodeFlags(root), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
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
  onCleanup('stop API server', async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && exited === undefined; i++) await sleep(100);
    if (exited === undefined) child.kill('SIGKILL');
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server exited with code ${exited} before it was ready:\n${output.join('').slice(-3000)}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return { base, child, output };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the server was not ready within 60 s:\n${output.join('').slice(-3000)}`);
}
