import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from './config';
import { Actor } from './staff/actor';
import type { ActorCache } from './staff/auth.service';
import { createCatalogLoaders, CatalogLoaders } from './catalog/catalog.loaders';
import { createInventoryLoaders, InventoryLoaders } from './inventory/inventory.loaders';
import { createOrderLoaders, OrderLoaders } from './orders/order.loaders';
import { createReturnLoaders, ReturnLoaders } from './orders/returns.loaders';
import { createStaffLoaders, StaffLoaders } from './staff/staff.loaders';
import { createSyncLoaders, SyncLoaders } from './sync/sync.loaders';
import type { RunNotifications } from './sync/run-notifications';

/** Per-request state handed to every resolver. */
export interface Context {
  requestId: string;
  /** The caller's network address (behind trusted proxies, the one they name); null when unknown. */
  clientAddress: string | null;
  config: Config;
  log: Logger;
  /** Entity manager forked for this request; inside a mutation, bound to its transaction. */
  em: EntityManager;
  /** The caller, or null when anonymous (or the credentials were refused: see authError). */
  actor: Actor | null;
  /** Why presented credentials were refused; reported as UNAUTHENTICATED. */
  authError?: string;
  jwtSecret: string;
  /** This server's cache of signed-in callers; emptied after every committed mutation of accounts, roles, keys or passwords. */
  actorCache: ActorCache;
  /** This request's DataLoaders; the commit of every unit of work drops them. */
  loaders: RequestLoaders;
  /** Committed sync run changes of this database (subscriptions); absent outside the API server. */
  runNotifications?: RunNotifications;
}

type ContextInit = Omit<Context, 'loaders'>;

/**
 * The DataLoaders of one request, each module's made on first use and kept here, on the
 * context, never in a module's own cache. Every unit-of-work commit (common/unit-of-work.ts),
 * and its rollback, drops them all: a payload read after a write loads its rows again instead
 * of answering with what an earlier mutation of the same document loaded.
 */
export class RequestLoaders {
  private readonly made = new Map<(ctx: Context) => unknown, unknown>();

  constructor(private readonly ctx: Context) {}

  /**
   * What `create` makes for this request, made on first use. Modules keep their less shared
   * loaders (and other per-request reads) beside their services and reach them through here.
   */
  of<T>(create: (ctx: Context) => T): T {
    if (!this.made.has(create)) this.made.set(create, create(this.ctx));
    return this.made.get(create) as T;
  }

  get catalog(): CatalogLoaders {
    return this.of(createCatalogLoaders);
  }
  get inventory(): InventoryLoaders {
    return this.of(createInventoryLoaders);
  }
  get orders(): OrderLoaders {
    return this.of(createOrderLoaders);
  }
  get returns(): ReturnLoaders {
    return this.of(createReturnLoaders);
  }
  get staff(): StaffLoaders {
    return this.of(createStaffLoaders);
  }
  get sync(): SyncLoaders {
    return this.of(createSyncLoaders);
  }

  /** Forgets every loader and what it loaded: the next read of any relation queries again. */
  clearAll(): void {
    this.made.clear();
  }
}

/**
 * The context object. Apollo may shallow-copy a context per operation, so the state that a
 * mutation swaps (its transaction's entity manager, the caller after login) lives in one
 * shared object behind prototype accessors: every copy, and the DataLoaders built from the
 * original, see the same values.
 */
class RequestContext {
  declare requestId: string;
  declare clientAddress: string | null;
  declare config: Config;
  declare log: Logger;
  declare authError?: string;
  declare jwtSecret: string;
  declare actorCache: ActorCache;
  declare loaders: RequestLoaders;
  declare runNotifications?: RunNotifications;
  private readonly shared: { em: EntityManager; actor: Actor | null };

  constructor(init: ContextInit) {
    const { em, actor, ...rest } = init;
    Object.assign(this, rest);
    this.shared = { em, actor };
  }

  get em(): EntityManager {
    return this.shared.em;
  }
  set em(value: EntityManager) {
    this.shared.em = value;
  }
  get actor(): Actor | null {
    return this.shared.actor;
  }
  set actor(value: Actor | null) {
    this.shared.actor = value;
  }
}

/** Builds the per-request context with its DataLoaders. */
export function createContext(init: ContextInit): Context {
  const ctx = new RequestContext(init) as unknown as Context;
  ctx.loaders = new RequestLoaders(ctx);
  return ctx;
}
