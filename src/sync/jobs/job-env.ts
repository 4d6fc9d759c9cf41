import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createContext, Context } from '../../context';
import { ActorCache } from '../../staff/auth.service';
import { runUnitOfWork } from '../../common/unit-of-work';
import type { LockClient } from '../locks';

/** What every job handler runs with: one per worker process. */
export interface JobEnv {
  config: Config;
  log: Logger;
  /** The ORM's root entity manager: handlers fork it for each unit of work. */
  root: EntityManager;
  locks: LockClient;
  /** The clock handed to connectors (tests move it). */
  now?: () => Date;
}

/** A context for work done by the sync engine itself (no caller; history says "system"). */
export function systemContext(env: Pick<JobEnv, 'config' | 'log'>, em: EntityManager, requestId: string): Context {
  return createContext({ requestId, clientAddress: null, config: env.config, log: env.log, em, actor: null, jwtSecret: '', actorCache: new ActorCache(0) });
}

/**
 * One unit of work of a job: a transaction holding its writes, the hooks other features
 * registered for its end (channel availability), and its run counts. Commits or rolls back whole,
 * through the same commit as an API mutation (common/unit-of-work.ts).
 */
export async function inTransaction<T>(env: JobEnv, requestId: string, fn: (ctx: Context) => Promise<T>): Promise<T> {
  return runUnitOfWork(systemContext(env, env.root.fork() as EntityManager, requestId), fn);
}
