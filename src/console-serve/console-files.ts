import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the console's sources and its built files are: `console/` at the repository root, found
 * from this file whether it runs from src/ (tests, `npm run dev`) or from the compiled dist/src/.
 */
export function consoleRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'console', 'index.html')) && fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'console');
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', 'console');
  }
}

export function consoleDist(root = consoleRoot()): string {
  return path.join(root, 'dist');
}
