import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { discardBeforeCommit, runBeforeCommit } from './before-commit';
import { discardRiders, sendRiders } from './statement-riders';

/**
 * Runs `work` as one unit of work of `ctx`, the one commit every writer shares (API mutations
 * through the unitOfWork middleware, worker jobs through inTransaction): one transaction on the
 * context's entity manager, bound to `ctx.em` while the work runs; then the entity manager is
 * flushed, the before-commit hooks features registered (channel availability of the SKUs that
 * moved, …) run, the writes left to ride along with a later statement (common/statement-riders.ts)
 * go if none took them, and the transaction commits. A throw rolls the whole unit back and drops its
 * hooks.
 *
 * Committed or rolled back, the context starts clean afterwards: its entity manager forgets the
 * entities it loaded and its per-request loaders are dropped, so nothing read before or during
 * the work answers later for rows the work changed (or wrote and then rolled back).
 */
export async function runUnitOfWork<T>(ctx: Context, work: (ctx: Context) => Promise<T>): Promise<T> {
  const outer = ctx.em;
  try {
    return await outer.transactional(async (em) => {
      ctx.em = em as EntityManager;
      try {
        const result = await work(ctx);
        await em.flush();
        await runBeforeCommit(em);
        await sendRiders(em as EntityManager);
        return result;
      } catch (err) {
        discardBeforeCommit(em);
        discardRiders(em);
        throw err;
      }
    });
  } finally {
    ctx.em = outer;
    outer.clear();
    ctx.loaders.clearAll();
  }
}
