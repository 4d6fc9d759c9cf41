import { getMetadataStorage, type MiddlewareFn } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { UserError, UserErrorsException } from '../common/errors';
import { runUnitOfWork } from '../common/unit-of-work';
import { execute } from '../common/sql';
import { addRider, Rider } from '../common/statement-riders';

/** Input fields whose values never reach the audit log. */
const SECRET_FIELDS = /password|secret|token|credential|apikey|resetcode|^key$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value == null) return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  if (typeof value === 'string' && value.length > 2000) return value.slice(0, 2000) + '…';
  return value;
}

/** The first `{ id }` object in a payload: what the mutation acted on. */
function targetOf(result: unknown, args: Record<string, unknown>): { type: string | null; id: string | null } {
  if (result && typeof result === 'object') {
    for (const [key, v] of Object.entries(result)) {
      if (key === 'userErrors') continue;
      const obj = Array.isArray(v) ? v[0] : v;
      if (obj && typeof obj === 'object' && 'id' in obj && typeof (obj as { id: unknown }).id === 'string') {
        return { type: obj.constructor?.name && obj.constructor.name !== 'Object' ? obj.constructor.name : key, id: (obj as { id: string }).id };
      }
    }
  }
  const id = typeof args.id === 'string' ? args.id : null;
  return { type: null, id };
}

class Rollback extends Error {}

let accessResolvers: readonly Function[] = [];
let accessMutations: Set<string> | undefined;

/** Names the resolver classes whose mutations change who may do what (the staff module's). */
export function registerAccessResolvers(resolvers: readonly Function[]): void {
  accessResolvers = resolvers;
  accessMutations = undefined;
}

/** Whether a mutation belongs to a resolver registered as changing access. */
function changesAccess(fieldName: string): boolean {
  // Worked out on first use, once every resolver class is decorated.
  accessMutations ??= new Set(getMetadataStorage().mutations.filter((m) => accessResolvers.includes(m.target)).map((m) => m.schemaName));
  return accessMutations.has(fieldName);
}

/**
 * Field extension naming work a mutation needs done before its transaction opens (set with
 * `@Extensions({ [BEFORE_TRANSACTION]: fn })` on the resolver method).
 */
export const BEFORE_TRANSACTION = 'beforeTransaction';

/**
 * Runs on the request's own entity manager before the mutation's transaction opens, and what
 * it writes is committed whatever the mutation's outcome: the mutation's transaction is rolled
 * back on userErrors, so anything a refusal must leave behind (counting sign-in attempts) is
 * written here. It commits before the mutation starts, so concurrent requests see it at once,
 * and it never holds a second connection while the transaction holds one. Returning userErrors
 * refuses the mutation without running it (audited as REFUSED like any other refusal).
 */
export type BeforeTransaction = (ctx: Context, args: Record<string, unknown>) => Promise<UserError[] | undefined>;

/** The statement appending an audit entry. */
function auditInsert(
  ctx: Context,
  action: string,
  outcome: string,
  target: { type: string | null; id: string | null },
  changes: unknown,
): Rider {
  const actor = ctx.actor;
  return {
    sql: `insert into audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, changes, request_id)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
    params: [
      actor?.type ?? 'ANONYMOUS',
      actor?.id ?? null,
      actor?.label ?? 'anonymous',
      action,
      target.type,
      target.id,
      JSON.stringify({ outcome, ...(changes as object) }),
      ctx.requestId,
    ],
  };
}

/** Appends an audit entry in `em`'s transaction (or on its own, outside one). */
export async function writeAudit(
  em: EntityManager,
  ctx: Context,
  action: string,
  outcome: string,
  target: { type: string | null; id: string | null },
  changes: unknown,
): Promise<void> {
  const { sql, params } = auditInsert(ctx, action, outcome, target, changes);
  await execute(em, sql, params);
}

/**
 * Runs a mutation as one unit of work (the commit worker jobs use too: flush, before-commit
 * hooks, per-request loaders dropped): one transaction holding the business writes and the
 * audit entry. A payload with userErrors, or a thrown UserErrorsException, rolls the writes
 * back; the refused attempt is still audited.
 */
export const unitOfWork: MiddlewareFn<Context> = async ({ context: ctx, args, info }, next) => {
  const action = info.fieldName;
  const changes = { input: redact(args) };
  let result: unknown;
  let refused: UserError[] | undefined;
  const before = info.parentType.getFields()[info.fieldName]?.extensions?.[BEFORE_TRANSACTION] as BeforeTransaction | undefined;
  const refusal = before ? await before(ctx, args) : undefined;
  if (refusal?.length) refused = refusal;
  try {
    if (!refused) await runUnitOfWork(ctx, async (tx) => {
      try {
        result = await next();
      } catch (err) {
        if (err instanceof UserErrorsException) {
          refused = err.userErrors;
          throw new Rollback();
        }
        throw err;
      }
      const errors = (result as { userErrors?: UserError[] } | undefined)?.userErrors;
      if (errors && errors.length) {
        refused = errors;
        throw new Rollback();
      }
      // The entry rides with the transaction's last statement (the channel-availability
      // write of a stock change, say) rather than taking a round trip of its own.
      addRider(tx.em, auditInsert(tx, action, 'OK', targetOf(result, args), changes));
    });
    // Permissions may have changed (roles, deactivation, a password, a key): this process
    // reloads callers on their next request. Other mutations leave access alone, and clearing
    // after each of them made every request after a write read its caller again.
    if (!refused && changesAccess(action)) ctx.actorCache.clear();
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (refused) {
    await writeAudit(ctx.em, ctx, action, 'REFUSED', targetOf(undefined, args), {
      ...changes,
      userErrors: refused.map((e) => ({ code: e.code, field: e.field, message: e.message })),
    }).catch((e) => ctx.log.error({ err: e }, 'audit write failed'));
    if (result && typeof result === 'object' && 'userErrors' in result) return result;
    return { userErrors: refused };
  }
  return result;
};
