import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * One owner per table, one door per module. Every table the migrations create belongs to one
 * module (the map below); the production code (src/ and connectors/, less tests and migrations)
 * is read, the text of its string and template literals taken as SQL, and:
 * - no module writes (insert into, update, delete from, merge into, truncate) a table another
 *   module owns;
 * - inventory's tables do not appear at all outside src/inventory/: others ask src/inventory/index.ts;
 * - holds (order_hold) are written by one function only, setOrderHolds;
 * - where a module has a door (src/<module>/index.ts), other modules import that and nothing
 *   else of the module.
 * Reads of other modules' tables in joins (reports, scoping) are allowed for now and listed.
 *
 * A write whose table is interpolated (`insert into "${spec.table}"`, a bulk loader) cannot be
 * read off the statement: in such a file, every literal that is a table's bare name counts as a
 * write of that table.
 */

const ROOT = path.resolve(__dirname, '..');

/** Who owns each table the migrations create. A new table needs an owner here. */
const OWNER: Record<string, string> = {
  // staff: accounts, roles, sign-in and the audit trail
  staff: 'staff',
  department: 'staff',
  role: 'staff',
  role_assignment: 'staff',
  api_key: 'staff',
  audit_log: 'staff',
  login_throttle: 'staff',
  password_reset: 'staff',
  staff_message: 'staff',
  // catalog
  product: 'catalog',
  product_option: 'catalog',
  product_translation: 'catalog',
  product_image: 'catalog',
  variant: 'catalog',
  bundle_component: 'catalog',
  category: 'catalog',
  // inventory: warehouses, the level and its ledger, reservations, transfers, counts, and what
  // each channel may sell (the stock outbox is written as levels change)
  warehouse: 'inventory',
  warehouse_zone: 'inventory',
  warehouse_bin: 'inventory',
  stock_level: 'inventory',
  stock_movement: 'inventory',
  reservation: 'inventory',
  reservation_line: 'inventory',
  stock_transfer: 'inventory',
  stock_transfer_line: 'inventory',
  stocktake: 'inventory',
  stocktake_line: 'inventory',
  stocktake_count: 'inventory',
  replenishment_setting: 'inventory',
  channel_stock_policy: 'inventory',
  channel_stock_rule: 'inventory',
  stock_outbox: 'inventory',
  // orders: orders and their lines, holds, history, notes, merging, shipments, returns and refunds
  customer: 'orders',
  sales_order: 'orders',
  order_line: 'orders',
  order_hold: 'orders',
  order_status_history: 'orders',
  order_note: 'orders',
  order_merge_group: 'orders',
  shipment: 'orders',
  shipment_line: 'orders',
  shipment_outbox: 'orders',
  order_return: 'orders',
  return_line: 'orders',
  return_refund: 'orders',
  return_refund_line: 'orders',
  return_status_history: 'orders',
  // sync: channels, listings, runs and their errors, marketplace returns, call quotas
  channel: 'sync',
  channel_carrier: 'sync',
  channel_return: 'sync',
  listing: 'sync',
  listing_event: 'sync',
  listing_drift: 'sync',
  listing_submission: 'sync',
  sync_run: 'sync',
  sync_error: 'sync',
  rate_bucket: 'sync',
  // finance: exchange rates (orders and channel prices ask src/finance/index.ts)
  exchange_rate: 'finance',
};

/** Tables nobody outside the owner may name at all, not even to read. */
const SEALED = new Set(Object.keys(OWNER).filter((t) => OWNER[t] === 'inventory'));

/**
 * The composition root: files that assemble every module (resolvers into one schema, per-request
 * loaders on the context, global ids to their fetchers) and so import past the doors. They are
 * no module of their own and still may not touch other modules' tables.
 */
const WIRING = new Set(['src/context.ts', 'src/graphql/schema.ts', 'src/graphql/node.resolver.ts']);

