import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onCleanup } from '../support/cleanups';
import { sleep } from '../support/paths';

/** How often the benchmark asks GET /readyz while a start is under way. */
const POLL_MS = 10;
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

/** One `npm start`, from the spawn of npm to its readiness and its stop. */
export interface StartRun {
  /** Spawn of `npm start` to the first 200 from GET /readyz. */
  readyMs: number;
  /** Spawn to the 'API ready' line (the worker and the simulators started too). */
  apiReadyMs: number;
  /** Spawn to the start of the API's node process: npm, and the commands the start script runs before it. */
  beforeNodeMs: number;
  /** Milliseconds per start-up step inside the process, `total` and `cpu` (the 'API ready' line's `startup`), when it logs them. */
  steps: Record<string, number>;
  /** SIGTERM to npm until npm exited (the server and the embedded PostgreSQL stopped). */
  stopMs: number;
  /** The line the start printed when it loaded the demo data (a first start). */
  loadedDemoData: boolean;
}

/** A started process's output, line by line, and its end. */
interface Watched {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  hasExited(): boolean;
}

function watch(child: ChildProcess): Watched {
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
    });
  }
  let done = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => ((done = true), resolve(code))));
  return { child, lines, exited, hasExited: () => done };
}

/** The parsed 'API ready' line, when printed. */
function apiReadyLine(lines: string[]): { time: number; startup?: Record<string, number> } | undefined {
  for (const l of lines) {
    if (!l.includes('"API ready"')) continue;
    try {
      return JSON.parse(l) as { time: number; startup?: Record<string, number> };
    } catch {
      // not pino's line
    }
  }
  return undefined;
}

async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Sends SIGTERM and waits for the exit; SIGKILL (and an error) when it does not come. */
async function stop(p: Watched, what: string): Promise<number> {
  const started = performance.now();
  if (!p.hasExited()) p.child.kill('SIGTERM');
  const code = await Promise.race([p.exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    p.child.kill('SIGKILL');
    throw new Error(`${what} did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM:\n${p.lines.join('\n').slice(-3000)}`);
  }
  if (code !== 0) throw new Error(`${what} exited with code ${code} on SIGTERM:\n${p.lines.join('\n').slice(-3000)}`);
  return performance.now() - started;
}

/** The embedded server of `dataDir` stopped with the product: no postmaster.pid, no owner. */
function checkEmbeddedStopped(dataDir: string): void {
  const left = [path.join(dataDir, 'pg', 'postmaster.pid'), path.join(dataDir, 'embedded-postgres.owner')].filter((f) => fs.existsSync(f));
  if (left.length) throw new Error(`the stop left the embedded PostgreSQL behind: ${left.join(', ')}`);
}

/**
 * Runs `npm start` in `root` with `env` (PORT among it), measures it to the first 200 from
 * GET /readyz and to its 'API ready' line, then stops it with SIGTERM to npm (as a terminal or a
 * process manager does) and checks that the embedded PostgreSQL stopped with it.
 */
export async function npmStart(root: string, env: NodeJS.ProcessEnv, dataDir: string): Promise<StartRun> {
  const readyz = `http://127.0.0.1:${env.PORT}/readyz`;
  const spawnedAt = Date.now();
  const t0 = performance.now();
  const p = watch(spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stopped = false;
  onCleanup('stop npm start', async () => {
    if (!stopped && !p.hasExited()) await stop(p, 'npm start').catch(() => p.child.kill('SIGKILL'));
  });
  let readyMs: number | undefined;
  let line: ReturnType<typeof apiReadyLine>;
  while (readyMs === undefined || line === undefined) {
    if (p.hasExited()) throw new Error(`npm start exited before it was ready:\n${p.lines.join('\n').slice(-3000)}`);
    if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`npm start was not ready within ${START_TIMEOUT_MS / 1000} s:\n${p.lines.join('\n').slice(-3000)}`);
    line ??= apiReadyLine(p.lines);
    if (readyMs === undefined && (await answers200(readyz))) readyMs = performance.now() - t0;
    else await sleep(POLL_MS);
  }
  // pino's time is the wall clock, as spawnedAt.
  const apiReadyMs = line.time - spawnedAt;
  const steps = line.startup ?? {};
  // The process's start, as it tells it: the line's time less the milliseconds since it started.
  const beforeNodeMs = steps.total !== undefined ? line.time - steps.total - spawnedAt : NaN;
  const loadedDemoData = p.lines.some((l) => l.includes('"demo data loaded"'));
  const stopMs = await stop(p, 'npm start');
  stopped = true;
  if (!env.DATABASE_URL) checkEmbeddedStopped(dataDir);
  return { readyMs, apiReadyMs, beforeNodeMs, steps, stopMs, loadedDemoData };
}

/** The commands `npm start` runs before the API's node process (its script's `&&` steps but the last). */
export function commandsBeforeNode(root: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split('&&').map((c) => c.trim()).slice(0, -1);
}

/** Milliseconds one command takes through /bin/sh in `root` (as npm runs it); throws when it fails. */
export function timeCommand(root: string, command: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync('/bin/sh', ['-c', command], { cwd: root, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}): ${run.stderr}${run.stdout}`);
  return performance.now() - started;
}

/**
 * The floor: a bare node process answering 200 on `port`, from its spawn to its first 200
 * (the same polling), so a busy machine shows in the floor as in the start.
 */
export async function bareNodeMs(port: string): Promise<number> {
  const t0 = performance.now();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${Number(port)}, '127.0.0.1')`;
  const p = watch(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
  try {
    for (;;) {
      if (p.hasExited()) throw new Error(`the bare node server exited:\n${p.lines.join('\n')}`);
      if (await answers200(`http://127.0.0.1:${port}/`)) return performance.now() - t0;
      await sleep(POLL_MS);
    }
  } finally {
    p.child.kill('SIGKILL');
    await p.exited;
  }
}
