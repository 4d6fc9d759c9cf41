import {
  GraphQLArgument,
  GraphQLInputType,
  GraphQLSchema,
  getNamedType,
  getNullableType,
  isLeafType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { buildAppSchema, undeclaredOperations } from '../src/graphql/schema';
import { OPERATION_ACCESS, PUBLIC, SIGNED_IN } from '../src/staff/access';
import { BUILT_IN_ROLES } from '../src/staff/roles';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The permission matrix: every operation × every built-in role × anonymous gives exactly
 * what the table in src/staff/roles.ts and the operations' @Allow declarations say.
 */
let t: TestApp;
let schema: GraphQLSchema;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  schema = await buildAppSchema();
  for (const role of BUILT_IN_ROLES) tokens.set(role.key, await t.staffToken([role.key], { departmentKey: role.department }));
});
afterAll(() => t.stop());

const MISSING_ID = Buffer.from('Product:00000000-0000-4000-8000-000000000000').toString('base64url');

/** A syntactically valid value for a type: enough to get past parsing to the permission check. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return sample(type.ofType, depth);
  const t0 = getNullableType(type);
  if (isListType(t0)) return [];
  if (isEnumType(t0)) return t0.getValues()[0].value;
  if (isInputObjectType(t0)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t0.getFields())) if (isNonNullType(f.type) && depth < 4) out[f.name] = sample(f.type, depth + 1);
    return out;
  }
  if (isScalarType(t0)) {
    switch (t0.name) {
      case 'ID': return MISSING_ID;
      case 'Int': return 1;
      case 'Float': return 1;
      case 'Boolean': return false;
      case 'Decimal': return '1.00';
      case 'DateTime': return '2026-01-01T00:00:00Z';
      default: return `matrix-${Math.random().toString(36).slice(2, 8)}@example.com`;
    }
  }
  return null;
}

function operationText(kind: 'query' | 'mutation', name: string, args: readonly GraphQLArgument[], leaf: boolean): { query: string; variables: Record<string, unknown> } {
  const required = args.filter((a) => isNonNullType(a.type));
  const defs = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const pass = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
  return { query: `${kind}${defs ? `(${defs})` : ''} { r: ${name}${pass ? `(${pass})` : ''}${leaf ? '' : ' { __typename }'} }`, variables };
}

function expected(op: string, role: string | null): 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  // node(id:) checks what the typed query of the id's type needs; the sample id is a Product's.
  const rules = op === 'Query.node' ? [...OPERATION_ACCESS.get('Query.product')!] : OPERATION_ACCESS.get(op)!;
  if (rules.includes(PUBLIC)) return 'ALLOWED';
  if (!role) return 'UNAUTHENTICATED';
  if (rules.includes(SIGNED_IN)) return 'ALLOWED';
  const perms = BUILT_IN_ROLES.find((r) => r.key === role)!.permissions as string[];
  return rules.some((r) => perms.includes(r)) ? 'ALLOWED' : 'FORBIDDEN';
}

function outcome(errors: { extensions?: Record<string, unknown> }[] | undefined): 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  const code = errors?.[0]?.extensions?.code;
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'ALLOWED';
}

describe('default deny', () => {
  it('every query and mutation declares its permission', () => {
    expect(undeclaredOperations(schema)).toEqual([]);
    const roots = [...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`), ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`)];
    expect(roots.filter((r) => !OPERATION_ACCESS.has(r))).toEqual([]);
  });
});

describe('permission matrix', () => {
  for (const kind of ['mutation', 'query'] as const) {
    it(`every ${kind} × every built-in role × anonymous gives what the table says`, async () => {
      const root = kind === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
      const mismatches: string[] = [];
      let checked = 0;
      for (const field of Object.values(root.getFields())) {
        const op = `${root.name}.${field.name}`;
        const { query, variables } = operationText(kind, field.name, field.args, isLeafType(getNamedType(field.type)));
        for (const role of [null, ...BUILT_IN_ROLES.map((r) => r.key)]) {
          const res = await t.gql(query, variables, role ? tokens.get(role) : undefined);
          const got = outcome(res.errors);
          const want = expected(op, role);
          checked++;
          if (got !== want) mismatches.push(`${op} as ${role ?? 'anonymous'}: expected ${want}, got ${got} ${JSON.stringify(res.errors?.[0] ?? '')}`);
        }
      }
      expect(checked).toBeGreaterThan(BUILT_IN_ROLES.length * 5);
      expect(mismatches).toEqual([]);
    });
  }
});