/** Tables with exactly one writer: the file that may write them. */
const ONE_WRITER: Record<string, string> = { order_hold: 'src/orders/order-holds.service.ts' };

/** The tables the migrations create (pg-boss's own schema aside: the library owns it). */
function migrationTables(): string[] {
  const dir = path.join(ROOT, 'src/db/migrations');
  const tables = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?"?([a-z_][a-z0-9_]*)"?(\s*\.)?/gi)) {
      if (!m[2]) tables.add(m[1].toLowerCase());
    }
  }
  return [...tables].sort();
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** What is scanned: production TypeScript, less tests and the migrations (which define every table). */
function scannedFiles(): string[] {
  return [...walk('src'), ...walk('connectors')].filter((rel) => !rel.endsWith('.test.ts') && !rel.startsWith('src/db/migrations/'));
}

/** The module a file belongs to: src/<module>/…, `app` for src/*.ts, `connectors` for connectors/. */
function moduleOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'connectors') return 'connectors';
  return parts.length > 2 ? parts[1] : 'app';
}

/** A string or template literal's text (interpolations as `${…}`) and its line. */
interface Literal {
  line: number;
  text: string;
}

function literals(source: string, fileName = 'x.ts'): Literal[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = node.head.text + node.templateSpans.map((s) => ' ${…} ' + s.literal.text).join('');
    // Module specifiers are names of files, not SQL.
    if (text !== undefined && !(ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent))) {
      out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const ID = '"?(?:public\\.)?"?([a-z_][a-z0-9_]*)"?';
/** The verbs of statements that change a table (not `for update` or `do update`, which lock or resolve a conflict). */
const CHANGE = '\\b(?:insert\\s+into|(?<!\\b(?:for|do|key)\\s)update(?:\\s+only)?|delete\\s+from(?:\\s+only)?|merge\\s+into|truncate(?:\\s+table)?)\\s+';
/** Statements that change a table, and the table they change. */
const WRITE = new RegExp(`${CHANGE}${ID}`, 'g');
/** A statement that changes a table named by an interpolation. */
const DYNAMIC_WRITE = new RegExp(`${CHANGE}"?\\s*\\$\\{…\\}`);
/** Where SQL names a table: after from, join, into, update, table, references, using. */
const NAMED = new RegExp(`\\b(?:from|join|into|update|table|references|using)\\s+(?:only\\s+|lateral\\s+)?${ID}`, 'g');
/** Looks like SQL (a statement, or a join written apart) rather than prose. */
const SQL = /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\s+\S+[\s\S]*\bset|delete\s+from|merge\s+into|lock\s+table|truncate|join\s+\S+(?:\s+\w+)?\s+on)\b/;

interface Finding {
  file: string;
  line: number;
  table: string;
  kind: 'write' | 'sealed' | 'one-writer' | 'read';
}

/** What one file's SQL does to tables it does not own. */
function scanSql(file: string, source: string): Finding[] {
  const mine = moduleOf(file);
  const found: Finding[] = [];
  const all = literals(source, file);
  if (all.some((l) => DYNAMIC_WRITE.test(l.text.toLowerCase().replace(/\s+/g, ' ')))) {
    for (const { line, text } of all) {
      const table = text.trim().toLowerCase();
      if (table in OWNER && OWNER[table] !== mine) found.push({ file, line, table, kind: 'write' });
    }
  }
  for (const { line, text } of all) {
    const sql = text.toLowerCase().replace(/\s+/g, ' ');
    const written = new Set<string>();
    for (const m of sql.matchAll(WRITE)) {
      const table = m[1];
      if (!(table in OWNER)) continue;
      written.add(table);
      if (OWNER[table] !== mine) found.push({ file, line, table, kind: 'write' });
      else if (ONE_WRITER[table] && ONE_WRITER[table] !== file) found.push({ file, line, table, kind: 'one-writer' });
    }
    const named = new Set<string>();
    if (SQL.test(sql)) for (const m of sql.matchAll(NAMED)) named.add(m[1]);
    // A name such as stock_level is no word of prose: anywhere is a use. (`warehouse` is one, so it counts only where SQL names a table.)
    for (const t of SEALED) if (t.includes('_') && new RegExp(`\\b${t}\\b`).test(sql)) named.add(t);
    for (const table of named) {
      if (!(table in OWNER) || OWNER[table] === mine) continue;
      if (SEALED.has(table)) found.push({ file, line, table, kind: 'sealed' });
      else if (!written.has(table)) found.push({ file, line, table, kind: 'read' });
    }
  }
  return found;
}

