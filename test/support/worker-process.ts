import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET, TEST_SECRETS_KEY } from './test-app';

/**
 * A sync worker as a separate OS process (ROLE=worker) on a test app's database, so a test can
 * kill it with SIGKILL mid-job as an operator's `kill -9` would, or run two at once.
 */
export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, 'src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      ROLE: 'worker',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      SECRETS_KEY: TEST_SECRETS_KEY,
      DEMO_DATA: 'false',
      // Info at least: readiness is read from the "sync worker ready" line (kept in memory only).
      LOG_LEVEL: 'info',
      SYNC_TICK_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ready!: () => void;
  let failed!: (err: Error) => void;
  const started = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (text.includes('sync worker ready')) ready();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  void exited.then((code) => failed(new Error(`worker exited with ${code} before it was ready:\n${output.join('').slice(-2000)}`)));
  const timer = setTimeout(() => failed(new Error(`worker not ready after 60 s:\n${output.join('').slice(-2000)}`)), 60_000);
  try {
    await started;
  } finally {
    clearTimeout(timer);
  }
  return {
    child,
    output,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
