import crypto from 'node:crypto';
import type http from 'node:http';
import { ExecutionArgs, getOperationAST, GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { FormattedExecutionResult } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config } from '../config';
import { Context, createContext } from '../context';
import { Database } from '../db/database';
import type { ActorCache } from '../staff/auth.service';
import type { Actor } from '../staff/actor';
import type { RunNotifications } from '../sync/run-notifications';
import { unauthenticated } from '../common/errors';
import {
  authenticate,
  checkDocumentSize,
  checkOperation,
  formatGraphQLError,
  inputErrors,
  logInternalErrors,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  refuse,
  requireSubscriptionAccess,
  rootFieldName,
  subscribeRechecked,
  validationRules,
  withCode,
  WS_VARIABLES_ROOM_BYTES,
} from './guards';

export interface WebSocketDeps {
  schema: GraphQLSchema;
  config: Config;
  db: Database;
  log: Logger;
  jwtSecret: string;
  actorCache: ActorCache;
  runNotifications: RunNotifications;
}

/** A connection that passed connection_init: its credential and the operations it runs. */
interface Connection {
  authorization: string;
  clientAddress: string | null;
  operations: Map<string, Context>;
}

/** What a subscription's context needs to check its caller again before each event. */
interface Recheck {
  authorization: string;
  field: string;
}

// Queries and mutations are refused over WebSocket: everything they do is served by HTTP POST,
// where mutations get their CSRF protection and the request/response shape clients and proxies
// expect, and a socket that only streams subscriptions is a much smaller thing to guard (no
// long writes held open on a connection, no second way to reach every resolver).
const ONLY_SUBSCRIPTIONS = 'Only subscriptions run over WebSocket: send queries and mutations to POST /graphql';

function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const v = params?.authorization ?? params?.Authorization;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * graphql-ws on /graphql behind the same guards as HTTP (guards.ts): connection_init must carry
 * a valid credential or the socket is closed (4403) before any operation; every subscription is
 * parsed, validated with the production rules, limited in depth, aliases, cost and size, its
 * string inputs checked and its access checked, then re-checked before every event; errors are
 * masked by the same formatter. Messages are capped at the document limit plus room for
 * variables, and a connection holds a bounded number of subscriptions.
 */
export function startWebSocketServer(httpServer: http.Server, deps: WebSocketDeps): { close(): Promise<void> } {
  const { schema, config, db, log, jwtSecret, actorCache, runNotifications } = deps;
  const limits = config.graphql;
  const rules = [...specifiedRules, ...validationRules(config.production)];
  const connections = new WeakMap<object, Connection>();
  const rechecks = new WeakMap<object, Recheck>();
  const format = (requestId: string | undefined, errors: readonly GraphQLError[]) =>
    errors.map((e) => formatGraphQLError({ production: config.production, requestId }, e));

  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: limits.maxDocumentBytes + WS_VARIABLES_ROOM_BYTES });
  const server = useServer(
    {
      isProd: config.production,
      onConnect: async (wsCtx) => {
        const authorization = authorizationOf(wsCtx.connectionParams);
        if (!authorization) return false;
        let actor: Actor | null;
        try {
          ({ actor } = await authenticate(authorization, db.orm.em.fork() as EntityManager, jwtSecret, actorCache));
        } catch (err) {
          log.error({ err }, 'websocket authentication failed');
          // graphql-ws closes with 4500 and this message, never the database's.
          throw new Error('Internal server error');
        }
        if (!actor) return false;
        connections.set(wsCtx, { authorization, clientAddress: wsCtx.extra.request.socket.remoteAddress ?? null, operations: new Map() });
        return true;
      },
      onSubscribe: async (wsCtx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const conn = connections.get(wsCtx);
        if (!conn) return [unauthenticated()];
        // graphql-ws has already reserved this operation's slot.
        if (Object.keys(wsCtx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [refuse(`At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions may run on one connection at once`, 'TOO_MANY_SUBSCRIPTIONS')];
        }
        const tooLarge = checkDocumentSize(payload.query, limits);
        if (tooLarge) return [tooLarge];
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          if (err instanceof GraphQLError) return withCode([err], 'GRAPHQL_PARSE_FAILED');
          throw err;
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length) return withCode(invalid, 'GRAPHQL_VALIDATION_FAILED');
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [refuse('Unable to identify the operation to run', 'OPERATION_RESOLUTION_FAILURE')];
        if (operation.operation !== 'subscription') return [refuse(ONLY_SUBSCRIPTIONS, 'BAD_REQUEST')];
        const variables = (payload.variables ?? {}) as Record<string, unknown>;
        try {
          checkOperation(schema, document, operation, payload.operationName, variables, limits);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        const badInputs = inputErrors(schema, document, operation, variables, { reportVariableErrors: true });
        if (badInputs.length) return badInputs;

        const requestId = crypto.randomUUID();
        const opLog = log.child({ requestId });
        const field = rootFieldName(document, operation) ?? '';
        const em = db.orm.em.fork() as EntityManager;
        let auth: Awaited<ReturnType<typeof authenticate>>;
        try {
          auth = await authenticate(conn.authorization, em, jwtSecret, actorCache);
          requireSubscriptionAccess(auth.actor, auth.authError, field);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          opLog.error({ err }, 'websocket authentication failed');
          return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } })];
        }
        const contextValue = createContext({
          requestId,
          clientAddress: conn.clientAddress,
          config,
          log: opLog,
          em,
          actor: auth.actor,
          authError: auth.authError,
          jwtSecret,
          actorCache,
          runNotifications,
        });
        rechecks.set(contextValue, { authorization: conn.authorization, field });
        conn.operations.set(id, contextValue);
        return { schema, document, operationName: payload.operationName, variableValues: variables, contextValue };
      },
      subscribe: (args) =>
        subscribeRechecked(args, async () => {
          // The caller as of now (deactivated, roles changed), through the same cache as HTTP.
          const ctx = args.contextValue as Context;
          const check = rechecks.get(ctx)!;
          const { actor, authError } = await authenticate(check.authorization, ctx.em.fork() as EntityManager, jwtSecret, actorCache);
          requireSubscriptionAccess(actor, authError, check.field);
          ctx.actor = actor;
        }),
      onNext: (_wsCtx, _id, _payload, args, result): FormattedExecutionResult => {
        const ctx = args.contextValue as Context;
        const errors = result.errors as readonly GraphQLError[] | undefined;
        if (errors?.length) logInternalErrors(ctx.log, errors);
        return {
          ...('data' in result ? { data: result.data } : {}),
          ...(errors?.length ? { errors: format(ctx.requestId, errors) } : {}),
          extensions: { ...result.extensions, requestId: ctx.requestId },
        };
      },
      onError: (wsCtx, id, _payload, errors) => {
        const ctx = connections.get(wsCtx)?.operations.get(id);
        logInternalErrors(ctx?.log ?? log, errors);
        return format(ctx?.requestId, errors);
      },
      onComplete: (wsCtx, id) => {
        connections.get(wsCtx)?.operations.delete(id);
      },
    },
    wss,
  );
  return {
    close: async () => {
      await server.dispose();
    },
  };
}
