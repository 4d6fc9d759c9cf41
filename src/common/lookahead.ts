import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved asks for a sub-field called `name` (under any alias, in
 * fragments too; directives not weighed), so a resolver can load now, in one go for the whole
 * list, what that sub-field will need. An answer of true when @skip drops the field costs only
 * a load that was not needed.
 */
export function asksFor(info: GraphQLResolveInfo, name: string): boolean {
  const spread = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) return true;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (within(s.selectionSet)) return true;
      } else if (!spread.has(s.name.value)) {
        spread.add(s.name.value);
        if (within(info.fragments[s.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
