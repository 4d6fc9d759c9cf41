import 'reflect-metadata';
import { runMain } from './support/cleanups';
import { catalogBench } from './catalog.bench';
import { inventoryBench } from './inventory.bench';
import { ordersBench } from './orders.bench';
import { readsBench } from './reads.bench';
import { startupBench } from './startup.bench';
import { syncBench } from './sync.bench';

/**
 * `npm run bench -- [name] [--flag value …]`: runs one benchmark, the hot reads beside their
 * floors (reads) when no name is given. The name may come before or after the flags.
 */

const BENCHES: Record<string, (argv: string[]) => Promise<void>> = {
  reads: readsBench,
  catalog: catalogBench,
  inventory: inventoryBench,
  orders: ordersBench,
  sync: syncBench,
  startup: startupBench,
};

/** Index of the benchmark name: the first argument that is neither a flag nor a flag's value. */
function nameIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('-')) return i;
    // Every flag takes a value: `--flag=value` is one argument, `--flag value` two.
    if (!argv[i].includes('=')) i++;
  }
  return -1;
}

const argv = process.argv.slice(2);
const at = nameIndex(argv);
const name = at < 0 ? 'reads' : argv[at];
const flags = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];

runMain(async () => {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark "${name}" (expected ${Object.keys(BENCHES).join(' or ')})`);
  await bench(flags);
});
