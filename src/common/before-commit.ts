/**
 * Work a feature needs done once at the end of a unit of work's transaction, after all its other
 * writes and row locks (e.g. recomputing what each channel may sell of the SKUs that moved).
 * Keyed by the transaction's entity manager; the unit-of-work commit (common/unit-of-work.ts)
 * runs the hooks before it commits and drops them when it rolls back.
 */
type Hook = () => Promise<void>;

const pending = new WeakMap<object, Map<string, Hook>>();

/** Registers `hook` under `key` for this transaction; a second registration of a key is ignored. */
export function beforeCommit(transaction: object, key: string, hook: Hook): void {
  let hooks = pending.get(transaction);
  if (!hooks) pending.set(transaction, (hooks = new Map()));
  if (!hooks.has(key)) hooks.set(key, hook);
}

/**
 * Runs and forgets the hooks of a transaction, in registration order; hooks that a hook registers
 * run after it, so nothing registered before the commit is left behind.
 */
export async function runBeforeCommit(transaction: object): Promise<void> {
  for (let hooks = pending.get(transaction); hooks; hooks = pending.get(transaction)) {
    pending.delete(transaction);
    for (const hook of hooks.values()) await hook();
  }
}

/** Forgets the hooks of a transaction that rolled back: what they were to follow up never happened. */
export function discardBeforeCommit(transaction: object): void {
  pending.delete(transaction);
}