/** The file a relative specifier names, as node would find it. */
function resolveSpec(fromRel: string, spec: string): string | undefined {
  const base = path.resolve(ROOT, path.dirname(fromRel), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate).split(path.sep).join('/');
  }
  return undefined;
}

/** Every module a file names: import/export … from, import(), require(). */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The modules with a door: src/<module>/index.ts. */
function doors(): Set<string> {
  return new Set(fs.readdirSync(path.join(ROOT, 'src')).filter((d) => fs.existsSync(path.join(ROOT, 'src', d, 'index.ts'))));
}

/** Imports that go past a module's door into its other files. */
function scanImports(file: string, source: string, withDoor: Set<string>): { file: string; spec: string; to: string }[] {
  const bad: { file: string; spec: string; to: string }[] = [];
  for (const spec of specifiers(source)) {
    if (!spec.startsWith('.')) continue;
    const to = resolveSpec(file, spec);
    if (!to || !to.startsWith('src/')) continue;
    const target = moduleOf(to);
    if (target === moduleOf(file) || !withDoor.has(target) || WIRING.has(file)) continue;
    if (to !== `src/${target}/index.ts`) bad.push({ file, spec, to });
  }
  return bad;
}

const show = (f: Finding) => `${f.file}:${f.line} ${f.table}`;

