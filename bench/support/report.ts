import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where and how a benchmark ran: the first fields of every results file. */
export function reportHeader<O>(postgres: string, options: O) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    postgres,
    options,
    // The server's default pool size when DB_POOL_MAX is unset (src/config.ts).
    dbPoolMax: process.env.DB_POOL_MAX ? Number(process.env.DB_POOL_MAX) : 10,
  };
}

/** Writes the report as bench/results/<fileName> and returns the file's path. */
export function writeResults(root: string, fileName: string, report: unknown): string {
  const outDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, fileName);
  fs.writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  return outFile;
}

export const log = (msg: string): void => console.log(`[bench] ${msg}`);
