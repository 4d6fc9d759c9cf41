import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDatabase } from '../src/db/database';
import { freePort } from '../src/db/embedded-postgres';
import { parseFlags } from './support/args';
import { onCleanup, runMain } from './support/cleanups';
import { repoRoot } from './support/paths';
import { withClient } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { median, round } from './support/stats';
import { printTable } from './support/table';
import { bareNodeMs, commandsBeforeNode, npmStart, StartRun, timeCommand } from './startup/npm-start';

/**
 * Start-up benchmark: `npm start` on an existing data folder, to ready. For each way of starting
 * (the embedded PostgreSQL; `SIMULATORS=1 npm start`, the README's demo; and, when DATABASE_URL
 * is set, a fresh database on that server), one first start prepares a data folder in a
 * temporary directory (DATA_DIR: the cluster, the demo data, the development secrets) and is
 * stopped; then `--runs` starts of exactly what `npm start` runs are measured from the spawn of
 * npm to the first 200 from GET /readyz and to the 'API ready' line, each stopped with SIGTERM
 * to npm (the embedded PostgreSQL must be gone after it). Phases: before the API's node process
 * (npm, and each command the start script runs first, timed again alone in the same state),
 * then the steps the process reports (its 'API ready' line's `startup`: boot, module load,
 * embedded PostgreSQL, ORM, migrations check, built-ins (connectors, roles, first owner), demo
 * data check, schema, server (Apollo, routes, listen), simulators, worker) and its CPU. The
 * floor is a bare node process answering 200, measured between the starts. Prints median and
 * max; writes bench/results/startup-latest.json.
 *
 *   npm run bench -- startup --runs 5
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- startup
 *
 * `--busy N` keeps N processes spinning on the CPU while the starts are measured (not during the
 * first start), for figures on a machine busy with other work that the next run can repeat.
 *
 * BENCH_STARTUP_ROOT names another checkout to start instead of this one (an older commit
 * unpacked beside, with node_modules linked), for a before and after on the same machine.
 */

interface Options {
  runs: number;
  /** Processes spinning on the CPU while the starts are measured: a machine busy with other work. */
  busy: number;
}

const DEFAULTS: Options = { runs: 5, busy: 0 };

interface Variant {
  name: string;
  env: Record<string, string>;
}

interface VariantResult {
  name: string;
  first: StartRun;
  runs: StartRun[];
  /** Per run, milliseconds of each command the start script runs before node, run alone. */
  commands: { command: string; ms: number[] }[];
  floorMs: number[];
}

/** `n` processes spinning on the CPU until stopped (also at cleanup). */
function startSpinners(n: number): ChildProcess[] {
  const spinners = Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  onCleanup('stop the spinning processes', () => stopSpinners(spinners));
  return spinners;
}

async function stopSpinners(spinners: ChildProcess[]): Promise<void> {
  await Promise.all(
    spinners.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise<void>((resolve) => (c.once('exit', () => resolve()), c.kill('SIGKILL'))))),
  );
}

/** The environment of a start: a developer's shell, nothing of this benchmark's npm. */
function startEnv(dataDir: string, port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra };
}

async function runVariant(root: string, variant: Variant, opts: Options): Promise<VariantResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-startup-'));
  onCleanup('remove the data folder', async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const env = startEnv(dataDir, port, variant.env);
  log(`${variant.name}: first start in ${dataDir}`);
  const first = await npmStart(root, env, dataDir);
  if (!first.loadedDemoData) throw new Error(`${variant.name}: the first start did not load the demo data`);
  log(`${variant.name}: first start ready in ${(first.readyMs / 1000).toFixed(1)} s (demo data loaded), stopped in ${(first.stopMs / 1000).toFixed(1)} s`);
  const commands = commandsBeforeNode(root).map((command) => ({ command, ms: [] as number[] }));
  const runs: StartRun[] = [];
  const floorMs: number[] = [];
  const spinners = startSpinners(opts.busy);
  try {
    for (let i = 0; i < opts.runs; i++) {
      const run = await npmStart(root, env, dataDir);
      if (run.loadedDemoData) throw new Error(`${variant.name}: start ${i + 1} loaded the demo data again`);
      runs.push(run);
      for (const c of commands) c.ms.push(timeCommand(root, c.command, env));
      floorMs.push(await bareNodeMs(String(port)));
      log(`${variant.name}: start ${i + 1}/${opts.runs}: /readyz 200 after ${(run.readyMs / 1000).toFixed(2)} s, 'API ready' after ${(run.apiReadyMs / 1000).toFixed(2)} s (load average ${os.loadavg()[0].toFixed(2)})`);
    }
  } finally {
    await stopSpinners(spinners);
  }
  return { name: variant.name, first, runs, commands, floorMs };
}

