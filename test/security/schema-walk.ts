import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/**
 * Builds queries from the schema itself, so a walk over it reaches every field there is today
 * and every field added tomorrow: arguments made up from their types (ids and keys aimed at the
 * objects the caller must not reach), every field of a type a few levels down, and the lists of
 * root fields a walk must account for.
 */

/** A GraphQL literal for an ID or String argument (by its name), or undefined for the default. */
export type Aim = (argName: string, scalar: 'ID' | 'String') => string | undefined;

export type RootKind = 'Query' | 'Mutation' | 'Subscription';

/** Names of the root fields of one kind, sorted. */
export function rootFieldNames(schema: GraphQLSchema, kind: RootKind): string[] {
  const type = kind === 'Query' ? schema.getQueryType() : kind === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return type ? Object.keys(type.getFields()).sort() : [];
}

/** Names of the object types that implement Node (what `node(id:)` may be asked for), sorted. */
export function nodeTypeNames(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'))
    .map((t) => t.name)
    .sort();
}

/**
 * How a walk's tables account for a list of schema names: `missing` are in the schema but in no
 * table, `unknown` are in a table but not in the schema (a table left behind by a removed
 * field), `twice` are in more than one table.
 */
export function accountFor(names: readonly string[], tables: Record<string, readonly string[]>): { missing: string[]; unknown: string[]; twice: string[] } {
  const seen = new Map<string, number>();
  for (const list of Object.values(tables)) for (const n of list) seen.set(n, (seen.get(n) ?? 0) + 1);
  return {
    missing: names.filter((n) => !seen.has(n)),
    unknown: [...seen.keys()].filter((n) => !names.includes(n)).sort(),
    twice: [...seen].filter(([, count]) => count > 1).map(([n]) => n).sort(),
  };
}

/** The type name inside a global id (base64url of `Type:uuid`). */
export function typeOfGlobalId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[0];
}

export class SchemaWalk {
  constructor(
    readonly schema: GraphQLSchema,
    private readonly aim: Aim,
  ) {}

  /** A GraphQL literal for an argument of this type: the aimed id or key where one is asked. */
  literal(name: string, type: GraphQLInputType, depth = 0): string {
    const named = getNamedType(type);
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return `[${this.literal(name, inner.ofType, depth + 1)}]`;
    if (isEnumType(named)) return named.getValues()[0].name;
    if (isInputObjectType(named)) {
      const fields = Object.values(named.getFields()).filter((f) => isNonNullType(f.type) && depth < 4);
      return `{ ${fields.map((f) => `${f.name}: ${this.literal(f.name, f.type, depth + 1)}`).join(', ')} }`;
    }
    if (!isScalarType(named)) return 'null';
    switch (named.name) {
      case 'ID':
        return this.aim(name, 'ID') ?? '"x"';
      case 'Int':
      case 'SafeInt':
        return name === 'first' ? '5' : '1';
      case 'Float':
        return '1';
      case 'Boolean':
        return 'false';
      case 'DateTime':
        return JSON.stringify(/to|before/i.test(name) ? '2100-01-01T00:00:00Z' : '2000-01-01T00:00:00Z');
      case 'Decimal':
        return '"1.00"';
      default:
        return this.aim(name, 'String') ?? '"x"';
    }
  }

  /** Arguments of a field: the required ones, `first: 5` on paged ones, and the given ones. */
  args(args: readonly GraphQLArgument[], given: Record<string, string> = {}): string {
    const parts = args
      .filter((a) => isNonNullType(a.type) || a.name === 'first' || a.name in given)
      .map((a) => `${a.name}: ${given[a.name] ?? this.literal(a.name, a.type)}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  /** Every field of a type down to `depth` levels, each object type at most once on a path. */
  selection(type: GraphQLNamedType, depth: number, path: ReadonlySet<string> = new Set([type.name])): string {
    if (!isObjectType(type) && !isInterfaceType(type)) return '';
    const parts: string[] = ['__typename'];
    for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const named = getNamedType(f.type);
      if (isLeafType(named)) parts.push(`${f.name}${this.args(f.args)}`);
      else if (depth > 1 && !path.has(named.name)) {
        const sub = this.selection(named, depth - 1, new Set([...path, named.name]));
        if (sub) parts.push(`${f.name}${this.args(f.args)} { ${sub} }`);
      }
    }
    return parts.join(' ');
  }

  /** The sub-selection a root field needs (empty for a scalar field). */
  fieldSelection(kind: RootKind, field: string, depth: number): string {
    const f = this.rootField(kind, field);
    const named = getNamedType(f.type);
    return isLeafType(named) ? '' : ` { ${this.selection(named, depth)} }`;
  }

  rootField(kind: RootKind, field: string): GraphQLField<unknown, unknown> {
    const type = kind === 'Query' ? this.schema.getQueryType() : kind === 'Mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    const f = type?.getFields()[field];
    if (!f) throw new Error(`${kind}.${field} is not in the schema`);
    return f;
  }

  /**
   * One root query with every field of its answer `depth` levels down. `vars` are passed as
   * variables of the argument's own type; the other required arguments are made up (aimed).
   */
  rootQuery(field: string, vars: Record<string, unknown> = {}, depth = 6): { query: string; variables: Record<string, unknown> } {
    const f = this.rootField('Query', field);
    const declared = f.args.filter((a) => a.name in vars);
    const given = Object.fromEntries(declared.map((a) => [a.name, `$${a.name}`]));
    const header = declared.length ? `(${declared.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
    return { query: `query${header} { r: ${field}${this.args(f.args, given)}${this.fieldSelection('Query', field, depth)} }`, variables: vars };
  }

  /** node(id) selecting every field of the id's own type `depth` levels down. */
  nodeQuery(globalId: string, depth = 4): string {
    const typeName = typeOfGlobalId(globalId);
    const type = this.schema.getType(typeName);
    const fields = type && isObjectType(type) ? `... on ${typeName} { ${this.selection(type, depth)} }` : '';
    return `query($id: ID!) { node(id: $id) { __typename ${fields} } }`;
  }
}
