import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run connector:new`: the connector it generates typechecks under the project's compiler
 * options and passes its own conformance suite and unit tests without an edit.
 *
 * The scaffold writes into a temporary connectors folder (the SDK and node_modules linked in)
 * rather than into connectors/, so a test run or typecheck elsewhere in the repository never
 * meets a half-made connector. The generated test files are loaded into this one and run here.
 */

const ROOT = path.resolve(__dirname, '..');
const NAME = `zzdemo${crypto.randomBytes(4).toString('hex')}`;
const INTO = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-scaffold-'));
const DIR = path.join(INTO, NAME);
fs.symlinkSync(path.join(ROOT, 'connectors', 'sdk'), path.join(INTO, 'sdk'), 'dir');
// The SDK's packages (axios) and the jest and node types resolve from here as from the repository.
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(INTO, 'node_modules'), 'dir');

function connectorNew(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('npm', ['run', '--silent', 'connector:new', '--', ...args], { cwd: ROOT, encoding: 'utf8' });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const scaffold = connectorNew(NAME, '--into', INTO);
if (scaffold.status === 0) {
  // The generated suites register their describe blocks in this file.
  require(path.join(DIR, 'conformance.test.ts'));
  require(path.join(DIR, 'mapping.test.ts'));
}

afterAll(() => {
  fs.rmSync(INTO, { recursive: true, force: true });
});

describe('npm run connector:new', () => {
  it('given a new name when it runs then it writes a complete connector and prints the next steps', () => {
    expect({ status: scaffold.status, stderr: scaffold.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    for (const file of ['index.ts', 'client.ts', 'errors.ts', 'mapping.ts', 'mapping.test.ts', 'conformance.test.ts', 'fixtures/orders.ts', 'simulator/index.ts', 'simulator/api.ts', 'simulator/control.ts', 'simulator/state.ts']) {
      expect(fs.existsSync(path.join(DIR, file))).toBe(true);
    }
    for (const file of filesUnder(DIR)) expect([file, fs.readFileSync(file, 'utf8')]).not.toEqual([file, expect.stringMatching(/__(NAME|Name|KIND)__/)]);
    const index = fs.readFileSync(path.join(DIR, 'index.ts'), 'utf8');
    expect(index).toContain(`export const ${NAME}Connector: ConnectorModule`);
    expect(index).toContain(`kinds: ['${NAME.toUpperCase()}']`);
    expect(scaffold.stdout).toContain('src/sync/registry.ts');
    expect(scaffold.stdout).toContain('channel_kind_valid');
    expect(scaffold.stdout).toContain(`npm run sim -- ${NAME}`);
  });

  it('given the generated folder when it is typechecked with the project options then tsc reports nothing', () => {
    const tsconfig = path.join(INTO, 'tsconfig.json');
    fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true }, include: [`${NAME}/**/*.ts`] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('given an existing folder, a bad name or a kind already served when it runs then it refuses and writes nothing', () => {
    const before = fs.readdirSync(INTO).sort();
    const cases: [string[], RegExp][] = [
      [[NAME, '--into', INTO], /already exists/],
      [['Shop', '--into', INTO], /not a connector name/],
      [['9lives', '--into', INTO], /not a connector name/],
      [['shop-ee', '--into', INTO], /not a connector name/],
      [['sdk', '--into', INTO], /reserved/],
      // Against the repository's own connectors/: taobao exists, and it serves TMALL too.
      [['taobao'], /already exists/],
      [['tmall'], /TMALL is already served by connectors\/taobao/],
      [[], /usage: npm run connector:new/],
    ];
    for (const [args, why] of cases) {
      const r = connectorNew(...args);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 1, stderr: expect.stringMatching(why) });
    }
    expect(fs.readdirSync(INTO).sort()).toEqual(before);
    expect(fs.existsSync(path.join(ROOT, 'connectors', 'tmall'))).toBe(false);
  });
});
