import { ensureConsoleBuilt } from './console-build';

/**
 * `npm start` runs this before the server: builds the console when missing or stale.
 * `npm run console:build` runs it with --force.
 */
ensureConsoleBuilt((line) => console.log(line), { force: process.argv.includes('--force') }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
