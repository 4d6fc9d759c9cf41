import { SIMULATORS, SimulatorStartOptions } from './simulators';

/**
 * `npm run sim -- <kind> [--port N] [--seed N] [--calls-per-second N]`: starts a marketplace
 * simulator on 127.0.0.1 and prints what a channel needs to talk to it (base URL, control URL,
 * credentials JSON). Ctrl-C stops it. Every installed connector whose module names a simulator
 * is here (the folders of connectors/, and the CONNECTORS setting's packages).
 */

type SimCliOptions = SimulatorStartOptions;

const USAGE = `usage: npm run sim -- <${Object.keys(SIMULATORS).join('|')}> [--port N] [--seed N] [--calls-per-second N]`;

function parseArgs(argv: string[]): { kind: string; options: SimCliOptions } {
  const [kind, ...rest] = argv;
  if (!kind || kind.startsWith('-')) throw new Error(USAGE);
  const options: SimCliOptions = {};
  const flags: Record<string, keyof SimCliOptions> = { '--port': 'port', '--seed': 'seed', '--calls-per-second': 'callsPerSecond' };
  for (let i = 0; i < rest.length; i += 2) {
    const key = flags[rest[i]];
    const value = Number(rest[i + 1]);
    if (!key || rest[i + 1] === undefined || !Number.isFinite(value) || value < 0) throw new Error(`bad argument ${rest[i]} ${rest[i + 1] ?? ''}\n${USAGE}`);
    options[key] = value;
  }
  return { kind: kind.toLowerCase(), options };
}

async function main(): Promise<void> {
  const { kind, options } = parseArgs(process.argv.slice(2));
  const start = SIMULATORS[kind];
  if (!start) throw new Error(`no simulator for ${kind}\n${USAGE}`);
  const sim = await start(options);
  const credentials = (await (await fetch(`${sim.controlUrl}/__sim/credentials`)).json()) as Record<string, unknown>;
  console.log(`${kind} simulator`);
  console.log(`  base URL:    ${sim.baseUrl}`);
  console.log(`  control URL: ${sim.controlUrl}/__sim/ (credentials, orders, returns, listings, shipments, faults, clock, sellers, requests, reset)`);
  console.log(`  credentials: ${JSON.stringify(credentials)}`);
  console.log('Ctrl-C stops it.');
  const stop = () => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
