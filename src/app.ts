import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config, ConfigError } from './config';
import { checkStop, Database, openDatabase } from './db/database';
import { AppServer, startServer } from './server';
import { ensureOwner, syncBuiltInRoles } from './staff/staff.bootstrap';
import { DemoLogin, seedDemoData } from './db/seed/seed-demo';
import { startWorker, Worker } from './sync/worker';
import { DemoSimulators, startDemoSimulators } from './sync/demo-simulators';
import { pauseDemoChannelsWithoutSimulators } from './sync/demo-channels';
import { prepareConnectors } from './sync/registry';
import { closeTokenHubs } from './sync/auth-tokens';
import { StepTimer, UNTIMED } from './common/startup-timing';

/** A started product: database, HTTP server, and how to stop both in order. */
export interface App {
  config: Config;
  db: Database;
  server: AppServer;
  /** The sync worker, when this process runs one (ROLE=all). */
  worker?: Worker;
  /** The demo simulators and their channels (SIMULATORS=1). */
  simulators?: DemoSimulators;
  /**
   * Demo logins, when this start loaded the demo data: one per built-in role, and with the
   * simulators one overseas sales person per overseas channel (limited to it: `channelKeys`).
   */
  demoLogins?: DemoLogin[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Aborted when the process is asked to stop (SIGTERM, Ctrl-C) while it starts: start-up ends
   * after the step under way, undoes what it did and throws StopRequested (db/database.ts). A
   * caller that passes it handles those signals itself (main.ts).
   */
  stopSignal?: AbortSignal;
  /** Hears how long each step took (the figures of the 'API ready' line). */
  timing?: StepTimer;
}

/**
 * Stops the parts of a product in order: the HTTP server (refusing new requests, finishing those
 * in flight) and the worker (finishing its jobs) side by side, then what they used, the pool and
 * last the embedded PostgreSQL; so no connection is open when the server goes down.
 */
async function stopInOrder(parts: { server?: AppServer; worker?: Worker; simulators?: DemoSimulators; db: Database }): Promise<void> {
  const first = await Promise.allSettled([parts.server?.stop(), parts.worker?.stop()]);
  const rest = await Promise.allSettled([
    (async () => {
      await parts.simulators?.stop();
      await closeTokenHubs();
      await parts.db.close();
    })(),
  ]);
  const failed = [...first, ...rest].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Opens the database, prepares built-in data, and starts serving. */
export async function startApp(config: Config, log: Logger, options: StartOptions = {}): Promise<App> {
  // The demo accounts, an owner among them, share the password printed in the README.
  if (config.production && config.demoData) {
    throw new ConfigError('DEMO_DATA cannot be used with NODE_ENV=production: the demo accounts (an owner among them) have the password printed in the README');
  }
  const { stopSignal } = options;
  const timing = options.timing ?? UNTIMED;
  const db = await openDatabase(config, log, { stopSignal, timing });
  try {
    checkStop(stopSignal);
    const em = db.orm.em.fork() as EntityManager;
    // The built-ins every start checks: installed connectors, built-in roles, the first owner.
    await timing.time('built-ins', async () => {
      // Before the schema is built: the installed connectors make the ChannelKind enum.
      await prepareConnectors(config, em);
      await syncBuiltInRoles(em);
      // The password itself is never logged, nor put in the error that stops a start without one.
      if (await ensureOwner(em, config.adminEmail, config.adminPassword, { production: config.production })) {
        log.info({ email: config.adminEmail }, 'created the first owner account from ADMIN_EMAIL and ADMIN_PASSWORD');
      }
    });
    checkStop(stopSignal);
    const demoLogins = await timing.time('demo data', async () => {
      const logins = config.demoData ? await seedDemoData(em, log, config) : undefined;
      // Demo channels an earlier start connected to its simulators: nothing answers there now.
      const paused = await pauseDemoChannelsWithoutSimulators(em, config);
      if (paused.length) log.info({ channels: paused }, 'demo channels paused: no simulators run (SIMULATORS=1 connects them)');
      return logins;
    });
    checkStop(stopSignal);
    const server = await startServer(config, db, log, timing);
    let worker: Worker | undefined;
    let simulators: DemoSimulators | undefined;
    try {
      if (config.simulators) simulators = await timing.time('simulators', () => startDemoSimulators(config, db, log));
      if (config.role === 'all') worker = await timing.time('worker', () => startWorker(config, db, log));
      checkStop(stopSignal);
    } catch (err) {
      await Promise.allSettled([server.stop(), worker?.stop()]);
      await simulators?.stop();
      await closeTokenHubs();
      throw err;
    }
    let stopping: Promise<void> | undefined;
    return {
      config,
      db,
      server,
      worker,
      simulators,
      demoLogins: demoLogins && [...demoLogins, ...(simulators?.logins ?? [])],
      stop: () => (stopping ??= stopInOrder({ server, worker, simulators, db })),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** A worker-only process (ROLE=worker): the database and the sync worker, no HTTP API. */
export interface WorkerApp {
  config: Config;
  db: Database;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorkerApp(config: Config, log: Logger, options: StartOptions = {}): Promise<WorkerApp> {
  const { stopSignal } = options;
  const timing = options.timing ?? UNTIMED;
  const db = await openDatabase(config, log, { stopSignal, timing });
  let worker: Worker | undefined;
  try {
    checkStop(stopSignal);
    await timing.time('connectors', () => prepareConnectors(config, db.orm.em.fork() as EntityManager));
    worker = await timing.time('worker', () => startWorker(config, db, log));
    checkStop(stopSignal);
  } catch (err) {
    await worker?.stop();
    await closeTokenHubs();
    await db.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    config,
    db,
    worker,
    stop: () => (stopping ??= stopInOrder({ worker, db })),
  };
}
