import http from 'node:http';
import crypto from 'node:crypto';
import { isUtf8 } from 'node:buffer';
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
import { DocumentNode, GraphQLFormattedError } from 'graphql';
import { RunNotifications } from './sync/run-notifications';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config } from './config';
import { Context, createContext } from './context';
import { Database } from './db/database';
import { buildAppSchema } from './graphql/schema';
import { authenticate, checkDocumentSize, checkOperation, formatGraphQLError, inputErrors, logInternalErrors, validationRules } from './graphql/guards';
import { startWebSocketServer } from './graphql/websocket';
import { IDE_HTML, ideRouter } from './graphql/ide';
import { consoleRouter } from './console-serve/console.http';
import { OperationGate } from './graphql/admission';
import { metrics, renderMetrics } from './common/metrics';
import { ActorCache, resolveJwtSecret } from './staff/auth.service';
import { withSafeErrors } from './logger';
import { notificationsRouter } from './sync/notifications.http';
import { StepTimer, UNTIMED } from './common/startup-timing';

/** The running HTTP server. */
export interface AppServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Finishes in-flight requests, then stops accepting; does not close the database. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** How long a stop waits for requests in flight before it closes their connections. */
const DRAIN_GRACE_MS = 10_000;

/**
 * The graceful stop's HTTP side. Once draining, readiness answers 503 (so a load balancer
 * takes the process out) and every new request is refused with 503 and `Connection: close`,
 * while the requests already in flight run to their end and close their connections after
 * answering. `drained` resolves when none is left.
 */
class Drain {
  draining = false;
  private readonly inFlight = new Set<express.Response>();
  private idle: (() => void) | undefined;

  /** The first middleware of the app. */
  readonly middleware = (req: express.Request, res: express.Response, next: express.NextFunction): void => {
    if (this.draining) {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '1');
      if (req.path === '/readyz' || req.path === '/healthz') {
        res.status(503).json({ status: 'stopping' });
        return;
      }
      res.status(503).json({ errors: [{ message: 'The server is stopping; send the request again (another instance will answer it)', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.draining && this.inFlight.size === 0) this.idle?.();
    });
    next();
  };

  /** Starts draining; resolves when the requests in flight have answered, or after `graceMs`. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    if (this.inFlight.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      timer.unref();
      this.idle = () => (clearTimeout(timer), resolve());
    });
  }
}

const NOT_UTF8 = 'entity.not.utf8';

/**
 * express.json's `verify`: a body declared UTF-8 that is not valid UTF-8 is refused (400,
 * BAD_USER_INPUT) instead of being decoded with U+FFFD in place of the bad bytes and stored so.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('The request body is not valid UTF-8'), { status: 400, type: NOT_UTF8 });
  }
}

/** Every request carries an id (the caller's when well-formed), echoed in `x-request-id` and logged. */
function assignRequestId(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.setHeader('x-request-id', requestId);
  (req as unknown as { requestId: string }).requestId = requestId;
  next();
}

/** Apollo's own log lines, bounded. */
function clipped(message: unknown): string {
  const s = String(message);
  return s.length > 1000 ? `${s.slice(0, 1000)}…` : s;
}

/**
 * The guards (graphql/guards.ts) on HTTP: refuses too deep, too aliased or too costly
 * operations and bad string inputs before any resolver runs, and reports the calculated cost
 * and the request id in every response's extensions.
 */
function protectionPlugin(config: Config): ApolloServerPlugin<Context> {
  const limits = config.graphql;
  // An operation without variables passes the same checks at the same cost every time, and
  // Apollo hands over the same parsed document for the same query text: checked once per
  // document and operation name, not once per request (refusals are not remembered).
  const passed = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          const plain = !request.variables || Object.keys(request.variables).length === 0;
          const name = request.operationName ?? '';
          cost = plain ? passed.get(document)?.get(name) : undefined;
          if (cost === undefined) {
            cost = checkOperation(schema, document, operation, request.operationName, request.variables ?? {}, limits);
            if (operation) {
              const [bad] = inputErrors(schema, document, operation, request.variables);
              if (bad) throw bad;
            }
            if (plain) {
              const byName = passed.get(document) ?? new Map<string, number>();
              passed.set(document, byName.set(name, cost));
            }
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
          logInternalErrors(contextValue.log, errors);
        },
      };
    },
  };
}

