import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { consoleDist, consoleRoot } from './console-files';

/**
 * Builds the operations console (Vite) when console/dist is missing or was built from other
 * sources than those on disk: `npm start` and the browser tests call this, so a fresh clone
 * serves the console after `npm ci && npm start` and an edited one serves what was edited. The
 * sources' hash is kept beside the build.
 */

const STAMP = '.source-hash';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** A hash of everything the build reads from console/ (its sources, page, config). */
export function consoleSourceHash(root = consoleRoot()): string {
  const files = [path.join(root, 'index.html'), path.join(root, 'vite.config.ts'), ...filesUnder(path.join(root, 'src'))].filter((f) => fs.existsSync(f)).sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex');
}

export type BuildOutcome = 'fresh' | 'built' | 'no-bundler';

/** Builds unless the build on disk is of these sources (or `force`); `log` hears what it does. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined, opts: { force?: boolean } = {}): Promise<BuildOutcome> {
  const root = consoleRoot();
  const dist = consoleDist(root);
  const hash = consoleSourceHash(root);
  const stamp = path.join(dist, STAMP);
  const fresh = fs.existsSync(path.join(dist, 'index.html')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash;
  if (fresh && !opts.force) return 'fresh';
  let vite: string;
  try {
    vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [path.dirname(root)] })), 'bin', 'vite.js');
  } catch {
    // Production images install production dependencies only: they ship a console built beforehand, or none.
    log('the console is not built and Vite is not installed (devDependencies): /console will say so');
    return 'no-bundler';
  }
  log('building the operations console (console/ → console/dist)…');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: path.dirname(root), stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the console build failed (vite exited with ${code})`))));
  });
  fs.writeFileSync(stamp, `${hash}\n`);
  log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}
