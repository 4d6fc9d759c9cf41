import fs from 'node:fs';
import os from 'node:os';

/**
 * CPU time from /proc (Linux; elsewhere every figure is null): the whole machine's busy and
 * idle ticks, and the CPU seconds of given processes and of a database's PostgreSQL backends.
 * Read before and after a load run, it says how much of each request's CPU the server, and
 * PostgreSQL for it, spent, and how busy the machine was with everything else.
 */
export interface CpuSample {
  at: number;
  /** Busy and total ticks of all cores since boot. */
  machine: { busy: number; total: number } | null;
  /** CPU seconds used so far, by pid. */
  processes: Map<number, number>;
  /** CPU seconds used so far by each backend serving `database`, by pid. */
  backends: Map<number, number> | null;
}

const TICK = 100; // USER_HZ: clock ticks per second on every Linux we run on

function procSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses: utime is the 14th field, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / TICK;
  } catch {
    return null;
  }
}

function backendSeconds(database: string): Map<number, number> | null {
  const out = new Map<number, number>();
  let dirs: string[];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const d of dirs) {
    let cmd: string;
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // A backend names itself "postgres: [cluster: ]user database client state".
    if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) out.set(Number(d), procSeconds(Number(d)) ?? 0);
  }
  return out;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = v[3] + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export function sampleCpu(pids: number[], database: string): CpuSample {
  const processes = new Map<number, number>();
  for (const pid of pids) {
    const s = procSeconds(pid);
    if (s !== null) processes.set(pid, s);
  }
  return { at: performance.now(), machine: machineTicks(), processes, backends: backendSeconds(database) };
}

/** What happened between two samples. */
export interface CpuUse {
  /** Share of all cores busy, in per cent. */
  machineBusyPct: number | null;
  /** CPU seconds of the given process. */
  processSeconds: number | null;
  /** CPU seconds of the database's backends. */
  backendSeconds: number | null;
  /** CPU seconds of everything else on the machine (other work, the load generator, the OS). */
  otherSeconds: number | null;
  seconds: number;
}

export function cpuUse(before: CpuSample, after: CpuSample, pid: number | undefined): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const machineBusyPct =
    before.machine && after.machine ? (100 * (after.machine.busy - before.machine.busy)) / Math.max(1, after.machine.total - before.machine.total) : null;
  const p0 = pid === undefined ? undefined : before.processes.get(pid);
  const p1 = pid === undefined ? undefined : after.processes.get(pid);
  const processSeconds = p0 !== undefined && p1 !== undefined ? p1 - p0 : null;
  // Per backend: a connection opened meanwhile counts whole, one closed meanwhile is lost (its
  // last moments uncounted), so a pool that opens or drops connections does not skew the sum.
  let backendSeconds: number | null = null;
  if (before.backends && after.backends) {
    backendSeconds = 0;
    for (const [pid, s] of after.backends) backendSeconds += s - (before.backends.get(pid) ?? 0);
  }
  const busySeconds = machineBusyPct === null ? null : (machineBusyPct / 100) * os.cpus().length * seconds;
  const otherSeconds = busySeconds === null || processSeconds === null || backendSeconds === null ? null : busySeconds - processSeconds - backendSeconds;
  return { machineBusyPct, processSeconds, backendSeconds, otherSeconds, seconds };
}
