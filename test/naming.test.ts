import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * One naming scheme per role (README, "Naming"): a GraphQL input lives in `*.inputs.ts`, a
 * mutation result in `*.payloads.ts`, other object types and enums in `*.types.ts`; SQL readers
 * are `*.queries.ts`. The shared shapes of src/common/ (UserError, PageInfo, Money, …) and the
 * status table of orders (order-status.ts registers its enums beside the transitions) are the
 * exceptions. Retired suffixes may not come back.
 */

const ROOT = path.resolve(__dirname, '..');

/** Where an enum may be registered besides `*.types.ts`. */
const ENUM_HOMES = new Set(['src/orders/order-status.ts']);

/** Suffixes the scheme replaced, and what to use instead. */
const RETIRED: Record<string, string> = {
  '.gql.ts': '.types.ts, .inputs.ts or .payloads.ts',
  '.rows.ts': '.queries.ts',
  '.query.ts': '.queries.ts',
  '.sql.ts': '.queries.ts',
  '.lookup.ts': '.queries.ts',
  '.store.ts': '.service.ts',
  '.subscription.ts': '.resolver.ts',
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

/** The decorator names on a class (ObjectType, InputType, …). */
function decorators(node: ts.ClassDeclaration): string[] {
  return (ts.getDecorators(node) ?? []).flatMap((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? [callee.text] : [];
  });
}

/** What in one file sits in the wrong kind of file: `Name: what (file)`. */
function misplaced(rel: string, source: string): string[] {
  if (rel.startsWith('src/common/')) return [];
  const sf = ts.createSourceFile(rel, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const is = (suffix: string) => rel.endsWith(suffix);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) {
      const name = node.name.text;
      const kinds = decorators(node);
      if ((kinds.includes('InputType') || kinds.includes('ArgsType')) && !is('.inputs.ts')) found.push(`${name}: input outside *.inputs.ts`);
      if (kinds.includes('ObjectType') && name.endsWith('Payload') && !is('.payloads.ts')) found.push(`${name}: payload outside *.payloads.ts`);
      if (kinds.includes('ObjectType') && !name.endsWith('Payload') && !is('.types.ts') && !is('.payloads.ts')) found.push(`${name}: object type outside *.types.ts`);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'registerEnumType' && !is('.types.ts') && !ENUM_HOMES.has(rel)) {
      const arg = node.arguments[0];
      found.push(`${arg && ts.isIdentifier(arg) ? arg.text : '?'}: enum outside *.types.ts`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.map((f) => `${f} (${rel})`);
}

describe('naming: one role per file suffix', () => {
  const files = walk('src');

  it('the check finds a shape in the wrong kind of file and lets the right ones through', () => {
    const shapes = `
      import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
      export enum Colour { RED = 'RED' }
      registerEnumType(Colour, { name: 'Colour' });
      @InputType() export class PaintInput { @Field() colour!: string; }
      @ObjectType() export class PaintPayload { @Field() ok!: boolean; }
      @ObjectType() export class Paint { @Field() colour!: string; }
    `;
    expect(misplaced('src/paint/paint.resolver.ts', shapes).sort()).toEqual(
      [
        'Colour: enum outside *.types.ts (src/paint/paint.resolver.ts)',
        'Paint: object type outside *.types.ts (src/paint/paint.resolver.ts)',
        'PaintInput: input outside *.inputs.ts (src/paint/paint.resolver.ts)',
        'PaintPayload: payload outside *.payloads.ts (src/paint/paint.resolver.ts)',
      ].sort(),
    );
    expect(misplaced('src/paint/paint.types.ts', shapes).map((f) => f.split(':')[0]).sort()).toEqual(['PaintInput', 'PaintPayload']);
    expect(misplaced('src/paint/paint.inputs.ts', `@InputType() class PaintInput {}`)).toEqual([]);
    expect(misplaced('src/paint/paint.payloads.ts', `@ObjectType() class PaintPayload {} @ObjectType() class PaintRowError {}`)).toEqual([]);
    expect(misplaced('src/common/errors.ts', `@ObjectType() class UserError {}`)).toEqual([]);
  });

  it('GraphQL inputs, payloads, object types and enums live in files named for their role', () => {
    expect(files.flatMap((f) => misplaced(f, fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('no file uses a retired suffix', () => {
    const retired = files.flatMap((f) => Object.keys(RETIRED).filter((s) => f.endsWith(s)).map((s) => `${f}: use ${RETIRED[s]}`));
    expect(retired).toEqual([]);
  });
});