type Stat = { medianMs: number; maxMs: number };
const stat = (values: number[]): Stat | null => {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length ? { medianMs: round(median(v), 0), maxMs: round(Math.max(...v), 0) } : null;
};

/** Rows of the summary: a name and the figures it stands for, per run. */
function summaryRows(r: VariantResult): { name: string; values: number[] }[] {
  const rows: { name: string; values: number[] }[] = [
    { name: 'spawn of npm start → GET /readyz 200', values: r.runs.map((x) => x.readyMs) },
    { name: "spawn of npm start → 'API ready'", values: r.runs.map((x) => x.apiReadyMs) },
    { name: 'before the API process (npm + commands)', values: r.runs.map((x) => x.beforeNodeMs) },
  ];
  for (const c of r.commands) rows.push({ name: `  ${c.command} (alone)`, values: c.ms });
  rows.push({ name: '  npm itself (the rest)', values: r.runs.map((x, i) => x.beforeNodeMs - r.commands.reduce((sum, c) => sum + c.ms[i], 0)) });
  rows.push({ name: 'API process start → /readyz 200', values: r.runs.map((x) => x.readyMs - x.beforeNodeMs) });
  const steps = [...new Set(r.runs.flatMap((x) => Object.keys(x.steps)))].filter((s) => s !== 'cpu');
  for (const s of steps) rows.push({ name: s === 'total' ? "  total (process start → 'API ready')" : `  ${s}`, values: r.runs.map((x) => x.steps[s] ?? NaN) });
  rows.push({ name: "  CPU of the API process to 'API ready'", values: r.runs.map((x) => x.steps.cpu ?? NaN) });
  rows.push({ name: 'stop (SIGTERM to npm → exited)', values: r.runs.map((x) => x.stopMs) });
  rows.push({ name: 'floor: bare node process → 200', values: r.floorMs });
  return rows;
}

function printVariant(r: VariantResult): void {
  const rows = summaryRows(r);
  const ms = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(0));
  printTable(
    [`${r.name} (${r.runs.length} starts)`, 'median ms', 'max ms'],
    rows.map((row) => {
      const s = stat(row.values);
      return [row.name, ms(s?.medianMs), ms(s?.maxMs)];
    }),
  );
  const ready = median(r.runs.map((x) => x.readyMs));
  console.log(`ready: ${(ready / 1000).toFixed(2)} s median, ${(Math.max(...r.runs.map((x) => x.readyMs)) / 1000).toFixed(2)} s max; ${(ready / median(r.floorMs)).toFixed(1)}× the floor`);
}

/** Runs the start-up benchmark with the given flags (see the comment at the top). */
export async function startupBench(argv: string[]): Promise<void> {
  const opts = parseFlags(argv, DEFAULTS);
  const root = process.env.BENCH_STARTUP_ROOT ? path.resolve(process.env.BENCH_STARTUP_ROOT) : repoRoot();
  if (root !== repoRoot()) log(`starting ${root}`);
  const variants: Variant[] = [
    { name: 'npm start', env: {} },
    // The README's demo command; each simulator on a free port, so ports in use do not matter.
    { name: 'SIMULATORS=1 npm start', env: { SIMULATORS: '1', SIMULATOR_PORT: '0' } },
  ];
  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    const name = `bench_startup_${Date.now()}`;
    await withClient(server, (c) => c.query(`create database "${name}"`));
    onCleanup(`drop database ${name}`, () => withClient(server, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined));
    variants.push({ name: 'DATABASE_URL npm start', env: { DATABASE_URL: withDatabase(server, name) } });
  } else {
    log('DATABASE_URL is unset: the embedded PostgreSQL only');
  }

  const results: VariantResult[] = [];
  for (const v of variants) results.push(await runVariant(root, v, opts));

  for (const r of results) {
    console.log('');
    printVariant(r);
  }
  console.log('');
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  const report = {
    ...reportHeader(process.env.DATABASE_URL ? 'embedded and DATABASE_URL' : 'embedded', opts),
    root,
    variants: results.map((r) => ({
      name: r.name,
      summary: Object.fromEntries(summaryRows(r).map((row) => [row.name.trim(), stat(row.values)])),
      floorRatio: round(median(r.runs.map((x) => x.readyMs)) / median(r.floorMs), 2),
      first: { readyMs: round(r.first.readyMs, 0), apiReadyMs: round(r.first.apiReadyMs, 0), steps: r.first.steps },
      runs: r.runs.map((x) => ({ readyMs: round(x.readyMs, 0), apiReadyMs: round(x.apiReadyMs, 0), beforeNodeMs: round(x.beforeNodeMs, 0), stopMs: round(x.stopMs, 0), steps: x.steps })),
    })),
  };
  const outFile = writeResults(repoRoot(), 'startup-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);
}

if (require.main === module) runMain(() => startupBench(process.argv.slice(2)));
