import {
  createSourceEventStream,
  DocumentNode,
  execute,
  ExecutionArgs,
  ExecutionResult,
  FieldNode,
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeInfo,
  ValidationRule,
  visit,
  visitWithTypeInfo,
  BREAK,
} from 'graphql';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isPostgresError } from '../logger';
import { forbidden, unauthenticated } from '../common/errors';
import { aliasCount, operationCost, queryDepth } from './protection';
import { ActorCache, API_KEY_PREFIX, loadApiKeyActor, loadStaffActor, verifyStaffToken } from '../staff/auth.service';
import { OPERATION_ACCESS, AccessRule, PUBLIC, SIGNED_IN } from '../staff/access';
import { P } from '../staff/permissions';
import type { Actor } from '../staff/actor';

/**
 * The guards every GraphQL operation passes, whichever transport brought it (HTTP through
 * Apollo in server.ts, WebSocket through graphql-ws in websocket.ts): authentication of the
 * bearer credential, the validation rules that production switches on, depth / alias / cost /
 * document-size limits, the check of every string input, and the error formatter that masks
 * anything not meant for the client. A new transport calls these; it never re-implements them.
 */

/** Error codes a client may see as they are; anything else is masked. */
export const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'MAX_COST_EXCEEDED', 'DOCUMENT_TOO_LARGE', 'TOO_MANY_SUBSCRIPTIONS',
]);

/** Subscriptions one WebSocket connection may hold at once; each holds a listener and a context. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** Room for variables and the message envelope beside the largest document, in a WebSocket message. */
export const WS_VARIABLES_ROOM_BYTES = 64 * 1024;

export interface GuardLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxDocumentBytes: number;
}

/** A request refused before it ran (HTTP 400). */
export function refuse(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });
}

// ---------------------------------------------------------------------------------------------
// Authentication

/** The caller behind an `Authorization` value (`Bearer <JWT>` or `Bearer mck_…`), or why there is none. */
export async function authenticate(
  header: string | undefined,
  em: EntityManager,
  jwtSecret: string,
  actorCache: ActorCache,
): Promise<{ actor: Actor | null; authError?: string }> {
  if (!header) return { actor: null };
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) return { actor: null, authError: 'The Authorization header must be "Bearer <token>"' };
  const credential = m[1];
  if (credential.startsWith(API_KEY_PREFIX)) {
    const actor = await loadApiKeyActor(em, credential);
    return actor ? { actor } : { actor: null, authError: 'The API key is unknown or revoked' };
  }
  let staffId: string;
  try {
    staffId = verifyStaffToken(jwtSecret, credential);
  } catch (err) {
    const expired = err instanceof Error && err.name === 'TokenExpiredError';
    return { actor: null, authError: expired ? 'The token has expired: sign in again' : 'The token is not valid' };
  }
  const actor = await actorCache.get(staffId, () => loadStaffActor(em, staffId));
  return actor ? { actor } : { actor: null, authError: 'The account is inactive or no longer exists' };
}

/**
 * What each subscription needs, checked when it starts and again before every event it sends
 * (a person deactivated or stripped of the permission stops receiving at once). An `@Allow`
 * declaration of `Subscription.<field>` takes precedence; a subscription declared nowhere is
 * refused, and the schema refuses to build (schema.ts).
 */
export const SUBSCRIPTION_ACCESS: Readonly<Record<string, readonly AccessRule[]>> = {
  syncRunUpdated: [P.ChannelsRead],
};

export function subscriptionAccess(field: string): readonly AccessRule[] | undefined {
  return OPERATION_ACCESS.get(`Subscription.${field}`) ?? SUBSCRIPTION_ACCESS[field];
}

/** Throws UNAUTHENTICATED / FORBIDDEN unless the actor may run the subscription `field`. */
export function requireSubscriptionAccess(actor: Actor | null, authError: string | undefined, field: string): void {
  const rules = subscriptionAccess(field);
  if (!rules) throw forbidden(`The subscription ${field} declares no permission`);
  if (rules.includes(PUBLIC)) return;
  if (!actor) throw unauthenticated(authError);
  if (rules.includes(SIGNED_IN) || rules.some((r) => actor.permissions.has(r))) return;
  throw forbidden(`This needs the permission ${rules.join(' or ')}`);
}

