import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Production code imports no test code: every file the product can load (src/ and connectors/,
 * less tests, fixtures and the conformance kit) is read, its imports (static, dynamic and
 * require) are followed to files, and none may land in test code. The demo data, for one, keeps
 * its own sample orders (connectors/taobao/demo.ts) instead of borrowing the test fixtures.
 *
 * bench/ is a development tool (it needs devDependencies such as autocannon) and may use the
 * fixtures to make load; it is not scanned.
 */

const ROOT = path.resolve(__dirname, '..');

/** Test code: what production must never import. */
function isTestCode(rel: string): boolean {
  return (
    /\.test\.ts$/.test(rel) ||
    rel.startsWith('test/') ||
    /(^|\/)(fixtures|testkit|__tests__)(\/|$)/.test(rel) ||
    // The scaffold's template is text a new connector starts from, not code the product loads.
    rel.startsWith('connectors/scaffold/template/')
  );
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The production files: where the import graph starts. */
function productionFiles(): string[] {
  return [...walk('src'), ...walk('connectors')].filter((rel) => !isTestCode(rel));
}

/** The file a relative specifier names, as node (or swc-node) would find it. */
function resolve(fromRel: string, spec: string): string | undefined {
  const base = path.resolve(ROOT, path.dirname(fromRel), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate).split(path.sep).join('/');
  }
  return undefined;
}

/** Every module a file names: import/export … from, import(), require(). */
function specifiers(rel: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Walks the import graph from every production file; returns the imports that reach test code. */
export function testImportsOf(files: string[]): { from: string; spec: string; to: string }[] {
  const bad: { from: string; spec: string; to: string }[] = [];
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    const rel = queue.shift()!;
    if (seen.has(rel) || !/\.(ts|js)$/.test(rel)) continue;
    seen.add(rel);
    for (const spec of specifiers(rel)) {
      if (!spec.startsWith('.')) continue;
      const to = resolve(rel, spec);
      if (!to) continue;
      if (isTestCode(to)) bad.push({ from: rel, spec, to });
      else queue.push(to);
    }
  }
  return bad;
}

describe('production code imports no test code', () => {
  it('finds the imports it looks for (a test file importing fixtures is seen)', () => {
    // The scanner itself: a test that imports fixtures must show up when scanned as if production.
    const sample = walk('test').filter((f) => /sync-durability\.test\.ts$/.test(f));
    expect(sample).toHaveLength(1);
    const found = testImportsOf(sample).map((b) => b.to);
    expect(found).toEqual(expect.arrayContaining(['connectors/taobao/fixtures/trades.ts', 'connectors/sdk/testkit/sim-control.ts']));
  });

  it('no file under src/ or connectors/ (tests, fixtures and the conformance kit aside) reaches fixtures/, testkit/ or test/', () => {
    const files = productionFiles();
    // The entry points are among them: the product, its commands and the installed connectors.
    expect(files).toEqual(expect.arrayContaining(['src/main.ts', 'src/sync/demo-simulators.ts', 'connectors/taobao/index.ts', 'connectors/taobao/demo.ts']));
    expect(testImportsOf(files)).toEqual([]);
  });
});
