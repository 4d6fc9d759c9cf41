/**
 * What a benchmark leaves behind (embedded server, temporary folder, bench database, API
 * process), undone last-in first-out on success, failure and Ctrl-C.
 */
const cleanups: { name: string; run: () => Promise<void> }[] = [];

/** Registers a step to run at the end; later steps run first. */
export function onCleanup(name: string, run: () => Promise<void>): void {
  cleanups.push({ name, run });
}

/** Runs and forgets every registered step; a failing step is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await step.run();
    } catch (err) {
      console.error(`cleanup "${step.name}" failed:`, err instanceof Error ? err.message : err);
    }
  }
}

/**
 * Runs a benchmark's main function as the process: a failure is printed and sets exit code 1,
 * Ctrl-C exits 130, and the cleanups run in every case.
 */
export function runMain(main: () => Promise<void>): void {
  process.once('SIGINT', () => {
    console.error('[bench] interrupted: cleaning up');
    void runCleanups().finally(() => process.exit(130));
  });
  main()
    .catch((err) => {
      console.error('[bench] failed:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => runCleanups());
}
