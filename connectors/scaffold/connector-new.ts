import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run connector:new -- <name> [--into <connectors folder>]`: creates connectors/<name>/, a
 * small but working connector for a fictional REST marketplace called <name> (bearer tokens with
 * a refresh endpoint, listings, stock and price batches, orders paged by update time, shipments),
 * with its simulator and a conformance test that passes as generated. It is the starting point
 * for a real marketplace: replace the wire, keep the shape and the tests green.
 *
 * The templates are the files under template/ (`*.tpl`, so neither tsc, swc nor jest takes them
 * for code); `__NAME__`, `__Name__` and `__KIND__` become e.g. `shopee`, `Shopee` and `SHOPEE`.
 */

/** A connector's folder name: lower-case letters and digits, starting with a letter. */
export const NAME_FORMAT = /^[a-z][a-z0-9]{1,31}$/;

/** Folder names under connectors/ that are not marketplaces. */
const RESERVED = new Set(['sdk', 'scaffold', 'testkit', 'simulator', 'fixtures', 'template', 'node_modules']);

const TEMPLATE_SUFFIX = '.tpl';

export interface ScaffoldOptions {
  /** The folder the connector goes into, which must hold the SDK as `sdk/`; default the repository's connectors/. */
  into?: string;
}

export interface ScaffoldResult {
  dir: string;
  files: string[];
  nextSteps: string;
}

/** The repository root: the nearest folder above this file with a package.json (works from dist/ too). */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

export const templateDir = (): string => path.join(repoRoot(), 'connectors', 'scaffold', 'template');

/** The three spellings of a name the templates use. */
export function spellings(name: string): Record<'__NAME__' | '__Name__' | '__KIND__', string> {
  return { __NAME__: name, __Name__: name[0].toUpperCase() + name.slice(1), __KIND__: name.toUpperCase() };
}

export function substitute(text: string, name: string): string {
  let out = text;
  for (const [placeholder, value] of Object.entries(spellings(name))) out = out.split(placeholder).join(value);
  return out;
}

function templateFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(path.join(dir, entry.name), rel));
    else if (entry.name.endsWith(TEMPLATE_SUFFIX)) out.push(rel);
  }
  return out;
}

/** Channel kinds the connectors already there serve (their `kinds: [...]`). */
function kindsInUse(connectorsDir: string): Map<string, string> {
  const used = new Map<string, string>();
  for (const entry of fs.readdirSync(connectorsDir, { withFileTypes: true })) {
    const index = path.join(connectorsDir, entry.name, 'index.ts');
    if (!entry.isDirectory() || !fs.existsSync(index)) continue;
    const m = /\bkinds:\s*\[([^\]]*)\]/.exec(fs.readFileSync(index, 'utf8'));
    for (const k of m?.[1].match(/[A-Z][A-Z0-9_]*/g) ?? []) used.set(k, entry.name);
  }
  return used;
}

/** Why `name` cannot be scaffolded into `connectorsDir`, or null when it can. */
export function refusal(name: string, connectorsDir: string): string | null {
  if (!NAME_FORMAT.test(name)) return `"${name}" is not a connector name: 2-32 lower-case letters and digits, starting with a letter (e.g. shopee)`;
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  if (!fs.existsSync(path.join(connectorsDir, 'sdk', 'types.ts'))) return `${connectorsDir} has no sdk/ (the connector imports ../sdk)`;
  if (fs.existsSync(path.join(connectorsDir, name))) return `${path.join(connectorsDir, name)} already exists`;
  const owner = kindsInUse(connectorsDir).get(name.toUpperCase());
  if (owner) return `the channel kind ${name.toUpperCase()} is already served by connectors/${owner}`;
  return null;
}

export function nextSteps(name: string, dir: string, installed: boolean): string {
  const { __Name__: Name, __KIND__: KIND } = spellings(name);
  const relative = path.relative(process.cwd(), dir);
  const rel = relative && !relative.startsWith('..') ? relative : dir;
  const install = installed
    ? `It is installed as it is: every folder of connectors/ that exports a connector module is one,
so the channel kind ${KIND} is there the next time the API starts (no edit under src/, no migration).`
    : `It is outside the repository's connectors/: install it by naming its folder in CONNECTORS,
e.g. CONNECTORS=${dir} npm start (a package name works too, once published).`;
  return `Created ${rel}/ — a ${Name} connector for a fictional REST marketplace, with its simulator.
${install}

Next:
  1. Its conformance and unit tests pass as generated (npm test runs them):
       npx jest ${rel}
  2. Try it end to end: \`npm run sim -- ${name}\` starts its simulator and prints the base URL and
     the credentials JSON; with the API running, createChannel with kind ${KIND}, that baseUrl and
     those credentials, then \`npm run sync -- --channel <its key> --scope orders\`.
  3. Make it real: the marketplace's wire in client.ts (its token call too: the engine keeps
     the tokens, see \`auth\` in index.ts), its error shapes in errors.ts (and what staff read
     for each refusal in \`refusals\`, index.ts), its JSON in mapping.ts and fixtures/, its
     settings and marketplaces in index.ts, its push messages in notifications.ts, and the same
     wire in simulator/; keep the tests green. See connectors/README.md, "Your own in an
     afternoon".`;
}

/** Writes connectors/<name>/ from the templates; throws with the reason when it may not. */
export function scaffoldConnector(name: string, options: ScaffoldOptions = {}): ScaffoldResult {
  const connectorsDir = path.resolve(options.into ?? path.join(repoRoot(), 'connectors'));
  const why = refusal(name, connectorsDir);
  if (why) throw new Error(why);
  const source = templateDir();
  const dir = path.join(connectorsDir, name);
  const files: string[] = [];
  try {
    for (const rel of templateFiles(source)) {
      const target = path.join(dir, rel.slice(0, -TEMPLATE_SUFFIX.length));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, substitute(fs.readFileSync(path.join(source, rel), 'utf8'), name), { flag: 'wx' });
      files.push(path.relative(connectorsDir, target));
    }
  } catch (e) {
    // Half a connector is worse than none: the next attempt would be refused as "already exists".
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const installed = path.resolve(connectorsDir) === path.resolve(repoRoot(), 'connectors');
  return { dir, files, nextSteps: nextSteps(name, dir, installed) };
}

const USAGE = 'usage: npm run connector:new -- <name> [--into <connectors folder>]   (name: lower-case letters and digits, e.g. shopee)';

function parseArgs(argv: string[]): { name: string; into?: string } {
  let name: string | undefined;
  let into: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--into' && argv[i + 1]) into = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') throw new Error(USAGE);
    else if (!name && !argv[i].startsWith('-')) name = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}\n${USAGE}`);
  }
  if (!name) throw new Error(USAGE);
  return { name, into };
}

if (require.main === module) {
  try {
    const { name, into } = parseArgs(process.argv.slice(2));
    const result = scaffoldConnector(name, { into });
    for (const f of result.files) console.log(`  + ${f}`);
    console.log(`\n${result.nextSteps}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
