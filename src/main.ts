import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startApp, startWorkerApp } from './app';

/** Bootstrap only: config -> database -> schema -> server -> listen. */
async function main(): Promise<void> {
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
  if (config.role === 'worker') {
    const workerApp = await startWorkerApp(config, log);
    log.info('sync worker ready');
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down: finishing running jobs');
      workerApp.stop().then(() => process.exit(0), (err) => (log.error({ err }, 'shutdown failed'), process.exit(1)));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return;
  }
  const app = await startApp(config, log);
  log.info({ url: app.server.url }, 'API ready');
  if (app.demoLogins?.length) {
    // Printed once, on the start that loaded the demo data.
    const lines = app.demoLogins.map((l) => `  ${l.roleKey.padEnd(17)} ${l.email}  /  ${l.password}`);
    const ownerPassword = config.production ? '(ADMIN_PASSWORD)' : config.adminPassword;
    console.log(`\nDemo shop loaded. Sign in at ${app.server.url} with any of:\n  ${'owner'.padEnd(17)} ${config.adminEmail}  /  ${ownerPassword}\n${lines.join('\n')}\n`);
  }
  for (const c of app.simulators?.channels ?? []) {
    console.log(`Simulated marketplace: channel ${c.name} (${c.key}) at ${c.baseUrl}; control ${c.controlUrl}/__sim/`);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    app
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
