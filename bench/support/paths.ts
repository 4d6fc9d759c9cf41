import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json: the repository root. */
export function repoRoot(): string {
  // dist/bench/support/ when built, bench/support/ under swc-node: walk up to package.json either way.
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
