import 'reflect-metadata';
import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../db/database';
import { selectRows } from '../common/sql';
import { toGlobalId } from '../common/ids';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { prepareConnectors } from './registry';
import { RunNotifications } from './run-notifications';
import { scopeRefusal, startSyncRun } from './run-start';
import { RUN_COLUMNS, RunRow } from './sync-run.service';
import { SYNC_SCOPES, SyncScope } from './sync-vocabulary';
import { startWorker, Worker } from './worker';

/**
 * `npm run sync -- --channel <name or key> --scope orders[,stock,...] [--no-worker]`
 *
 * Starts a sync run of a channel from a terminal and shows its progress until it ends. By
 * default this process also works the jobs (a worker of its own beside any others sharing the
 * database); with --no-worker it only enqueues and watches, for when workers are running.
 * It prints the run's global id, the one `syncRun(id:)` takes. Without DATABASE_URL it uses the
 * embedded database of DATA_DIR: the server `npm start` runs there when it is up (it records
 * its address in DATA_DIR), else one of its own.
 * Exit code 0 when the run succeeded, 1 when it ended PARTIAL or FAILED, 2 on bad arguments.
 */

interface Args {
  channel: string;
  scopes: SyncScope[];
  worker: boolean;
}

const USAGE = `usage: npm run sync -- --channel <name or key> --scope <${SYNC_SCOPES.map((s) => s.toLowerCase()).join('|')}>[,...] [--no-worker]`;

function parseArgs(argv: string[]): Args {
  let channel: string | undefined;
  const scopes: SyncScope[] = [];
  let worker = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--channel') channel = value();
    else if (flag === '--scope' || flag === '--scopes') {
      for (const s of (value() ?? '').split(',').map((x) => x.trim().toUpperCase()).filter(Boolean)) {
        if (!(SYNC_SCOPES as string[]).includes(s)) throw new ConfigError(`unknown scope "${s}"\n${USAGE}`);
        scopes.push(s as SyncScope);
      }
    } else if (flag === '--no-worker') worker = false;
    else throw new ConfigError(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  if (!channel) throw new ConfigError(`--channel is required\n${USAGE}`);
  if (!scopes.length) throw new ConfigError(`--scope is required\n${USAGE}`);
  return { channel, scopes, worker };
}

const BAR_WIDTH = 24;

/** One line of progress: a bar of finished jobs, the counts, the status. */
function progressLine(run: RunRow, frame: number): string {
  const total = Math.max(run.jobs_total, 1);
  const done = Math.min(run.jobs_done, total);
  const filled = Math.round((done / total) * BAR_WIDTH);
  const spinner = run.finished_at ? ' ' : '|/-\\'[frame % 4];
  return `${spinner} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] jobs ${done}/${run.jobs_total}  fetched ${run.fetched}  created ${run.created}  updated ${run.updated}  skipped ${run.skipped}  failed ${run.failed}  ${run.status}`;
}

async function main(): Promise<number> {
  let args: Args;
  let config;
  try {
    args = parseArgs(process.argv.slice(2));
    config = loadConfig({ ...process.env, ROLE: 'worker' });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, log, { shareRunning: true });
  let worker: Worker | undefined;
  const notes = new RunNotifications(db.url, log);
  try {
    const em = db.orm.em.fork() as EntityManager;
    await prepareConnectors(config, em);
    const channels = await selectRows<ChannelRow>(em, `select ${CHANNEL_COLUMNS} from channel c where c.key = ? or lower(c.name) = lower(?)`, [args.channel, args.channel]);
    if (channels.length !== 1) {
      const all = await selectRows<{ key: string; name: string; kind: string }>(em, 'select key, name, kind from channel order by name');
      console.error(channels.length ? `"${args.channel}" names several channels; use the key` : `No channel is called "${args.channel}".`);
      console.error(all.length ? `Channels: ${all.map((c) => `${c.name} (key ${c.key}, ${c.kind})`).join('; ')}` : 'There are no channels yet (createChannel).');
      return 2;
    }
    const channel = channels[0];
    if (channel.status !== 'ACTIVE') {
      console.error(`Channel ${channel.name} is ${channel.status}${channel.last_error ? `: ${channel.last_error}` : ''}`);
      return 1;
    }
    for (const s of args.scopes) {
      const why = scopeRefusal(channel, s);
      if (why) {
        console.error(`${s}: ${why}`);
        return 2;
      }
    }
    // Subscribe before the run exists, so no change is missed.
    let latest: RunRow | undefined;
    let runId: string | undefined;
    let wake: (() => void) | undefined;
    await notes.subscribe((n) => n.id === runId && wake?.());
    runId = await em.transactional((tx) => startSyncRun(tx as EntityManager, channel, args.scopes, 'CLI', `cli:${os.userInfo().username}`));
    const globalId = toGlobalId('SyncRun', runId);
    console.log(`Sync run ${globalId} of ${channel.name}: ${args.scopes.join(', ')}`);
    console.log(`  follow it in the API with { syncRun(id: "${globalId}") { status counts { fetched created updated skipped failed } } }`);
    if (args.worker) worker = await startWorker(config, db, log);

    const tty = process.stdout.isTTY;
    for (let frame = 0; ; frame++) {
      [latest] = await selectRows<RunRow>(db.orm.em.fork() as EntityManager, `select ${RUN_COLUMNS} from sync_run r where r.id = ?`, [runId]);
      if (tty) process.stdout.write(`\r${progressLine(latest, frame)}\u001b[K`);
      else if (frame % 10 === 0 || latest.finished_at) console.log(progressLine(latest, frame));
      if (latest.finished_at) break;
      // Woken by the run's NOTIFY, or every half second for the spinner.
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 500);
      });
    }
    if (tty) process.stdout.write('\n');
    const errors = await selectRows<{ kind: string; code: string; message: string; external_id: string | null }>(
      db.orm.em.fork() as EntityManager,
      'select kind, code, message, external_id from sync_error where run_id = ? order by created_at limit 20',
      [runId],
    );
    for (const e of errors) console.log(`  ${e.kind} ${e.code}${e.external_id ? ` [${e.external_id}]` : ''}: ${e.message}`);
    console.log(`Sync run ${globalId} ${latest.status}`);
    return latest.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await worker?.stop();
    await notes.close();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
