import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { RunNotifications } from './sync/run-notifications';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config } from './config';
import { Context, createContext } from './context';
import { Database } from './db/database';
import { buildAppSchema } from './graphql/schema';
import { aliasCount, operationCost, queryDepth } from './graphql/protection';
import { IDE_HTML, ideRouter } from './graphql/ide';
import { metrics, renderMetrics } from './common/metrics';
import { ActorCache, API_KEY_PREFIX, loadApiKeyActor, loadStaffActor, resolveJwtSecret, verifyStaffToken } from './staff/auth.service';
import { Actor } from './staff/actor';

/** Error codes a client may see as they are; anything else is masked. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'MAX_COST_EXCEEDED', 'DOCUMENT_TOO_LARGE',
]);

/** The running HTTP server. */
export interface AppServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Finishes in-flight requests, then stops accepting; does not close the database. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

async function authenticate(
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

function refuse(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });
}

/**
 * Refuses too deep, too aliased or too costly operations before any resolver runs, and reports
 * the calculated cost and the request id in every response's extensions.
 */
function protectionPlugin(config: Config): ApolloServerPlugin<Context> {
  const limits = config.graphql;
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          const depth = operation ? queryDepth(document, operation) : 0;
          if (depth > limits.maxDepth) throw refuse(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, 'QUERY_TOO_DEEP');
          const aliases = aliasCount(document);
          if (aliases > limits.maxAliases) throw refuse(`The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`, 'TOO_MANY_ALIASES');
          cost = operationCost(schema, document, request.operationName, request.variables ?? {});
          if (cost > limits.maxCost) {
            throw refuse(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`, 'MAX_COST_EXCEEDED', {
              cost: { requestedQueryCost: cost, maximumAvailable: limits.maxCost },
            });
          }
          metrics.graphqlRequests++;
        },
        async willSendResponse({ response, contextValue, errors }) {
          if (errors?.length) metrics.graphqlErrors++;
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            requestId: contextValue.requestId,
            ...(cost !== undefined ? { cost: { requestedQueryCost: cost, maximumAvailable: limits.maxCost } } : {}),
          };
        },
      };
    },
  };
}

/** Logs every error a client will see masked, with the request id the response carries. */
function errorLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const err of errors) {
            const code = err.extensions?.code as string | undefined;
            if (code && PUBLIC_CODES.has(code)) continue;
            if ((err.originalError as { name?: string } | undefined)?.name === 'ArgumentValidationError') continue;
            contextValue.log.error({ err: err.originalError ?? err, path: err.path }, 'internal error');
          }
        },
      };
    },
  };
}

/** Builds the express app with Apollo Server and starts listening. */
export async function startServer(config: Config, db: Database, log: Logger): Promise<AppServer> {
  const schema = await buildAppSchema();
  const jwtSecret = resolveJwtSecret(config);
  const actorCache = new ActorCache(config.authCacheSeconds * 1000);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  const runNotifications = new RunNotifications(db.url, log);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: !config.production,
    hideSchemaDetailsFromClientErrors: config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Apollo's default indents every response (JSON.stringify(v, null, 2)): a third more bytes
    // and the largest single cost of a page of orders in the profile. Clients parse JSON anyway.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache-control hints would wrap every field resolver; we send no cache headers on /graphql.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      protectionPlugin(config),
      errorLogPlugin(),
    ],
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
      const code = formatted.extensions?.code as string | undefined;
      const original = (error as GraphQLError)?.originalError as { name?: string; extensions?: Record<string, unknown>; validationErrors?: unknown } | undefined;
      if (original?.name === 'ArgumentValidationError') {
        return { ...formatted, extensions: { code: 'BAD_USER_INPUT', validationErrors: original.extensions?.validationErrors ?? original.validationErrors } };
      }
      if (code && PUBLIC_CODES.has(code)) {
        const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
        return { ...formatted, extensions };
      }
      // Logged with the request id by the errorLogPlugin; the client sees only that id.
      return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
    logger: {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
    },
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.orm.em.getConnection().execute('select 1');
      const migrated = await db.migrated();
      res.status(migrated ? 200 : 503).json({ status: migrated ? 'ready' : 'migrations pending', database: 'ok' });
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(renderMetrics());
  });
  if (config.graphql.ide) {
    app.use(ideRouter());
    app.get('/graphql', (req, res, next) => {
      if (req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html') {
        res.type('html').send(IDE_HTML);
        return;
      }
      next();
    });
  }

  app.use('/graphql', (req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    (req as unknown as { requestId: string }).requestId = requestId;
    next();
  });
  app.use('/graphql', express.json({ limit: '2mb' }), (req, res, next) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && Buffer.byteLength(query) > config.graphql.maxDocumentBytes) {
      res.status(413).json({
        errors: [{ message: `The query document exceeds ${config.graphql.maxDocumentBytes} bytes`, extensions: { code: 'DOCUMENT_TOO_LARGE' } }],
      });
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req as unknown as { requestId: string }).requestId;
        const em = db.orm.em.fork() as EntityManager;
        const { actor, authError } = await authenticate(req.header('authorization'), em, jwtSecret, actorCache);
        return createContext({ requestId, clientAddress: req.ip ?? null, config, log: log.child({ requestId }), em, actor, authError, jwtSecret, actorCache, runNotifications });
      },
    }),
  );

  // Subscriptions (syncRunUpdated) over graphql-ws on the same path. The token travels in the
  // connection_init payload ({ "authorization": "Bearer …" }), as browsers cannot set headers
  // on a WebSocket; each subscription checks its permission like any operation.
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsServer = useServer(
    {
      schema,
      context: async (wsCtx) => {
        const requestId = crypto.randomUUID();
        const params = (wsCtx.connectionParams ?? {}) as Record<string, unknown>;
        const header = typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const em = db.orm.em.fork() as EntityManager;
        const { actor, authError } = await authenticate(header, em, jwtSecret, actorCache);
        const clientAddress = wsCtx.extra.request.socket.remoteAddress ?? null;
        return createContext({ requestId, clientAddress, config, log: log.child({ requestId }), em, actor, authError, jwtSecret, actorCache, runNotifications });
      },
    },
    wss,
  );
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) log.error({ err }, 'http error');
    res.status(status).json({ errors: [{ message: status >= 500 ? 'Internal server error' : (err as Error).message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as { port: number }).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    httpServer,
    stop: async () => {
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await apollo.stop();
      await runNotifications.close();
    },
  };
}

