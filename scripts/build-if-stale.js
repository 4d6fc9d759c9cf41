'use strict';
/**
 * `npm start` and `npm run worker` run this instead of `npm run build`: it builds dist/ only
 * when something the build reads changed since the last build it made. The build (swc over
 * every file of the product) costs a second of CPU; telling that nothing changed costs a stat
 * of each of its files.
 *
 * What the build reads is what `npm run build` names (the folders before `-d dist`), plus
 * package.json, .swcrc and the installed swc. Each file's path, size and change times make the
 * fingerprint kept in dist/ after a build; any file added, removed, edited, or put back with an
 * older modification time (its status-change time still moves) makes another. The fingerprint
 * is taken before the build, so an edit made while it runs is built by the next start.
 *
 * Plain JavaScript, as it runs before anything is compiled.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The fingerprint of the last build this script made, inside the build's output. */
const STAMP = '.build-stamp';
/** Files the product cannot start without: a dist/ missing them is built again, stamp or not. */
const ENTRIES = ['src/main.js', 'src/console-serve/console-build.cli.js'];

/** The folders `npm run build` compiles and its output folder, read from package.json. */
function buildLayout(root) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const words = String(pkg.scripts && pkg.scripts.build).split(/\s+/);
  const at = words.indexOf('swc');
  const out = words.indexOf('-d');
  if (at < 0 || out < at) throw new Error('package.json: the build script is not `swc <folders> -d <output> …`');
  return { sources: words.slice(at + 1, out), dist: words[out + 1] };
}

function filesUnder(dir, into) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return into;
    throw err;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, into);
    else into.push(p);
  }
  return into;
}

/** A hash of every input's path, size and change times: equal fingerprints, equal builds. */
function sourceFingerprint(root) {
  const { sources } = buildLayout(root);
  const files = [];
  for (const s of sources) filesUnder(path.join(root, s), files);
  files.push(path.join(root, 'package.json'), path.join(root, '.swcrc'), path.join(root, 'node_modules', '@swc', 'core', 'package.json'));
  files.sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    let line;
    try {
      const st = fs.statSync(f);
      line = `${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
      line = 'missing';
    }
    hash.update(`${path.relative(root, f)}\0${line}\n`);
  }
  return hash.digest('hex');
}

/** True when dist/ was built by this script from the inputs on disk now. */
function buildIsFresh(root, fingerprint = sourceFingerprint(root)) {
  const dist = path.join(root, buildLayout(root).dist);
  if (!ENTRIES.every((e) => fs.existsSync(path.join(dist, e)))) return false;
  try {
    return fs.readFileSync(path.join(dist, STAMP), 'utf8').trim() === fingerprint;
  } catch {
    return false;
  }
}

/** Runs `npm run build` unless dist/ is fresh; returns what it did. Throws when the build fails. */
function buildIfStale(root) {
  const fingerprint = sourceFingerprint(root);
  if (buildIsFresh(root, fingerprint)) return 'fresh';
  const dist = path.join(root, buildLayout(root).dist);
  // A build that fails half way must not leave the previous stamp beside its partial output.
  fs.rmSync(path.join(dist, STAMP), { force: true });
  // Under npm, the npm that runs us (no shell lookup); by hand (or under npx), the one on PATH.
  const npmCli = process.env.npm_execpath;
  const npm = npmCli && path.basename(npmCli) === 'npm-cli.js' ? [process.execPath, npmCli] : ['npm'];
  const run = spawnSync(npm[0], [...npm.slice(1), 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`npm run build failed (exit code ${run.status})`);
  fs.writeFileSync(path.join(dist, STAMP), `${fingerprint}\n`);
  return 'built';
}

module.exports = { sourceFingerprint, buildIsFresh, buildIfStale, STAMP };

if (require.main === module) {
  try {
    buildIfStale(path.resolve(__dirname, '..'));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