// ---------------------------------------------------------------------------------------------
// Validation and limits

/** Validation rules added to graphql-js's own: production refuses introspection. */
export function validationRules(production: boolean): ValidationRule[] {
  return production ? [NoSchemaIntrospectionCustomRule] : [];
}

export function checkDocumentSize(query: unknown, limits: GuardLimits): GraphQLError | undefined {
  if (typeof query !== 'string' || Buffer.byteLength(query) <= limits.maxDocumentBytes) return undefined;
  return new GraphQLError(`The query document exceeds ${limits.maxDocumentBytes} bytes`, { extensions: { code: 'DOCUMENT_TOO_LARGE', http: { status: 413 } } });
}

/**
 * Refuses too deep, too aliased or too costly operations before any resolver runs (throws a
 * coded GraphQLError); returns the calculated cost.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  limits: GuardLimits,
): number {
  const depth = operation ? queryDepth(document, operation) : 0;
  if (depth > limits.maxDepth) throw refuse(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, 'QUERY_TOO_DEEP');
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) throw refuse(`The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`, 'TOO_MANY_ALIASES');
  const cost = operationCost(schema, document, operationName, variables);
  if (cost > limits.maxCost) {
    throw refuse(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`, 'MAX_COST_EXCEEDED', {
      cost: { requestedQueryCost: cost, maximumAvailable: limits.maxCost },
    });
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------
// String inputs

/** Most characters a string input may have unless the table below says otherwise. */
export const DEFAULT_MAX_LENGTH = 2000;
/** Ids are short (global ids are at most 200 characters, see common/ids.ts). */
const MAX_ID_LENGTH = 500;
/** JSON inputs (channel credentials, listing attributes), measured as JSON text. */
const MAX_JSON_LENGTH = 20_000;

/**
 * Longest string inputs, by `Type.field` (input object fields), `Parent.field.argument`
 * (arguments), or `*.name` (any field or argument of that name). Each is at or above what the
 * service itself accepts, so a value a little too long still gets the service's own userError;
 * the guard stops values no one could mean before they cost anything.
 */
export const MAX_LENGTH: Readonly<Record<string, number>> = {
  // Whole files pasted as text: bounded by the 2 MB request body and the importers' row limits.
  'Mutation.importProducts.csv': 2_000_000,
  'ImportStockInput.csv': 2_000_000,
  // Long free text.
  'CreateProductInput.description': 50_000,
  'UpdateProductInput.description': 50_000,
  'TranslationInput.description': 50_000,
  'AddOrderNoteInput.text': 8000,
  '*.note': 4000,
  '*.buyerMessage': 4000,
  '*.sellerMemo': 4000,
  '*.reason': 2000,
  '*.description': 2000,
  '*.attributes': 50_000,
  '*.credentials': 20_000,
  // People and sign-in.
  '*.email': 320,
  '*.password': 1024,
  '*.currentPassword': 1024,
  '*.newPassword': 1024,
  '*.name': 500,
  '*.nameZh': 500,
  '*.nickname': 200,
  '*.phone': 64,
  // Addresses.
  '*.address1': 500,
  '*.address2': 500,
  '*.province': 200,
  '*.city': 200,
  '*.district': 200,
  '*.country': 64,
  '*.postalCode': 32,
  // Codes, keys and identifiers.
  '*.sku': 200,
  '*.skus': 200,
  '*.barcode': 200,
  '*.code': 100,
  '*.binCode': 100,
  '*.binCodes': 100,
  '*.zone': 100,
  '*.zoneCode': 100,
  '*.warehouseCode': 100,
  '*.warehouseCodes': 100,
  '*.fromWarehouseCode': 100,
  '*.toWarehouseCode': 100,
  '*.key': 100,
  '*.roleKey': 100,
  '*.roleKeys': 100,
  '*.departmentKey': 100,
  '*.permissions': 100,
  '*.channelKey': 100,
  '*.channelId': 200,
  '*.channelIds': 200,
  '*.enabledOps': 100,
  '*.currency': 64,
  '*.locale': 35,
  '*.reference': 500,
  '*.externalId': 200,
  '*.externalLineId': 200,
  '*.buyerId': 200,
  '*.marketplaceId': 200,
  '*.categoryId': 200,
  '*.idempotencyKey': 500,
  '*.carrier': 200,
  '*.trackingNumber': 200,
  '*.trackingUrl': 2048,
  '*.service': 200,
  '*.supplierName': 500,
  '*.action': 200,
  '*.amount': 100,
  // Titles, names of things, option values.
  '*.title': 1000,
  '*.optionText': 1000,
  '*.optionValues': 200,
  '*.values': 200,
  '*.alt': 1000,
  '*.url': 4096,
  '*.baseUrl': 2048,
  // Lists and search.
  '*.search': 500,
  '*.after': 1000,
  '*.before': 1000,
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function maxLengthOf(key: string, name: string, scalar: string): number {
  return MAX_LENGTH[key] ?? MAX_LENGTH[`*.${name}`] ?? (scalar === 'ID' ? MAX_ID_LENGTH : scalar === 'JSON' || scalar === 'JSONObject' ? MAX_JSON_LENGTH : DEFAULT_MAX_LENGTH);
}

function badText(message: string, field: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, ...extra, http: { status: 400 } } });
}

