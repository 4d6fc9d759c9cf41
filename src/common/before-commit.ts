/**
 * Work a feature needs done once at the end of a mutation's transaction, after all its other
 * writes and row locks (e.g. recomputing what each channel may sell of the SKUs that moved).
 * Keyed by the transaction's entity manager; the unit of work runs the hooks before commit.
 */
type Hook = () => Promise<void>;

const pending = new WeakMap<object, Map<string, Hook>>();

/** Registers `hook` under `key` for this transaction; a second registration of a key is ignored. */
export function beforeCommit(transaction: object, key: string, hook: Hook): void {
  let hooks = pending.get(transaction);
  if (!hooks) pending.set(transaction, (hooks = new Map()));
  if (!hooks.has(key)) hooks.set(key, hook);
}

/** Runs and forgets the hooks of a transaction, in registration order. */
export async function runBeforeCommit(transaction: object): Promise<void> {
  const hooks = pending.get(transaction);
  if (!hooks) return;
  pending.delete(transaction);
  for (const hook of hooks.values()) await hook();
}
