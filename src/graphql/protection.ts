import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  GraphQLCompositeType,
  valueFromAST,
  getVariableValues,
  visit,
  DocumentNode,
  isObjectType,
  isInterfaceType,
  isScalarType,
  getNullableType,
  typeFromAST,
} from 'graphql';
import { DEFAULT_PAGE } from '../common/relay';

/**
 * Query protection, measured once the operation is resolved and before any resolver runs:
 * depth, aliases and a calculated cost (as Shopify's Admin API reports it, with variables
 * known). Document size is limited at the HTTP layer.
 */

/** Deepest field nesting of the operation, following fragments (introspection fields count 0). */
export function queryDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const sel of set.selections) {
      let d = 0;
      if (sel.kind === Kind.FIELD) d = sel.name.value.startsWith('__') ? 0 : 1 + depthOf(sel.selectionSet, seen);
      else if (sel.kind === Kind.INLINE_FRAGMENT) d = depthOf(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        d = frag ? depthOf(frag.selectionSet, new Set([...seen, sel.name.value])) : 0;
      }
      if (d > deepest) deepest = d;
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** Number of aliased fields in the whole document. */
export function aliasCount(document: DocumentNode): number {
  let aliases = 0;
  visit(document, {
    Field(node: FieldNode) {
      if (node.alias) aliases++;
    },
  });
  return aliases;
}

/**
 * Calculated cost of an operation: every field that returns an object costs 1, scalars cost 0,
 * and a field with `first` / `last` multiplies the cost of its selection by that page size
 * (default page size when neither is given), plus 2 for the page itself.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName)) operation ??= def;
  }
  if (!operation) return 0;
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  // Page sizes given by variables the request leaves out take the variables' defaults, as
  // execution will: costing them at the field's default would let a large page through. Only
  // scalar variables can be page sizes: input objects (a batch of a hundred orders) are not
  // coerced here, which would cost as much again as coercing them for execution does.
  const scalars = (operation.variableDefinitions ?? []).filter((d) => isScalarType(getNullableType(typeFromAST(schema, d.type))));
  const coerced = getVariableValues(schema, scalars, variables);
  if (coerced.coerced) variables = coerced.coerced;
  // Mutations cost 10 each, as writes are dearer than reads.
  const base = operation.operation === 'mutation' ? 10 : 0;

  const argValue = (node: FieldNode, field: GraphQLField<unknown, unknown>, name: string): unknown => {
    const argNode = node.arguments?.find((a) => a.name.value === name);
    const argDef = field.args.find((a) => a.name === name);
    if (!argNode || !argDef) return undefined;
    return valueFromAST(argNode.value, argDef.type, variables);
  };

  const costOf = (type: GraphQLCompositeType, set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        let field: GraphQLField<unknown, unknown> | undefined;
        if (isObjectType(type) || isInterfaceType(type)) field = type.getFields()[sel.name.value];
        if (!field) continue;
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        const child = costOf(named, sel.selectionSet, seen);
        const first = argValue(sel, field, 'first');
        const last = argValue(sel, field, 'last');
        const paged = field.args.some((a) => a.name === 'first' || a.name === 'last');
        if (paged) {
          const size = typeof first === 'number' ? first : typeof last === 'number' ? last : DEFAULT_PAGE;
          total += 2 + size * child;
        } else {
          total += 1 + child;
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
        total += costOf(cond && isCompositeType(cond) ? cond : type, sel.selectionSet, seen);
      } else if (!seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        if (!frag) continue;
        const cond = schema.getType(frag.typeCondition.name.value);
        total += costOf(cond && isCompositeType(cond) ? cond : type, frag.selectionSet, new Set([...seen, sel.name.value]));
      }
    }
    return total;
  };
  return base + costOf(root, operation.selectionSet, new Set());
}