/** Why one piece of text may not be stored, or undefined. */
function textProblem(value: string, label: string, limit: number | undefined): GraphQLError | undefined {
  if (limit !== undefined && value.length > limit) {
    return badText(`${label} is ${value.length} characters long; at most ${limit} characters are allowed`, label, { maxLength: limit });
  }
  if (value.includes('\u0000')) return badText(`${label} contains a NUL character, which text may not hold`, label);
  if (LONE_SURROGATE.test(value)) return badText(`${label} is not valid Unicode text (it holds a lone surrogate, so it cannot be written as UTF-8)`, label);
  return undefined;
}

/** Every string (and object key) inside a JSON value; stops at the first problem. */
function jsonTextProblem(value: unknown, label: string, depth = 0): GraphQLError | undefined {
  if (typeof value === 'string') return textProblem(value, label, undefined);
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const problem = textProblem(k, label, undefined) ?? jsonTextProblem(v, label, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Walks one coerced input value with its type. */
function inputProblem(value: unknown, type: GraphQLInputType, key: string, name: string, label: string): GraphQLError | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return inputProblem(value, type.ofType, key, name, label);
  if (isListType(type)) {
    if (!Array.isArray(value)) return inputProblem(value, type.ofType, key, name, label);
    for (let i = 0; i < value.length; i++) {
      const problem = inputProblem(value[i], type.ofType, key, name, `${label}.${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [fieldName, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[fieldName];
      if (!field) continue;
      const problem = inputProblem(v, field.type, `${type.name}.${fieldName}`, fieldName, `${label}.${fieldName}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isEnumType(type)) return undefined;
  const limit = maxLengthOf(key, name, type.name);
  if (typeof value === 'string') return textProblem(value, label, limit);
  if (typeof value === 'object') {
    const size = JSON.stringify(value)?.length ?? 0;
    if (size > limit) return badText(`${label} is ${size} characters long as JSON; at most ${limit} characters are allowed`, label, { maxLength: limit });
    return jsonTextProblem(value, label);
  }
  return undefined;
}

/**
 * Checks every string that reaches a resolver (arguments and input-object fields, from
 * literals and from variables, on every field of the operation) before any resolver runs:
 * text longer than its limit, a NUL character (PostgreSQL cannot store it) or a lone surrogate
 * (not valid Unicode: it would be stored as U+FFFD) is refused with BAD_USER_INPUT naming the
 * argument path. Variables that do not coerce are left to execution to report, unless
 * `reportVariableErrors` (then they come back as BAD_USER_INPUT).
 */
export function inputErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
  opts: { reportVariableErrors?: boolean } = {},
): GraphQLError[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 10 });
  if (coerced.errors) {
    return opts.reportVariableErrors
      ? coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }))
      : [];
  }
  const variables = coerced.coerced;
  let found: GraphQLError | undefined;
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node: FieldNode) {
      if (!node.arguments?.length) return undefined;
      const fieldDef = typeInfo.getFieldDef();
      const parent = typeInfo.getParentType();
      if (!fieldDef || !parent) return undefined;
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(fieldDef, node, variables);
      } catch {
        return undefined; // execution reports an argument that does not coerce
      }
      for (const argDef of fieldDef.args) {
        const problem = inputProblem(args[argDef.name], argDef.type, `${parent.name}.${fieldDef.name}.${argDef.name}`, argDef.name, `${fieldDef.name}.${argDef.name}`);
        if (problem) {
          found = problem;
          return BREAK;
        }
      }
      return undefined;
    },
  });
  visit(operation, visitor);
  for (const def of document.definitions) {
    if (found) break;
    if (def.kind === Kind.FRAGMENT_DEFINITION) visit(def, visitor);
  }
  return found ? [found] : [];
}

