import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import PgBoss from 'pg-boss';
import { MIGRATIONS } from '../src/db/migrations';
import { PGBOSS_10_4_2_SCHEMA } from '../src/db/migrations/Migration20261128090000Sync';
import { BOSS_SCHEMA, QUEUE_OPTIONS } from '../src/sync/queue';

/**
 * Migrations are frozen text: what a migration does to a database must not change when the
 * code around it changes, or a database migrated last year and one migrated today differ.
 */

const DIR = path.resolve(__dirname, '../src/db/migrations');
const migrationFiles = fs.readdirSync(DIR).filter((f) => /^Migration\d+\w*\.ts$/.test(f));

/** Every module a file names: import/export … from, import(), require(). */
function imports(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(path.join(DIR, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** Runs of white space as one space: the text of SQL, not its layout. */
const squeeze = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('frozen migrations', () => {
  it('lists every migration file, and each imports nothing but the Migration base class', () => {
    expect(migrationFiles.length).toBeGreaterThan(10);
    expect(MIGRATIONS.map((m) => `${m.name}.ts`).sort()).toEqual([...migrationFiles].sort());
    const live = migrationFiles.flatMap((f) => imports(f).filter((spec) => spec !== '@mikro-orm/migrations').map((spec) => `${f} imports ${spec}`));
    expect(live).toEqual([]);
  });

  it("holds pg-boss 10.4.2's schema as text, the same the installed pg-boss would build (an upgrade needs a migration of its own)", () => {
    // The construction script less the transaction and session settings the migration holds itself.
    const installed = PgBoss.getConstructionPlans(BOSS_SCHEMA)
      .replace(/^\s*BEGIN;\s*$/m, '')
      .replace(/^\s*COMMIT;\s*$/m, '')
      .replace(/^\s*SET LOCAL [^;]*;\s*$/gm, '');
    // When this fails pg-boss was upgraded: add a migration with the SQL of
    // PgBoss.getMigrationPlans(schema, <old version>) as text; never edit the frozen one.
    expect(squeeze(PGBOSS_10_4_2_SCHEMA)).toBe(squeeze(installed));
    expect(PGBOSS_10_4_2_SCHEMA).toContain("INSERT INTO pgboss.version(version) VALUES ('24')");
  });

  it('creates every queue the code enqueues into, so an API process can enqueue before any worker has started', () => {
    const created = new Set<string>();
    for (const f of migrationFiles) {
      for (const m of fs.readFileSync(path.join(DIR, f), 'utf8').matchAll(/create_queue\('([^']+)'/g)) created.add(m[1]);
    }
    expect(Object.keys(QUEUE_OPTIONS).filter((q) => !created.has(q))).toEqual([]);
  });
});