/** Builds the express app with Apollo Server and starts listening. */
export async function startServer(config: Config, db: Database, baseLog: Logger, timing: StepTimer = UNTIMED): Promise<AppServer> {
  const log = withSafeErrors(baseLog);
  const schema = await timing.time('schema', buildAppSchema);
  // The rest, 'server' in the start's figures: Apollo, the routes, listening.
  const serverStarted = performance.now();
  const jwtSecret = resolveJwtSecret(config);
  const actorCache = new ActorCache(config.authCacheSeconds * 1000);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers sent whole: a GraphQL answer is a POST's, never revalidated, and Express
  // hashed every one (a page of products is 30 kB) for the header. Static files keep theirs.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  const runNotifications = new RunNotifications(db.url, log);
  const drain = new Drain();
  app.use(drain.middleware);

  const apollo = new ApolloServer<Context>({
    schema,
    // Introspection and suggestions are switched by the guards (validationRules, formatGraphQLError),
    // the same for HTTP and WebSocket.
    introspection: true,
    validationRules: validationRules(config.production),
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Apollo's default indents every response (JSON.stringify(v, null, 2)): a third more bytes
    // and the largest single cost of a page of orders in the profile. Clients parse JSON anyway.
    stringifyResult: (value) => JSON.stringify(value),
    // The process stops the server itself, in order (main.ts); Apollo's own SIGINT/SIGTERM
    // handlers would stop it out of turn and then raise the signal again, killing the process.
    stopOnTerminationSignals: false,
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
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
      // Internal errors are logged with the request id by the errorLogPlugin; the client sees only that id.
      formatGraphQLError({ production: config.production }, error, formatted),
    logger: {
      debug: (m) => log.debug(clipped(m)),
      info: (m) => log.info(clipped(m)),
      warn: (m) => log.warn(clipped(m)),
      error: (m) => log.error(clipped(m)),
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

  // The operations console: a client of this same /graphql, served as built static files.
  app.use(consoleRouter());

  app.use(['/graphql', '/notifications'], assignRequestId);
  // GRAPHQL_CONCURRENCY operations at once (graphql/admission.ts); the rest wait their turn.
  const gate = new OperationGate(config.graphql.concurrency);
  app.use('/graphql', gate.middleware);
  app.use('/graphql', express.json({ limit: '2mb', verify: refuseInvalidUtf8 }), (req, res, next) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    const tooLarge = checkDocumentSize(query, config.graphql);
    if (tooLarge) {
      res.status(413).json({ errors: [{ message: tooLarge.message, extensions: { code: tooLarge.extensions.code } }] });
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

  // Marketplace push messages (not GraphQL): the same request id, safe log and error handler,
  // with the raw body capped and kept for the signature (sync/notifications.http.ts).
  app.use(notificationsRouter({ config, log, em: () => db.orm.em.fork() as EntityManager }));

  // Subscriptions (syncRunUpdated) over graphql-ws on the same path, behind the same guards. The
  // token travels in the connection_init payload ({ "authorization": "Bearer …" }), as browsers
  // cannot set headers on a WebSocket.
  const webSocket = startWebSocketServer(httpServer, { schema, config, db, log, jwtSecret, actorCache, runNotifications });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) log.error({ err }, 'http error');
    const code = status >= 500 ? 'INTERNAL_SERVER_ERROR' : (err as { type?: string }).type === NOT_UTF8 ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message: status >= 500 ? 'Internal server error' : (err as Error).message, extensions: { code } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as { port: number }).port;
  timing.record('server', performance.now() - serverStarted);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    httpServer,
    stop: async () => {
      // Readiness 503 and new requests refused first; subscriptions end (close 1001) meanwhile.
      const inFlight = drain.drain(DRAIN_GRACE_MS);
      await webSocket.close();
      await inFlight;
      // Closes the listener and the idle keep-alive connections (ApolloServerPluginDrainHttpServer).
      await apollo.stop();
      await runNotifications.close();
    },
  };
}