/** Name of the one root field of an operation (following fragments), e.g. "syncRunUpdated". */
export function rootFieldName(document: DocumentNode, operation: OperationDefinitionNode): string | undefined {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const first = (set: SelectionSetNode, seen: Set<string>): string | undefined => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) return sel.name.value;
      if (sel.kind === Kind.INLINE_FRAGMENT) return first(sel.selectionSet, seen);
      const frag = fragments.get(sel.name.value);
      if (frag && !seen.has(sel.name.value)) return first(frag.selectionSet, new Set([...seen, sel.name.value]));
    }
    return undefined;
  };
  return first(operation.selectionSet, new Set());
}

// ---------------------------------------------------------------------------------------------
// Database errors caused by a value

/** What a SQLSTATE caused by a value means, in words for the client. */
const VALUE_ERRORS: Record<string, string> = {
  '22001': 'A text value is longer than the database allows',
  '22003': 'A number is out of the range the database can store',
  '22007': 'A date or time is not in a valid format',
  '22008': 'A date or time is out of range',
  '22012': 'A value leads to a division by zero',
  '22021': 'Text contains a NUL character or bytes that are not valid UTF-8',
  '22P02': 'A value is not in the expected format (an id, a number or a date)',
  '22P05': 'Text contains a character the database cannot store',
  '23514': 'A value breaks a rule of the data',
  '54000': 'A value is too large for the database to store',
};

/**
 * The BAD_USER_INPUT error for a PostgreSQL error raised because of a value: data exceptions
 * (SQLSTATE class 22: out-of-range numbers and dates, malformed values, NUL bytes), check
 * violations (23514) and program limits (54000, e.g. an index row too big). Only errors that
 * come from PostgreSQL count, never a JS error that happens to carry such a code. The message
 * names the constraint, index or column when PostgreSQL does, and never the SQL or the values.
 */
export function databaseInputError(err: unknown): GraphQLError | undefined {
  if (!isPostgresError(err)) return undefined;
  const code = err.code;
  if (!(code.startsWith('22') || code === '23514' || code === '54000')) return undefined;
  let message = VALUE_ERRORS[code] ?? 'A value is not valid for the database';
  const names: string[] = [];
  if (err.constraint) names.push(`constraint ${err.constraint}`);
  if (code === '54000') {
    // e.g. 'index row size 3016 exceeds btree version 4 maximum 2704 for index "x"': PostgreSQL's
    // own text comes last in the message, after the statement; only the identifier is taken.
    const index = [...err.message.matchAll(/for index "([A-Za-z0-9_]{1,63})"/g)].pop()?.[1];
    if (index) names.push(`index ${index}`);
  }
  if (err.column) names.push(`column ${err.column}${err.table ? ` of ${err.table}` : ''}`);
  if (names.length) message += ` (${names.join(', ')})`;
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', sqlState: code, ...(err.constraint ? { constraint: err.constraint } : {}) },
  });
}

