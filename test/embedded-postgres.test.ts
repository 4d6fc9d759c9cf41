import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

/** The embedded server a newcomer's laptop runs on: first start, restart, and a crashed leftover. */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-embedded-'));
  fs.chmodSync(dir, 0o755);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Server version, and whether pg_trgm sees Chinese characters (needs a UTF-8 locale). */
async function roundTrip(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('create extension if not exists pg_trgm');
  const r = await c.query("select current_setting('server_version_num') as v, cardinality(show_trgm('西装')) as n");
  await c.end();
  expect(r.rows[0].n).toBeGreaterThan(0);
  return r.rows[0].v;
}

describe('embedded PostgreSQL', () => {
  it('initialises, restarts on the same data, and recovers from a server left running by a killed process', async () => {
    const first = await startEmbeddedPostgres({ dataDir: dir });
    expect((await roundTrip(first.url)).startsWith('15')).toBe(true);
    const c = new Client({ connectionString: first.url });
    await c.connect();
    await c.query('create table kept (v int); insert into kept values (42)');
    await c.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir: dir });
    const c2 = new Client({ connectionString: second.url });
    await c2.connect();
    expect((await c2.query('select v from kept')).rows).toEqual([{ v: 42 }]);
    await c2.end();
    // Simulate a killed parent: the server keeps running and holds postmaster.pid.
    const pid = Number(fs.readFileSync(path.join(second.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(pid).toBeGreaterThan(0);

    const third = await startEmbeddedPostgres({ dataDir: dir });
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await roundTrip(third.url)).startsWith('15')).toBe(true);
    await third.stop();
  });

  it('refuses a data folder that another live process is using, instead of stopping its server', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-embedded-owned-'));
    fs.chmodSync(other, 0o755);
    try {
      // The parent of this test process is alive and is not us: it stands for another `npm start`.
      fs.writeFileSync(path.join(other, 'embedded-postgres.owner'), String(process.ppid));
      await expect(startEmbeddedPostgres({ dataDir: other })).rejects.toThrow(/in use by another running process/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
