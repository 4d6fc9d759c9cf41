import fc from 'fast-check';
import { canTransition, OrderStatus, TRANSITIONS } from '../src/orders/order-status';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A model test of the order state machine over the API. fast-check generates random sequences
 * (40-70 steps, 25 runs, fixed seed) of: manual orders (paid or pending) and their replays,
 * channel deliveries (PENDING_PAYMENT, PAID, CANCELLED or REFUNDED; new, newer, same or older
 * than the last one), pay, cancel, shipments from warehouse MDL (partial or full, now and then
 * over the unshipped rest), delivery (by order or by shipment), returns (RETURN_AND_REFUND or
 * REFUND_ONLY; now and then over what may be claimed), approve, reject, receive (SELLABLE or
 * DAMAGED) and refund (the return's value, the order's rest, or a cent more). Refunds follow the
 * per-line ledger (no line paid back beyond what it was paid, REFUND_EXCEEDS_PAID; a paid order
 * we cancel refunds what will not ship; a cancel before anything shipped closes open refund-only
 * returns as covered; the marketplace's cancel or refund counts as its refund). Most steps aim at
 * a target the model deems ready (see `choose`), the rest at any order or return, so both
 * sides of every step come up.
 *
 * A plain in-memory model predicts, for each step, whether the API accepts it or refuses it
 * and with which error codes, and what the order, its shipments and returns become. After
 * every step (for the order it touched; for every order at the end of the sequence) the API
 * must agree with the model, and:
 * - each order's history is exactly the model's and every step of it is in TRANSITIONS;
 * - stock in MDL per SKU is conserved: onHand = opening − shipped + received sellable,
 *   damaged = received damaged, reserved = the unshipped rest of orders holding a reservation
 *   (at the end cross-checked against the orders the API shows PAID / PARTIALLY_SHIPPED, not held);
 * - stockDiscrepancies is empty (levels agree with the ledger and the reservations).
 * The run must also take every edge of TRANSITIONS but COMPLETED's, refuse every kind of step
 * at least once, and see the main refusal codes. MODEL_SEED=n tries another seed; MODEL_TALLY=1
 * prints what the run did.
 */

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await t.gql('mutation { createWarehouse(input: { code: "MDL", name: "模型仓", kind: OWN, country: "CN" }) { userErrors { code } } }', {}, owner);
});
afterAll(() => t.stop());

