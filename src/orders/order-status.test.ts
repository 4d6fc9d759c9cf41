import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { canTransition, FulfilledBy, HoldReason, OrderStatus, TRANSITIONS } from './order-status';

/** The order status table on its own: what it allows, what it forbids, and how it is described. */

const ALL = Object.values(OrderStatus);
const S = OrderStatus;

/** Statuses reachable from `from` by any number of legal steps (not counting `from` itself). */
function reachableFrom(from: OrderStatus): Set<OrderStatus> {
  const seen = new Set<OrderStatus>();
  const todo = [...TRANSITIONS[from]];
  while (todo.length) {
    const s = todo.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...TRANSITIONS[s]);
  }
  return seen;
}

describe('order status transitions', () => {
  it('has a row for every status and names only known statuses, each once', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ALL].sort());
    for (const s of ALL) {
      for (const to of TRANSITIONS[s]) expect(ALL).toContain(to);
      expect(new Set(TRANSITIONS[s]).size).toBe(TRANSITIONS[s].length);
    }
  });

  it('is exactly the documented table', () => {
    expect(TRANSITIONS).toEqual({
      PENDING_PAYMENT: [S.PAID, S.CANCELLED],
      PAID: [S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED, S.REFUNDED],
      PARTIALLY_SHIPPED: [S.SHIPPED, S.CANCELLED, S.REFUNDED],
      SHIPPED: [S.DELIVERED, S.COMPLETED, S.REFUNDED],
      DELIVERED: [S.COMPLETED, S.REFUNDED],
      COMPLETED: [S.REFUNDED],
      CANCELLED: [],
      REFUNDED: [],
    });
  });

  it('agrees with canTransition for every pair of statuses', () => {
    for (const from of ALL) {
      for (const to of ALL) expect([from, to, canTransition(from, to)]).toEqual([from, to, TRANSITIONS[from].includes(to)]);
    }
  });

  it('has no status that moves to itself', () => {
    for (const s of ALL) expect(canTransition(s, s)).toBe(false);
  });

  it('reaches every other status from a new order', () => {
    expect([...reachableFrom(S.PENDING_PAYMENT)].sort()).toEqual(ALL.filter((s) => s !== S.PENDING_PAYMENT).sort());
  });

  it('never goes back to an unpaid order', () => {
    for (const s of ALL) expect(canTransition(s, S.PENDING_PAYMENT)).toBe(false);
  });

  it('ends in CANCELLED or REFUNDED only, and nothing leaves them', () => {
    const terminal = ALL.filter((s) => TRANSITIONS[s].length === 0);
    expect(terminal.sort()).toEqual([S.CANCELLED, S.REFUNDED]);
    for (const t of terminal) for (const to of ALL) expect(canTransition(t, to)).toBe(false);
    // Every other status can still end: no loop without a way out.
    for (const s of ALL.filter((x) => !terminal.includes(x))) {
      expect(terminal.some((t) => reachableFrom(s).has(t))).toBe(true);
    }
  });

  it('has no cycles: a status once left is never reached again', () => {
    for (const s of ALL) expect(reachableFrom(s).has(s)).toBe(false);
  });

  it('cancels only before everything has shipped, and refunds only after payment', () => {
    const cancellable = ALL.filter((s) => canTransition(s, S.CANCELLED)).sort();
    expect(cancellable).toEqual([S.PAID, S.PARTIALLY_SHIPPED, S.PENDING_PAYMENT].sort());
    const refundable = ALL.filter((s) => canTransition(s, S.REFUNDED)).sort();
    expect(refundable).toEqual([S.COMPLETED, S.DELIVERED, S.PAID, S.PARTIALLY_SHIPPED, S.SHIPPED].sort());
  });
});

describe('order enums in the schema', () => {
  const registered = (obj: object) => getMetadataStorage().enums.find((e) => e.enumObj === obj);

  it.each([
    ['OrderStatus', OrderStatus],
    ['HoldReason', HoldReason],
    ['FulfilledBy', FulfilledBy],
  ] as const)('registers %s with a description for the type and for every value', (name, enumObj) => {
    const meta = registered(enumObj);
    expect(meta?.name).toBe(name);
    expect(meta?.description?.trim()).toBeTruthy();
    const config = (meta?.valuesConfig ?? {}) as Record<string, { description?: string }>;
    expect(Object.keys(config).sort()).toEqual(Object.keys(enumObj).sort());
    for (const key of Object.keys(enumObj)) expect([key, config[key]?.description?.trim() ? 'described' : 'missing']).toEqual([key, 'described']);
  });

  it('keeps each enum value equal to its name, so the stored text (the orders check constraint lists the names) is what the schema shows', () => {
    for (const e of [OrderStatus, HoldReason, FulfilledBy]) for (const [k, v] of Object.entries(e)) expect(v).toBe(k);
  });
});
