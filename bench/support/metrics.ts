import fs from 'node:fs';
import { round } from './stats';

/** Reads counters and gauges from GET /metrics (Prometheus text format), by name. */
export async function readMetrics(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) values[m[1]] = Number(m[2]);
  }
  return values;
}

/** One value of a `readMetrics` result; throws when the server does not export it. */
export function metric(values: Record<string, number>, name: string): number {
  const v = values[name];
  if (v === undefined || Number.isNaN(v)) throw new Error(`GET /metrics has no ${name}`);
  return v;
}

/** Growth of a counter between two readings. */
export function delta(before: Record<string, number>, after: Record<string, number>, name: string): number {
  return metric(after, name) - metric(before, name);
}

/** Resident and peak memory of the server process in MiB; RSS from /metrics, peak from /proc when there. */
export async function serverMemory(base: string, pid: number | undefined): Promise<{ rssMiB: number; peakMiB: number | null }> {
  const rss = metric(await readMetrics(base), 'process_resident_memory_bytes') / 2 ** 20;
  let peak: number | null = null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m) peak = Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return { rssMiB: round(rss, 1), peakMiB: peak === null ? null : round(peak, 1) };
}