const STOCK = 5;
const PRICE_CENTS = 1000;
const ORDER_FIELDS = 'id status lines { id }';
const CREATE = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { ${ORDER_FIELDS} } userErrors { code } } }`;
const INTAKE = `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome order { ${ORDER_FIELDS} } userErrors { code } } }`;
const PAY = `mutation($id: ID!) { markOrderPaid(id: $id) { order { status } userErrors { code } } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id, reason: "model") { order { status } userErrors { code } } }`;
const SHIP = `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { id } order { status } userErrors { code } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(id: $id) { order { status } userErrors { code } } }`;
const CREATE_RETURN = `mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id status lines { id } } userErrors { code } } }`;
const APPROVE = `mutation($id: ID!) { approveReturn(id: $id) { return { status } userErrors { code } } }`;
const REJECT = `mutation($id: ID!) { rejectReturn(id: $id, reason: "model") { return { status } userErrors { code } } }`;
const RECEIVE = `mutation($i: ReceiveReturnInput!) { receiveReturn(input: $i) { return { status } userErrors { code } } }`;
const REFUND = `mutation($i: RefundReturnInput!) { refundReturn(input: $i) { return { status } userErrors { code } } }`;

type Line = { sku: number; quantity: number }; // sku: 0 and 1 are catalogue SKUs, 2 is unknown
type ReturnType = 'RETURN_AND_REFUND' | 'REFUND_ONLY';
type ReturnStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED' | 'CLOSED';
/** `aim`: pick among the targets the model deems ready for the step (see `choose`); else among all. */
type Target = { pick: number; aim: boolean };
type Cmd =
  | { kind: 'manual'; lines: Line[]; pending: boolean }
  | { kind: 'replayManual'; pick: number }
  | { kind: 'intake'; slot: number; status: OrderStatus; skew: 'newer' | 'same' | 'older'; lines: Line[] }
  | ({ kind: 'pay' | 'cancel' } & Target)
  | ({ kind: 'ship'; full: boolean; portions: number[]; over: boolean } & Target)
  | ({ kind: 'deliver'; byShipment: boolean; shipment: number } & Target)
  | ({ kind: 'return'; type: ReturnType; lines: { sel: number; qty: number }[]; whole: boolean; over: boolean } & Target)
  | ({ kind: 'approve' | 'reject' } & Target)
  | ({ kind: 'receive'; parts: { sel: number; qty: number; condition: 'SELLABLE' | 'DAMAGED' }[]; whole: boolean; over: boolean } & Target)
  | ({ kind: 'refund'; amount: 'lines' | 'rest' | 'over' } & Target);
type Kind = Cmd['kind'];

const line = (withUnknown: boolean) => fc.record({ sku: fc.integer({ min: 0, max: withUnknown ? 2 : 1 }), quantity: fc.integer({ min: 1, max: 3 }) });
const target = { pick: fc.nat(), aim: fc.constantFrom(true, true, true, false) };
const rare = fc.constantFrom(false, false, false, false, true);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('manual' as const), lines: fc.array(line(false), { minLength: 1, maxLength: 2 }), pending: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replayManual' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('intake' as const),
      slot: fc.integer({ min: 0, max: 1 }),
      status: fc.constantFrom(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.REFUNDED),
      skew: fc.constantFrom('newer' as const, 'newer' as const, 'same' as const, 'older' as const),
      lines: fc.array(line(true), { minLength: 1, maxLength: 2 }),
    }),
  },
  // Pay and cancel aim half the time only: refusing them (a shipped order cannot be cancelled) matters as much.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), aim: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), aim: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('ship' as const), full: fc.constantFrom(true, false, false), portions: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }), over: rare, ...target }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliver' as const), byShipment: fc.boolean(), shipment: fc.nat(), ...target }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      type: fc.constantFrom<ReturnType>('RETURN_AND_REFUND', 'REFUND_ONLY'),
      lines: fc.array(fc.record({ sel: fc.nat(), qty: fc.nat() }), { minLength: 1, maxLength: 2 }),
      whole: fc.boolean(),
      over: rare,
      ...target,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('approve' as const), ...target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), ...target }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      parts: fc.array(fc.record({ sel: fc.nat(), qty: fc.nat(), condition: fc.constantFrom('SELLABLE' as const, 'DAMAGED' as const) }), { minLength: 1, maxLength: 2 }),
      whole: fc.boolean(),
      over: rare,
      ...target,
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('refund' as const), amount: fc.constantFrom('lines' as const, 'rest' as const, 'rest' as const, 'over' as const), ...target }) },
);

/** What the model expects of one order line. */
interface ModelLine {
  id: string;
  sku: number;
  quantity: number;
  shipped: number;
  /** Our refunds placed on the line (cents), and the units they covered (summed; capped at quantity when read). */
  refunded: number;
  refundedUnits: number;
}

/** What the model expects of one order. */
interface ModelOrder {
  id: string;
  status: OrderStatus;
  history: OrderStatus[];
  lines: ModelLine[];
  /** Holds a reservation of its unshipped units in MDL. */
  reserved: boolean;
  short: boolean;
  unmapped: boolean;
  shipments: { id: string; delivered: boolean }[];
  totalCents: number;
  refundedCents: number;
  /** The marketplace closed the paid order (the intake brought it CANCELLED or REFUNDED): it paid the buyer back. */
  marketClose: 'CANCELLED' | 'REFUNDED' | null;
}

interface ModelReturn {
  id: string;
  order: ModelOrder;
  type: ReturnType;
  status: ReturnStatus;
  lines: { id: string; line: ModelLine; quantity: number; sellable: number; damaged: number }[];
  /** Closed by the order's cancel, which paid back what it asked for. */
  covered: boolean;
}

/** The statuses a channel delivery walks through: the shortest legal path (as the intake does). */
function path(from: OrderStatus, to: OrderStatus): OrderStatus[] | undefined {
  const queue: OrderStatus[][] = [[from]];
  const seen = new Set([from]);
  while (queue.length) {
    const p = queue.shift()!;
    const last = p[p.length - 1];
    if (last === to) return p.slice(1);
    for (const n of TRANSITIONS[last]) if (!seen.has(n)) (seen.add(n), queue.push([...p, n]));
  }
  return undefined;
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

let run = 0;
const tally = { ok: 0, refused: 0, unchanged: 0, held: 0, steps: 0 };
const byKind = {} as Record<Kind, { ok: number; refused: number }>;
const codesSeen = new Set<string>();
/** Edges of TRANSITIONS the model took (`FROM->TO`), and a few named situations. */
const reached = new Set<string>();
const count = (kind: Kind, ok: boolean) => {
  const k = (byKind[kind] ??= { ok: 0, refused: 0 });
  if (ok) (k.ok++, tally.ok++);
  else (k.refused++, tally.refused++);
};

it('never makes an illegal transition and conserves stock over random sequences', async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 40, maxLength: 70, size: 'max' }), async (cmds) => {
      const r = ++run;
      const skus = [`MDL-${r}-A`, `MDL-${r}-B`, `MDL-${r}-UNKNOWN`];
      const p = await t.gql(
        'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }',
        { i: { title: `模型 ${r}`, options: [{ name: '款', values: ['A', 'B'] }], variants: [{ sku: skus[0], optionValues: ['A'], price: '10.00' }, { sku: skus[1], optionValues: ['B'], price: '10.00' }] } },
        owner,
      );
      expect(p.data!.createProduct.userErrors).toEqual([]);
      for (const sku of skus.slice(0, 2)) {
        await t.gql('mutation($s: String!, $d: Int!) { adjustStock(input: { sku: $s, warehouseCode: "MDL", delta: $d, reason: "opening" }) { userErrors { code } } }', { s: sku, d: STOCK }, owner);
      }

      const orders: ModelOrder[] = [];
      const returns: ModelReturn[] = [];
      const manualInputs: { input: object; order: ModelOrder }[] = [];
      const slots = new Map<number, { order: ModelOrder; modified: number }>();
      const stock = {
        reserved: (s: number) => orders.filter((o) => o.reserved).reduce((n, o) => n + o.lines.filter((l) => l.sku === s).reduce((m, l) => m + l.quantity - l.shipped, 0), 0),
        onHand: (s: number) =>
          STOCK -
          orders.reduce((n, o) => n + o.lines.filter((l) => l.sku === s).reduce((m, l) => m + l.shipped, 0), 0) +
          returns.reduce((n, rt) => n + rt.lines.filter((l) => l.line.sku === s).reduce((m, l) => m + l.sellable, 0), 0),
        damaged: (s: number) => returns.reduce((n, rt) => n + rt.lines.filter((l) => l.line.sku === s).reduce((m, l) => m + l.damaged, 0), 0),
      };
      const held = (o: ModelOrder) => o.short || o.unmapped;
      /** The model's side effects of becoming PAID: reserve all unshipped units or hold. */
      const onPaid = (o: ModelOrder) => {
        if (o.unmapped || o.reserved) return;
        const need = (s: number) => o.lines.filter((l) => l.sku === s).reduce((m, l) => m + l.quantity - l.shipped, 0);
        if ([0, 1].every((s) => need(s) <= stock.onHand(s) - stock.reserved(s))) (o.reserved = true), (o.short = false);
        else o.short = true;
      };
      const moveTo = (o: ModelOrder, to: OrderStatus) => {
        if (o.status === to) return;
        expect(canTransition(o.status, to)).toBe(true);
        reached.add(`${o.status}->${to}`);
        o.status = to;
        o.history.push(to);
        if (to === OrderStatus.PAID) onPaid(o);
        if (to === OrderStatus.CANCELLED || to === OrderStatus.REFUNDED) o.reserved = false;
      };
      const wire = (lines: Line[]) => lines.map((l, i) => ({ sku: skus[l.sku], quantity: l.quantity, unitPrice: money(PRICE_CENTS), externalLineId: String(i) }));
      const newOrder = (res: { id: string; lines: { id: string }[] }, status: OrderStatus, lines: Line[]): ModelOrder => {
        expect(res.lines).toHaveLength(lines.length);
        const o: ModelOrder = {
          id: res.id,
          status: OrderStatus.PENDING_PAYMENT,
          history: [status],
          lines: lines.map((l, i) => ({ id: res.lines[i].id, sku: l.sku, quantity: l.quantity, shipped: 0, refunded: 0, refundedUnits: 0 })),
          reserved: false,
          short: false,
          unmapped: lines.some((l) => l.sku === 2),
          shipments: [],
          totalCents: lines.reduce((n, l) => n + l.quantity * PRICE_CENTS, 0),
          refundedCents: 0,
          marketClose: null,
        };
        orders.push(o);
        o.status = status;
        if (status === OrderStatus.PAID) onPaid(o);
        return o;
      };
      /** Units of an order line claimed by returns that are not rejected (goods: those sending goods back). */
      const claimed = (l: ModelLine, goodsOnly: boolean) =>
        returns
          .filter((rt) => rt.status !== 'REJECTED' && (!goodsOnly || rt.type !== 'REFUND_ONLY'))
          .reduce((n, rt) => n + rt.lines.filter((x) => x.line === l).reduce((m, x) => m + x.quantity, 0), 0);
      const claimable = (l: ModelLine, type: ReturnType) => (type === 'REFUND_ONLY' ? l.quantity - claimed(l, false) : l.shipped - claimed(l, true));
      const returnable = (o: ModelOrder) => o.status !== OrderStatus.PENDING_PAYMENT && o.status !== OrderStatus.CANCELLED;
      const refundable = (rt: ModelReturn) => (rt.type === 'REFUND_ONLY' ? rt.status === 'APPROVED' : rt.status === 'RECEIVED');
      /**
       * What a line has left to refund (the ledger): what it was paid (no discounts, shipping or
       * tax here) less ours and what the marketplace paid back by closing the order.
       */
      const lineLeft = (o: ModelOrder, l: ModelLine) => {
        const closed = o.marketClose === 'REFUNDED' ? l.quantity : o.marketClose === 'CANCELLED' ? l.quantity - l.shipped : 0;
        return Math.max(0, l.quantity * PRICE_CENTS - l.refunded - closed * PRICE_CENTS);
      };
      /** A cancel before anything shipped closes the order's open refund-only returns as covered. */
      const closeCovered = (o: ModelOrder) => {
        if (o.lines.some((l) => l.shipped > 0)) return;
        for (const rt of returns) {
          if (rt.order === o && rt.type === 'REFUND_ONLY' && (rt.status === 'REQUESTED' || rt.status === 'APPROVED')) (rt.status = 'CLOSED'), (rt.covered = true);
        }
      };
      /** Our cancel of a paid order refunds what will not ship (everything left before anything shipped), within the total. */
      const refundOnCancel = (o: ModelOrder) => {
        if (o.status !== OrderStatus.PAID && o.status !== OrderStatus.PARTIALLY_SHIPPED) return;
        const shippedAny = o.lines.some((l) => l.shipped > 0);
        let room = o.totalCents - o.refundedCents;
        for (const l of o.lines) {
          const leftUnits = Math.max(0, l.quantity - Math.min(l.quantity, l.refundedUnits));
          const units = shippedAny ? Math.min(l.quantity - l.shipped, leftUnits) : leftUnits;
          const amount = Math.min(shippedAny ? Math.min(lineLeft(o, l), units * PRICE_CENTS) : lineLeft(o, l), room);
          room -= amount;
          if (amount > 0) (l.refunded += amount), (l.refundedUnits += units), (o.refundedCents += amount);
        }
      };
      /**
       * The target of a step: with `aim`, one the model deems ready (none: the step is skipped),
       * preferring those `prefer` picks; without, any. Shipments prefer orders not shipped yet and
       * returns and refunds orders partly shipped, so that orders linger where shipped and reserved
       * units meet; approvals prefer returns that send goods back, to reach receiving.
       */
      const choose = <T>(all: T[], ready: (x: T) => boolean, c: Target, prefer?: (x: T) => boolean): T | undefined => {
        const fit = all.filter(ready);
        const pool = !c.aim ? all : prefer && fit.some(prefer) ? fit.filter(prefer) : fit;
        return pool.length ? pool[c.pick % pool.length] : undefined;
      };
      const partlyShipped = (x: { status: OrderStatus } | ModelReturn) => ('order' in x ? x.order : x).status === OrderStatus.PARTIALLY_SHIPPED;
      /** Compares the API's answer with the model's prediction (empty codes: accepted). */
      const expectOutcome = (kind: Kind, payload: { userErrors: { code: string }[] }, codes: string[]) => {
        expect({ kind, codes: payload.userErrors.map((e) => e.code) }).toEqual({ kind, codes });
        codes.forEach((c) => codesSeen.add(`${kind}:${c}`));
        count(kind, codes.length === 0);
      };
      const expectTransition = (kind: Kind, payload: { order: { status: string } | null; userErrors: { code: string }[] }, o: ModelOrder, to: OrderStatus) => {
        const allowed = o.status === to || canTransition(o.status, to);
        expectOutcome(kind, payload, allowed ? [] : ['ILLEGAL_TRANSITION']);
        if (allowed) {
          moveTo(o, to);
          expect(payload.order!.status).toBe(o.status);
        }
      };

      for (const c of cmds) {
        tally.steps++;
        // The order the step acted on: checked in full after the step (every order after the sequence).
        let touched: ModelOrder | undefined;
        if (c.kind === 'manual') {
          const input = { idempotencyKey: `MDL-${r}-${manualInputs.length}`, currency: 'CNY', paymentPending: c.pending, lines: wire(c.lines).map(({ externalLineId: _, ...l }) => l) };
          const res = (await t.gql(CREATE, { i: input }, owner)).data!.createOrder;
          expect(res.userErrors).toEqual([]);
          const o = (touched = newOrder(res.order, c.pending ? OrderStatus.PENDING_PAYMENT : OrderStatus.PAID, c.lines));
          expect(res.order.status).toBe(o.status);
          manualInputs.push({ input, order: o });
          count(c.kind, true);
        } else if (c.kind === 'replayManual') {
          if (!manualInputs.length) continue;
          const m = manualInputs[c.pick % manualInputs.length];
          touched = m.order;
          const res = (await t.gql(CREATE, { i: m.input }, owner)).data!.createOrder;
          expect(res.userErrors).toEqual([]);
          expect(res.order).toMatchObject({ id: m.order.id, status: m.order.status });
          tally.unchanged++;
        } else if (c.kind === 'intake') {
          const prior = slots.get(c.slot);
          const base = Date.parse('2026-11-28T00:00:00Z') + 3_600_000 * c.slot;
          const modified = !prior ? base : c.skew === 'newer' ? prior.modified + 60_000 : c.skew === 'same' ? prior.modified : prior.modified - 60_000;
          const input = { channelKey: 'model-shop', externalId: `MDL-${r}-${c.slot}`, status: c.status, modifiedAt: new Date(modified).toISOString(), currency: 'CNY', lines: wire(c.lines) };
          const res = (await t.gql(INTAKE, { i: input }, owner)).data!.recordChannelOrder;
          expect(res.userErrors).toEqual([]);
          if (!prior) {
            expect(res.outcome).toBe('CREATED');
            const made = newOrder(res.order, c.status, c.lines);
            if (c.status === OrderStatus.REFUNDED) made.marketClose = 'REFUNDED';
            slots.set(c.slot, { order: made, modified });
            count(c.kind, true);
          } else if (modified > prior.modified || (modified === prior.modified && c.status !== prior.order.status)) {
            // Same second, another status: marketplace times are whole seconds, so it counts.
            expect(res.outcome).toBe('UPDATED');
            prior.modified = modified;
            // The intake walks the table step by step along the shortest path; an unreachable
            // status (paid after cancelled, cancelled after shipped) is not applied.
            const steps = path(prior.order.status, c.status);
            for (const s of steps ?? []) {
              if (s === OrderStatus.REFUNDED && prior.order.reserved && prior.order.lines.some((l) => l.shipped < l.quantity)) reached.add('channel refund of reserved stock');
              // The marketplace's cancel of a paid order, or its refund, is its own refund of the order.
              const paidBefore = prior.order.status !== OrderStatus.PENDING_PAYMENT;
              moveTo(prior.order, s);
              if (s === OrderStatus.REFUNDED) prior.order.marketClose = 'REFUNDED';
              if (s === OrderStatus.CANCELLED) {
                if (paidBefore) prior.order.marketClose = 'CANCELLED';
                closeCovered(prior.order);
              }
            }
            count(c.kind, !!steps);
          } else {
            expect(res.outcome).toBe('UNCHANGED');
            tally.unchanged++;
          }
          touched = slots.get(c.slot)!.order;
          expect(res.order).toMatchObject({ id: touched.id, status: touched.status });
        } else if (c.kind === 'pay' || c.kind === 'cancel') {
          const to = c.kind === 'pay' ? OrderStatus.PAID : OrderStatus.CANCELLED;
          const o = choose(orders, (x) => x.status !== to && canTransition(x.status, to), c);
          if (!o) continue;
          touched = o;
          const res = (await t.gql(c.kind === 'pay' ? PAY : CANCEL, { id: o.id }, owner)).data!;
          if (c.kind === 'cancel' && canTransition(o.status, to)) (refundOnCancel(o), closeCovered(o));
          expectTransition(c.kind, c.kind === 'pay' ? res.markOrderPaid : res.cancelOrder, o, to);
        } else if (c.kind === 'ship') {
          const shippable = (x: ModelOrder) => (x.status === OrderStatus.PAID || x.status === OrderStatus.PARTIALLY_SHIPPED) && !held(x);
          const o = choose(orders, shippable, c, (x) => x.status === OrderStatus.PAID);
          if (!o) continue;
          touched = o;
          const wanted: { line: ModelLine; quantity: number }[] = [];
          o.lines.forEach((l, i) => {
            const left = l.quantity - l.shipped;
            const q = c.full ? left : Math.min(left, c.portions[i % c.portions.length]);
            if (q > 0) wanted.push({ line: l, quantity: q });
          });
          if (c.over) {
            const l = o.lines[c.pick % o.lines.length];
            const w = wanted.find((x) => x.line === l);
            if (w) w.quantity = l.quantity - l.shipped + 1;
            else wanted.push({ line: l, quantity: l.quantity - l.shipped + 1 });
          }
          if (!wanted.length) wanted.push({ line: o.lines.find((l) => l.shipped < l.quantity) ?? o.lines[0], quantity: 1 });
          // createShipment's checks, in its order.
          const codes: string[] = [];
          if (o.status !== OrderStatus.PAID && o.status !== OrderStatus.PARTIALLY_SHIPPED) codes.push('ILLEGAL_TRANSITION');
          if (held(o)) codes.push('ORDER_ON_HOLD');
          for (const w of wanted) {
            if (w.quantity > w.line.quantity - w.line.shipped) codes.push('OVER_SHIPMENT');
            else if (w.line.sku === 2) codes.push('UNMAPPED_SKU');
          }
          if (!codes.length && !o.reserved) codes.push('NOT_RESERVED_HERE');
          const res = (await t.gql(SHIP, {
            i: { orderId: o.id, warehouseCode: 'MDL', carrier: 'SF', trackingNumber: `SF${r}-${tally.steps}`, lines: wanted.map((w) => ({ orderLineId: w.line.id, quantity: w.quantity })) },
          }, owner)).data!.createShipment;
          expectOutcome(c.kind, res, codes);
          if (!codes.length) {
            for (const w of wanted) w.line.shipped += w.quantity;
            o.shipments.push({ id: res.shipment.id, delivered: false });
            moveTo(o, o.lines.every((l) => l.shipped === l.quantity) ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED);
            expect(res.order.status).toBe(o.status);
          }
        } else if (c.kind === 'deliver') {
          const o = choose(orders, (x) => x.shipments.some((s) => !s.delivered), c);
          if (!o) continue;
          touched = o;
          const shipment = c.byShipment && o.shipments.length ? o.shipments[c.shipment % o.shipments.length] : undefined;
          const codes = !shipment && o.status !== OrderStatus.SHIPPED && o.status !== OrderStatus.DELIVERED ? ['ILLEGAL_TRANSITION'] : [];
          const res = (await t.gql(DELIVER, { id: shipment?.id ?? o.id }, owner)).data!.markDelivered;
          expectOutcome(c.kind, res, codes);
          if (!codes.length) {
            for (const s of o.shipments) if (!shipment || s === shipment) s.delivered = true;
            if (o.status === OrderStatus.SHIPPED && o.shipments.every((s) => s.delivered)) moveTo(o, OrderStatus.DELIVERED);
            expect(res.order.status).toBe(o.status);
          }
        } else if (c.kind === 'return') {
          const o = choose(orders, (x) => returnable(x) && x.lines.some((l) => claimable(l, c.type) > 0), c, partlyShipped);
          if (!o) continue;
          touched = o;
          // Aimed: each order line once (else DUPLICATE_LINE may come up, and is predicted).
          const picks = c.aim ? c.lines.filter((x, i) => c.lines.findIndex((y) => y.sel % o.lines.length === x.sel % o.lines.length) === i) : c.lines;
          const wanted = picks.map((x, i) => {
            // Aimed: among the lines with units left to claim.
            const from = c.aim ? o.lines.filter((y) => claimable(y, c.type) > 0) : o.lines;
            const l = from[x.sel % from.length];
            const left = claimable(l, c.type);
            // `left` may be below 0: refund-only claims count against what is ordered, goods claims only against what shipped.
            return { line: l, quantity: c.over && i === 0 ? Math.max(0, left) + 1 : c.whole ? Math.max(1, left) : 1 + (x.qty % Math.max(1, left)) };
          });
          // createReturn's checks, in its order.
          const codes: string[] = [];
          if (!returnable(o)) codes.push('ORDER_NOT_RETURNABLE');
          else {
            const seen = new Set<ModelLine>();
            for (const w of wanted) {
              if (seen.has(w.line)) {
                codes.push('DUPLICATE_LINE');
                continue;
              }
              seen.add(w.line);
              if (w.quantity > claimable(w.line, c.type)) codes.push(c.type === 'REFUND_ONLY' ? 'RETURN_EXCEEDS_ORDERED' : 'RETURN_EXCEEDS_SHIPPED');
            }
          }
          const res = (await t.gql(CREATE_RETURN, {
            i: { orderId: o.id, type: c.type, reason: 'model', lines: wanted.map((w) => ({ orderLineId: w.line.id, quantity: w.quantity })) },
          }, owner)).data!.createReturn;
          expectOutcome(c.kind, res, codes);
          if (!codes.length) {
            expect(res.return.status).toBe('REQUESTED');
            returns.push({
              id: res.return.id,
              order: o,
              type: c.type,
              status: 'REQUESTED',
              lines: wanted.map((w, i) => ({ id: res.return.lines[i].id, line: w.line, quantity: w.quantity, sellable: 0, damaged: 0 })),
              covered: false,
            });
          }
        } else if (c.kind === 'approve' || c.kind === 'reject') {
          const rt = choose(returns, (x) => x.status === 'REQUESTED', c, (x) => x.type === 'RETURN_AND_REFUND');
          if (!rt) continue;
          touched = rt.order;
          const res = (await t.gql(c.kind === 'approve' ? APPROVE : REJECT, { id: rt.id }, owner)).data!;
          const codes = rt.status === 'REQUESTED' ? [] : ['ILLEGAL_TRANSITION'];
          expectOutcome(c.kind, c.kind === 'approve' ? res.approveReturn : res.rejectReturn, codes);
          if (!codes.length) rt.status = c.kind === 'approve' ? 'APPROVED' : 'REJECTED';
        } else if (c.kind === 'receive') {
          const rt = choose(returns, (x) => x.type === 'RETURN_AND_REFUND' && x.status === 'APPROVED', c);
          if (!rt) continue;
          touched = rt.order;
          const got = new Map<ModelReturn['lines'][number], { sellable: number; damaged: number }>();
          const exceeded: string[] = [];
          const parts = c.parts.map((x, i) => {
            const open = c.aim ? rt.lines.filter((y) => y.sellable + y.damaged < y.quantity) : rt.lines;
            const rl = open[x.sel % open.length];
            const g = got.get(rl) ?? { sellable: 0, damaged: 0 };
            const left = rl.quantity - rl.sellable - rl.damaged - g.sellable - g.damaged;
            const quantity = c.over && i === 0 ? left + 1 : c.whole ? Math.max(1, left) : 1 + (x.qty % Math.max(1, left));
            if (quantity > left) exceeded.push('RECEIVE_EXCEEDS_RETURN');
            if (x.condition === 'SELLABLE') g.sellable += quantity;
            else g.damaged += quantity;
            got.set(rl, g);
            return { returnLineId: rl.id, quantity, condition: x.condition };
          });
          // receiveReturn's checks, in its order: the return's state first, then each part.
          const codes = rt.type === 'REFUND_ONLY' || rt.status !== 'APPROVED' ? ['ILLEGAL_TRANSITION'] : exceeded;
          const res = (await t.gql(RECEIVE, { i: { returnId: rt.id, lines: parts } }, owner)).data!.receiveReturn;
          expectOutcome(c.kind, res, codes);
          if (!codes.length) {
            for (const [rl, g] of got) (rl.sellable += g.sellable), (rl.damaged += g.damaged);
            if (rt.lines.every((rl) => rl.sellable + rl.damaged === rl.quantity)) rt.status = 'RECEIVED';
            expect(res.return.status).toBe(rt.status);
          }
        } else if (c.kind === 'refund') {
          const rt = choose(returns, refundable, c, partlyShipped);
          if (!rt) continue;
          const o = (touched = rt.order);
          const rest = o.totalCents - o.refundedCents;
          const cents = c.amount === 'lines' ? rt.lines.reduce((n, l) => n + l.quantity * PRICE_CENTS, 0) : c.amount === 'rest' ? rest : rest + 1;
          // What the return's lines have left (the order has no money of its own here: no shipping or tax).
          const left = rt.lines.map((x) => lineLeft(o, x.line));
          // refundReturn's checks, in its order.
          const codes =
            cents <= 0 ? ['INVALID_AMOUNT']
            : rt.covered ? ['ALREADY_REFUNDED_BY_CANCEL']
            : !refundable(rt) ? ['ILLEGAL_TRANSITION']
            : cents > rest ? ['REFUND_EXCEEDS_TOTAL']
            : cents > left.reduce((n, x) => n + x, 0) ? ['REFUND_EXCEEDS_PAID']
            : [];
          const res = (await t.gql(REFUND, { i: { returnId: rt.id, amount: money(cents) } }, owner)).data!.refundReturn;
          expectOutcome(c.kind, res, codes);
          if (!codes.length) {
            // Each line its units' share first, then what it has left, in the return's order.
            let restCents = cents;
            const taken = rt.lines.map((x, i) => {
              const n = Math.min(restCents, left[i], x.quantity * PRICE_CENTS);
              restCents -= n;
              return n;
            });
            rt.lines.forEach((x, i) => {
              const n = Math.min(restCents, left[i] - taken[i]);
              taken[i] += n;
              restCents -= n;
            });
            rt.lines.forEach((x, i) => {
              if (taken[i] > 0) (x.line.refunded += taken[i]), (x.line.refundedUnits += x.quantity);
            });
            o.refundedCents += cents;
            rt.status = 'REFUNDED';
            // A fully refunded order becomes REFUNDED when the table allows it, and releases what it holds.
            if (o.refundedCents === o.totalCents && canTransition(o.status, OrderStatus.REFUNDED)) moveTo(o, OrderStatus.REFUNDED);
            expect(res.return.status).toBe('REFUNDED');
          }
        }
        await checkInvariants(skus, orders, returns, stock, touched ? [touched] : []).catch((e: Error) => {
          e.message = `after step ${cmds.indexOf(c)} ${JSON.stringify(c)}:\n${e.message}`;
          throw e;
        });
      }
      await checkInvariants(skus, orders, returns, stock);
      tally.held += orders.filter(held).length;
    }),
    { seed: Number(process.env.MODEL_SEED ?? 3), numRuns: 25, endOnFailure: true },
  );
  if (process.env.MODEL_TALLY) {
    console.log(JSON.stringify({ ms: Date.now() - started, tally, byKind, codes: [...codesSeen].sort(), edges: [...reached].sort() }, null, 1));
  }
  // The fixed seed must exercise both sides of every step, holds, and every edge of the table.
  expect(tally.unchanged).toBeGreaterThan(0);
  expect(tally.held).toBeGreaterThan(0);
  for (const kind of ['pay', 'cancel', 'intake', 'ship', 'deliver', 'return', 'approve', 'reject', 'receive', 'refund'] as const) {
    expect({ kind, ok: byKind[kind]?.ok > 0, refused: byKind[kind]?.refused > 0 }).toEqual({ kind, ok: true, refused: true });
  }
  // Every edge of the table is taken, but those of COMPLETED: no mutation of the model reaches it (only a channel delivery could).
  const edges = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`)).filter((e) => !e.includes(OrderStatus.COMPLETED));
  // A channel's REFUNDED for an order holding stock releases it (it used to stay reserved).
  expect([...reached].sort()).toEqual([...edges, 'channel refund of reserved stock'].sort());
  for (const code of ['ship:ORDER_ON_HOLD', 'ship:OVER_SHIPMENT', 'return:RETURN_EXCEEDS_SHIPPED', 'return:ORDER_NOT_RETURNABLE', 'receive:RECEIVE_EXCEEDS_RETURN', 'refund:REFUND_EXCEEDS_TOTAL',
    'refund:REFUND_EXCEEDS_PAID', 'refund:ALREADY_REFUNDED_BY_CANCEL']) {
    expect(codesSeen).toContain(code);
  }
}, 120_000);

