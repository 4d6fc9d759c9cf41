/**
 * Command-line flags of a benchmark: `--name value` or `--name=value`, every value a whole
 * number. `--warmup` may be 0; every other flag needs 1 or more.
 */
export function parseFlags<T extends Record<keyof T, number>>(argv: string[], defaults: T): T {
  const opts: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(key in defaults)) {
      throw new Error(`unknown argument ${argv[i]} (expected ${Object.keys(defaults).map((k) => `--${k}`).join(', ')})`);
    }
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    const min = key === 'warmup' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new Error(`--${key} needs a whole number >= ${min}, got "${raw}"`);
    opts[key] = value;
  }
  return opts as T;
}
