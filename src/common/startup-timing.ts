/**
 * Where a start's time went: milliseconds per step, logged with 'API ready' (and 'sync worker
 * ready') so a slow start says which step was slow, and read by `npm run bench -- startup`.
 * Steps that run side by side each record their own duration, so the figures may add up to
 * more than the whole.
 */
export class StartupTiming {
  readonly steps: Record<string, number> = {};

  /** Records `ms` milliseconds as `step`. */
  record(step: string, ms: number): void {
    this.steps[step] = Math.round(ms);
  }

  /**
   * The steps, `total` (milliseconds since the process started) and `cpu` (milliseconds of CPU
   * the process used meanwhile: on a busy machine the steady figure, as waiting is not in it).
   */
  summary(): Record<string, number> {
    const cpu = process.cpuUsage();
    return { ...this.steps, total: Math.round(performance.now()), cpu: Math.round((cpu.user + cpu.system) / 1000) };
  }

  /** Runs `fn` and records how long it took as `step` (also when it fails). */
  async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.record(step, performance.now() - started);
    }
  }
}

/** A start without a timing to fill: the steps run untimed. */
export const UNTIMED = {
  record: () => undefined,
  time: <T>(_step: string, fn: () => Promise<T>): Promise<T> => fn(),
} satisfies Pick<StartupTiming, 'record' | 'time'>;

export type StepTimer = Pick<StartupTiming, 'record' | 'time'>;