type ServerOrder = {
  status: OrderStatus;
  onHold: boolean;
  holdReasons: string[];
  history: { from: OrderStatus | null; to: OrderStatus }[];
  lines: { id: string; sku: string; quantity: number; quantityShipped: number }[];
  shipments: { id: string; status: string }[];
  returns: { id: string; status: string; lines: { id: string; receivedSellable: number; receivedDamaged: number }[] }[];
  totals: { refunded: { amount: string } };
};
const CHECK_FIELDS = `status onHold holdReasons history { from to } lines { id sku quantity quantityShipped } shipments { id status }
  returns { id status lines { id receivedSellable receivedDamaged } } totals { refunded { amount } }`;

async function checkInvariants(
  skus: string[],
  orders: ModelOrder[],
  returns: ModelReturn[],
  stock: { reserved(s: number): number; onHand(s: number): number; damaged(s: number): number },
  only?: ModelOrder[],
): Promise<void> {
  const checked = only ?? orders;
  // Up to 20 orders per request: the alias limit (30) applies to tests too.
  const server: ServerOrder[] = [];
  for (let from = 0; from < checked.length || from === 0; from += 20) {
    const parts = checked.slice(from, from + 20).map((o, i) => `o${i}: order(id: "${o.id}") { ${CHECK_FIELDS} }`);
    if (from === 0) {
      parts.push(...skus.slice(0, 2).map((s, i) => `v${i}: variant(sku: "${s}") { stockLevels { warehouseCode onHand reserved damaged } }`), 'stockDiscrepancies { sku warehouseCode }');
    }
    const res = await t.gql(`{ ${parts.join('\n')} }`, {}, owner);
    expect(res.errors).toBeUndefined();
    const d = res.data!;
    checked.slice(from, from + 20).forEach((_, i) => server.push(d[`o${i}`]));
    if (from === 0) {
      expect(d.stockDiscrepancies).toEqual([]);
      [0, 1].forEach((i) => {
        const levels = d[`v${i}`].stockLevels as { warehouseCode: string; onHand: number; reserved: number; damaged: number }[];
        // Opening stock − shipped + received sellable; damaged returns apart; reserved = unshipped rest of reserving orders.
        expect({ sku: i, levels }).toEqual({ sku: i, levels: [{ warehouseCode: 'MDL', onHand: stock.onHand(i), reserved: stock.reserved(i), damaged: stock.damaged(i) }] });
      });
    }
  }
  const fromServer = [0, 0];
  checked.forEach((o, i) => {
    const s = server[i];
    // Every status change is one the table allows, they chain, and they are the model's.
    s.history.forEach((h, k) => {
      if (k === 0) expect(h.from).toBeNull();
      else {
        expect(h.from).toBe(s.history[k - 1].to);
        expect(canTransition(h.from!, h.to)).toBe(true);
      }
    });
    expect(s.history.map((h) => h.to)).toEqual(o.history);
    expect(s.status).toBe(o.status);
    const holds = [...(o.unmapped ? ['UNMAPPED_SKU'] : []), ...(o.short ? ['INSUFFICIENT_STOCK'] : [])].sort();
    expect([...s.holdReasons].sort()).toEqual(holds);
    expect(s.onHold).toBe(holds.length > 0);
    expect(s.lines.map((l) => [l.id, l.quantityShipped])).toEqual(o.lines.map((l) => [l.id, l.shipped]));
    expect(s.shipments.map((x) => [x.id, x.status]).sort()).toEqual(o.shipments.map((x) => [x.id, x.delivered ? 'DELIVERED' : 'SHIPPED']).sort());
    const mine = returns.filter((rt) => rt.order === o);
    expect(s.returns.map((x) => [x.id, x.status, x.lines.map((l) => [l.id, l.receivedSellable, l.receivedDamaged])]).sort()).toEqual(
      mine.map((rt) => [rt.id, rt.status, rt.lines.map((l) => [l.id, l.sellable, l.damaged])]).sort(),
    );
    expect(s.totals.refunded.amount).toBe(money(o.refundedCents));
    if ((s.status === OrderStatus.PAID || s.status === OrderStatus.PARTIALLY_SHIPPED) && !s.onHold) {
      for (const l of s.lines) fromServer[skus.indexOf(l.sku)] += l.quantity - l.quantityShipped;
    }
  });
  // Reserved is exactly the unshipped rest of the orders the API shows as ready to ship.
  if (!only) [0, 1].forEach((i) => expect({ sku: i, reserved: fromServer[i] }).toEqual({ sku: i, reserved: stock.reserved(i) }));
}