describe('module boundaries', () => {
  const files = scannedFiles();
  const sources = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
  const findings = files.flatMap((f) => scanSql(f, sources.get(f)!));

  it('every table the migrations create has an owner, and the map names no other table', () => {
    const created = migrationTables();
    expect(created.filter((t) => !(t in OWNER))).toEqual([]);
    expect(Object.keys(OWNER).filter((t) => !created.includes(t))).toEqual([]);
  });

  it('the scanner finds planted violations and lets through what is allowed', () => {
    const planted = `
      import { selectRows } from '../common/sql';
      // update stock_level set on_hand = 0  (a comment is not SQL)
      const msg = 'update the listing from the reservation screen';
      export async function bad(em: any, id: string) {
        await selectRows(em, \`update stock_level sl set reserved = reserved - 1 where sl.id = ?\`, [id]);
        await selectRows(em, 'insert into "order_hold" (id, order_id, reason) values (?, ?, ?)', [id, id, 'X']);
        await selectRows(em, \`select o.id from sales_order o join reservation r on r.order_id = o.id where o.id = \${'?'}\`, [id]);
        await selectRows(em, 'delete from public.sync_error where id = ?', [id]);
        await selectRows(em, 'select c.key from channel c where exists (select 1 from stock_outbox x where x.channel_key = c.key)');
        await selectRows(em, 'select v.sku from variant v where v.id = ? for update of v', [id]);
        await selectRows(em, 'insert into order_note (id) values (?) on conflict (id) do update set id = excluded.id', [id]);
      }
      const joins = [' left join warehouse w on w.id = x.warehouse_id', 'sl.on_hand from stock_movement', 'Moves units from warehouse to warehouse, from customer returns'];
    `;
    const found = scanSql('src/catalog/planted.ts', planted).map((f) => `${f.kind} ${f.table}:${f.line - 1}`);
    expect(found.sort()).toEqual(
      [
        'write stock_level:5',
        'sealed stock_level:5',
        'write order_hold:6',
        'sealed reservation:7',
        'read sales_order:7',
        'write sync_error:8',
        'sealed stock_outbox:9',
        'read channel:9',
        'write order_note:11',
        'sealed warehouse:13',
        'sealed stock_movement:13',
      ].sort(),
    );
    // The same statements are the owners' own business in their modules, but only setOrderHolds writes holds.
    expect(scanSql('src/inventory/planted.ts', 'const q = `update stock_level set reserved = 0`;')).toEqual([]);
    expect(scanSql('src/orders/order-note.service.ts', `const q = 'insert into order_hold (id) values (?)';`).map((f) => f.kind)).toEqual(['one-writer']);
    expect(scanSql('src/orders/order-holds.service.ts', `const q = 'insert into order_hold (id) values (?)';`)).toEqual([]);

    // A bulk loader naming its tables apart from the statement: each name it holds counts.
    const bulk = `
      const TABLES = { products: { table: 'product' }, levels: { table: 'stock_level' }, note: 'a product' };
      const head = (table: string) => \`insert into "\${table}" (id) values (?)\`;
    `;
    expect(scanSql('src/db/seed/bulk.ts', bulk).map((f) => `${f.kind} ${f.table}`)).toEqual(['write product', 'write stock_level', 'sealed stock_level']);
    expect(scanSql('src/catalog/bulk.ts', bulk).map((f) => `${f.kind} ${f.table}`)).toEqual(['write stock_level', 'sealed stock_level']);
    // Locking rows names no table to write.
    expect(scanSql('src/db/seed/lock.ts', `const t = 'product'; const q = (of: string) => \`select 1 for update \${of}\`;`)).toEqual([]);

    const door = new Set(['inventory', 'orders']);
    const imports = `
      import { reserveForOrder } from '../inventory';
      import { heldUnits } from '../inventory/index';
      import { lockLevels } from '../inventory/stock-ledger';
      import type { OrderRef } from '../orders/order-refs.queries';
      import { selectRows } from '../common/sql';
      const later = () => import('../inventory/stock.service');
    `;
    expect(scanImports('src/sync/planted.ts', imports, door).map((b) => b.to)).toEqual([
      'src/inventory/stock-ledger.ts',
      'src/orders/order-refs.queries.ts',
      'src/inventory/stock.service.ts',
    ]);
    expect(scanImports('src/inventory/planted.ts', `import { lockLevels } from './stock-ledger';`, door)).toEqual([]);
    // The composition root wires every module's resolvers into the schema.
    expect(scanImports('src/graphql/schema.ts', `import { INVENTORY_RESOLVERS } from '../inventory/inventory.resolvers';`, door)).toEqual([]);
    expect(scanImports('src/graphql/guards.ts', `import { INVENTORY_RESOLVERS } from '../inventory/inventory.resolvers';`, door)).toHaveLength(1);
  });

  it("no module writes another module's tables", () => {
    expect(findings.filter((f) => f.kind === 'write').map(show)).toEqual([]);
  });

  it("inventory's tables are not named outside src/inventory/", () => {
    expect(findings.filter((f) => f.kind === 'sealed').map(show)).toEqual([]);
  });

  it('holds are written by setOrderHolds only', () => {
    expect(findings.filter((f) => f.kind === 'one-writer').map(show)).toEqual([]);
  });

  it('other modules import a module with a door through its index.ts only', () => {
    const withDoor = doors();
    expect([...withDoor]).toEqual(expect.arrayContaining(['inventory', 'orders']));
    const bad = files.flatMap((f) => scanImports(f, sources.get(f)!, withDoor)).map((b) => `${b.file} -> ${b.to}`);
    expect(bad).toEqual([]);
  });

  // Reads of other modules' tables are allowed for now; BOUNDARY_REPORT=1 lists them.
  afterAll(() => {
    if (!process.env.BOUNDARY_REPORT) return;
    const reads = findings.filter((f) => f.kind === 'read');
    console.log(`${reads.length} reads of other modules' tables:\n${reads.map(show).join('\n')}`);
  });
});
