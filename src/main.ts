import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { StartupTiming } from './common/startup-timing';

/** A stop that has not finished by then is given up (exit 1): something is stuck. */
const STOP_DEADLINE_MS = 60_000;

/** Bootstrap only: config -> database -> schema -> server -> listen. */
async function main(): Promise<void> {
  // From the process's start (Node's own start-up and this file's imports) to here.
  const timing = new StartupTiming();
  timing.record('boot', performance.now());
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);

  // SIGTERM (docker stop, Kubernetes) and Ctrl-C stop the product in order: new requests refused,
  // those in flight and running jobs finished, the pool closed, then the embedded PostgreSQL.
  // The handlers go in before anything starts, so a stop during start-up is as orderly.
  const stopRequest = new AbortController();
  let running: { stop(): Promise<void> } | undefined;
  const stopNow = (what: { stop(): Promise<void> }) => {
    setTimeout(() => {
      log.error({ ms: STOP_DEADLINE_MS }, 'the stop did not finish in time; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    what.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'the stop failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C under `npm start` arrives twice (the terminal's, and npm's copy of it): one stop.
    if (stopRequest.signal.aborted) return;
    stopRequest.abort();
    const doing = config.role === 'worker' ? 'finishing running jobs' : 'refusing new requests, finishing those in flight';
    log.info({ signal }, `stopping on ${signal}: ${doing}`);
    if (running) stopNow(running);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  // Loaded once the handlers are in: loading the whole product takes a moment.
  const [{ startApp, startWorkerApp }, { StopRequested }] = await timing.time('load', () => Promise.all([import('./app'), import('./db/database')]));
  const stopSignal = stopRequest.signal;
  try {
    if (config.role === 'worker') {
      const workerApp = await startWorkerApp(config, log, { stopSignal, timing });
      running = workerApp;
      if (stopSignal.aborted) return stopNow(workerApp);
      log.info({ startup: timing.summary() }, 'sync worker ready');
      return;
    }
    const app = await startApp(config, log, { stopSignal, timing });
    running = app;
    if (stopSignal.aborted) return stopNow(app);
    const consoleUrl = app.server.url.replace(/\/graphql$/, '/console/');
    log.info({ url: app.server.url, console: consoleUrl, startup: timing.summary() }, 'API ready');
    if (app.demoLogins?.length) {
      // Printed once, on the start that loaded the demo data.
      const lines = app.demoLogins.map((l) => `  ${l.roleKey.padEnd(17)} ${l.email}  /  ${l.password}${l.channelKeys?.length ? `  (channel ${l.channelKeys.join(', ')} only)` : ''}`);
      const ownerPassword = config.production ? '(ADMIN_PASSWORD)' : config.adminPassword;
      console.log(`\nDemo shop loaded. Sign in to the operations console at ${consoleUrl} (or the API at ${app.server.url}) with any of:\n  ${'owner'.padEnd(17)} ${config.adminEmail}  /  ${ownerPassword}\n${lines.join('\n')}\n`);
    }
    for (const c of app.simulators?.channels ?? []) {
      const login = c.login ? `; its overseas sales login ${c.login.email} / ${c.login.password}` : '';
      console.log(`Simulated marketplace: channel ${c.name} (${c.key}) at ${c.baseUrl}; control ${c.controlUrl}/__sim/${login}`);
    }
  } catch (err) {
    // Start-up stopped on request and undid what it had started: the stop line said it all.
    if (err instanceof StopRequested) process.exit(0);
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
