import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` skips the build when nothing it reads changed (scripts/build-if-stale.js). Each
 * case below is a change after which a skipped build would run stale code; each must build.
 * The project is a folder of its own whose build writes dist/ and counts its runs.
 */

interface BuildIfStale {
  buildIsFresh(root: string): boolean;
  buildIfStale(root: string): 'fresh' | 'built';
  STAMP: string;
}
// Plain JavaScript (it runs before anything is compiled): required, typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIsFresh, buildIfStale, STAMP } = require('../scripts/build-if-stale.js') as BuildIfStale;

const ROOT = path.resolve(__dirname, '..');
const BUILD = `node -e "const fs=require('fs');for(const f of ['src/main.js','src/console-serve/console-build.cli.js'])fs.mkdirSync('out/'+require('path').dirname(f),{recursive:true}),fs.writeFileSync('out/'+f,'');fs.appendFileSync('builds.log','x')"`;

const OLD_TIME = new Date('2020-01-01T00:00:00Z');
let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const builds = () => (fs.existsSync(path.join(root, 'builds.log')) ? fs.readFileSync(path.join(root, 'builds.log'), 'utf8').length : 0);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  // The folders before `-d` are what the build reads; `out` is where it writes (after `-d`).
  write('package.json', JSON.stringify({ name: 'x', scripts: { build: `${BUILD} && true swc src connectors -d out --copy-files` } }));
  write('.swcrc', '{}');
  write('src/a.ts', 'export const a = 1;\n');
  write('src/deep/b.ts', 'export const b = 1;\n');
  write('connectors/c.json', '{}');
  // A whole second, which a file's modification time can be set back to exactly.
  fs.utimesSync(path.join(root, 'src/a.ts'), OLD_TIME, OLD_TIME);
  expect(buildIfStale(root)).toBe('built');
  expect(builds()).toBe(1);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('npm start builds dist/ only when something it reads changed', () => {
  it('skips the build when nothing changed, however often it runs', () => {
    expect(buildIsFresh(root)).toBe(true);
    expect(buildIfStale(root)).toBe('fresh');
    expect(buildIfStale(root)).toBe('fresh');
    expect(builds()).toBe(1);
  });

  const changes: [string, () => void][] = [
    ['a source edited', () => write('src/deep/b.ts', 'export const b = 2;\n')],
    ['a source edited to the same size', () => write('src/a.ts', 'export const a = 2;\n')],
    ['a source edited and given back its old modification time (as cp -p or an unpacked archive do)', () => {
      const file = path.join(root, 'src/a.ts');
      fs.writeFileSync(file, 'export const a = 3;\n');
      fs.utimesSync(file, OLD_TIME, OLD_TIME);
      expect(fs.statSync(file).mtimeMs).toBe(OLD_TIME.getTime());
    }],
    ['a source added', () => write('src/new.ts', 'export {};\n')],
    ['a source removed', () => fs.rmSync(path.join(root, 'src/deep/b.ts'))],
    ['a copied file (not TypeScript) edited', () => write('connectors/c.json', '{"a":1}')],
    ['.swcrc edited', () => write('.swcrc', '{"jsc":{}}')],
    ['package.json edited', () => write('package.json', fs.readFileSync(path.join(root, 'package.json'), 'utf8') + '\n')],
    ['the build output removed', () => fs.rmSync(path.join(root, 'out'), { recursive: true })],
    ['an entry point of the output removed', () => fs.rmSync(path.join(root, 'out/src/main.js'))],
    ['the stamp removed', () => fs.rmSync(path.join(root, 'out', STAMP))],
  ];
  it.each(changes)('builds again after %s', async (_what, change) => {
    // Change times have a clock tick's resolution: a change in the same tick as the build would look unchanged.
    await new Promise((r) => setTimeout(r, 20));
    change();
    expect(buildIsFresh(root)).toBe(false);
    expect(buildIfStale(root)).toBe('built');
    expect(builds()).toBe(2);
    expect(buildIfStale(root)).toBe('fresh');
  });

  it('leaves no stamp when the build fails, so the next start builds again', () => {
    write('src/a.ts', 'export const a = 4;\n');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    write('package.json', JSON.stringify({ ...pkg, scripts: { build: 'node -e "process.exit(3)" && swc src connectors -d out' } }));
    expect(() => buildIfStale(root)).toThrow(/exit code 3/);
    expect(fs.existsSync(path.join(root, 'out', STAMP))).toBe(false);
    expect(buildIsFresh(root)).toBe(false);
  });

  it('is what npm start and npm run worker run first, and it reads the build script this checkout has', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const script of [pkg.scripts.start, pkg.scripts.worker]) expect(script.split('&&')[0].trim()).toBe('node scripts/build-if-stale.js');
    expect(pkg.scripts.build).toMatch(/^swc src bench connectors -d dist /);
  });
});