// ---------------------------------------------------------------------------------------------
// Error formatting and logging

// Apollo's own wording of schema hints in validation messages ("Did you mean …?").
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export interface FormatOptions {
  production: boolean;
  /** Put into a masked error's extensions where the transport has no response-level extensions. */
  requestId?: string;
}

/**
 * The one error formatter: public codes pass as they are (without stack or HTTP details, and
 * in production without field suggestions), class-validator failures and PostgreSQL value
 * errors become BAD_USER_INPUT, and everything else becomes INTERNAL_SERVER_ERROR, logged
 * (logInternalErrors) with the request id the client sees.
 */
export function formatGraphQLError(opts: FormatOptions, error: unknown, formatted?: GraphQLFormattedError): GraphQLFormattedError {
  const gqlError = error instanceof GraphQLError ? error : undefined;
  formatted ??= gqlError ? gqlError.toJSON() : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  const where = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
  const original = gqlError?.originalError as { name?: string; extensions?: Record<string, unknown>; validationErrors?: unknown } | undefined;
  if (original?.name === 'ArgumentValidationError') {
    return { ...formatted, extensions: { code: 'BAD_USER_INPUT', validationErrors: original.extensions?.validationErrors ?? original.validationErrors } };
  }
  const dbInput = databaseInputError(original);
  if (dbInput) return { message: dbInput.message, ...where, extensions: dbInput.extensions };
  const code = formatted.extensions?.code as string | undefined;
  if (code && PUBLIC_CODES.has(code)) {
    const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: opts.production ? formatted.message.replace(SUGGESTION, '') : formatted.message, extensions };
  }
  return { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(opts.requestId ? { requestId: opts.requestId } : {}) } };
}

/** Logs the errors a client sees masked (and the values PostgreSQL refused, at info), bounded by the logger's serializer. */
export function logInternalErrors(log: Logger, errors: readonly GraphQLError[]): void {
  for (const err of errors) {
    const code = err.extensions?.code as string | undefined;
    if (code && PUBLIC_CODES.has(code)) continue;
    const original = err.originalError as { name?: string } | undefined;
    if (original?.name === 'ArgumentValidationError') continue;
    if (databaseInputError(original)) {
      log.info({ err: original, path: err.path }, 'the database refused a value');
      continue;
    }
    log.error({ err: original ?? err, path: err.path }, 'internal error');
  }
}

/** Tags errors graphql-js made without a code (parse and validation) so the formatter lets them through. */
export function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map((e) => (e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: { ...e.extensions, code } })));
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

/**
 * Runs a subscription as graphql-js would (source stream, then one execution per event), but
 * calls `beforeEvent` before executing each event: when it throws (the caller was deactivated
 * or lost the permission), the stream ends with that error instead of streaming on. Ending it
 * (return) lets go of the source at once, even while it waits for the next event.
 */
export async function subscribeRechecked(args: ExecutionArgs, beforeEvent: () => Promise<void>): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const it = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let ended = false;
  let endNow: (() => void) | undefined;
  const endSignal = new Promise<IteratorResult<unknown>>((resolve) => (endNow = () => resolve({ done: true, value: undefined })));
  const end = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    endNow?.();
    // Not awaited: an async generator waiting inside (for its next event) would only act on
    // return() once that event came.
    void Promise.resolve(it.return?.()).catch(() => undefined);
  };
  const stream = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<ExecutionResult>> {
      if (ended) return { done: true, value: undefined };
      const event = await Promise.race([it.next(), endSignal]);
      if (event.done || ended) {
        await end();
        return { done: true, value: undefined };
      }
      try {
        await beforeEvent();
      } catch (err) {
        await end();
        throw err;
      }
      return { done: false, value: (await execute({ ...args, rootValue: event.value })) as ExecutionResult };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await end();
      return { done: true, value: undefined };
    },
    async throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
      await end();
      throw err;
    },
  };
  return stream as unknown as AsyncGenerator<ExecutionResult>;
}
