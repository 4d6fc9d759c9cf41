import { ArgsType, ClassType, Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { badInput } from './errors';

/** The Relay Node interface: anything with a global id that `node(id:)` can fetch. */
@InterfaceType({ description: 'An object with a globally unique, opaque id that `node(id:)` can fetch.' })
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique opaque id.' })
  id!: string;
}

@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow the last one of this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether more items come before the first one of this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page.' })
  endCursor!: string | null;
}

/** Largest page a connection serves. */
export const MAX_PAGE = 250;
/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return the first n items after \`after\` (at most ${MAX_PAGE}).` })
  @Min(0)
  @Max(MAX_PAGE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor to page forward from (exclusive).' })
  after?: string;

  @Field(() => Int, { nullable: true, description: `Return the last n items before \`before\` (at most ${MAX_PAGE}).` })
  @Min(0)
  @Max(MAX_PAGE)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Cursor to page backward from (exclusive).' })
  before?: string;
}

/** A resolved page: the rows plus how to count the whole list lazily. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Runs the count only when a client asks for totalCount. */
  totalCount: () => Promise<number>;
}

/** Makes `<Name>Connection` and `<Name>Edge` types for a node class. */
export function Connection<T extends object>(nodeClass: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${what} in a connection, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item, for `after` / `before`.' })
    cursor!: string;

    @Field(() => nodeClass, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s.` })
  class Conn {
    @Field(() => [Edge], { simple: true, description: 'The items of this page with their cursors.' })
    edges!: Edge[];

    @Field(() => PageInfo, { simple: true, description: 'Position of this page in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => [nodeClass], { description: 'The items of this page without cursors.' })
    nodes(): T[] {
      return this.edges.map((e) => e.node);
    }

    @Field(() => Int, { description: 'How many items the whole list holds with the current filter (counted only when asked for).' })
    totalCount(): Promise<number> {
      return (this as unknown as { count: () => Promise<number> }).count();
    }
  }
  return Conn;
}

/** Turns a Page into the object the generated connection type resolves from. */
export function toConnection<T>(page: Page<T>): object {
  return { edges: page.edges, pageInfo: page.pageInfo, count: page.totalCount };
}

/** Normalised paging request: direction, size and the decoded cursor. */
export interface PageRequest {
  /** Read backward (last/before) instead of forward. */
  backward: boolean;
  limit: number;
  cursor?: unknown[];
}

/** Cursors are base64url JSON of the sort key values of the row. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v;
  } catch {
    // fall through
  }
  throw badInput('The cursor is not valid for this list; use a cursor returned by the same query.');
}

/** Checks first/last/after/before and returns what to fetch. */
export function pageRequest(args: ConnectionArgs, arity: number): PageRequest {
  if (args.first != null && args.last != null) throw badInput('Pass either `first` or `last`, not both.');
  for (const [k, v] of [['first', args.first], ['last', args.last]] as const) {
    if (v != null && (v < 0 || v > MAX_PAGE)) throw badInput(`\`${k}\` must be between 0 and ${MAX_PAGE}.`);
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE;
  const raw = backward ? args.before : args.after;
  return { backward, limit, cursor: raw ? decodeCursor(raw, arity) : undefined };
}

/**
 * Builds the page from rows fetched with limit + 1 (the extra row says whether more follow).
 * Rows fetched backward arrive reversed and are put back in list order.
 */
export function buildPage<T>(
  rows: T[],
  req: PageRequest,
  cursorOf: (row: T) => unknown[],
  count: () => Promise<number>,
  hadCursor: { after: boolean; before: boolean },
): Page<T> {
  const more = rows.length > req.limit;
  const slice = more ? rows.slice(0, req.limit) : rows;
  if (req.backward) slice.reverse();
  const edges = slice.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = req.backward ? hadCursor.before : more;
  pageInfo.hasPreviousPage = req.backward ? more : hadCursor.after;
  pageInfo.startCursor = edges[0]?.cursor ?? null;
  pageInfo.endCursor = edges[edges.length - 1]?.cursor ?? null;
  let counted: Promise<number> | undefined;
  return { edges, pageInfo, totalCount: () => (counted ??= count()) };
}
