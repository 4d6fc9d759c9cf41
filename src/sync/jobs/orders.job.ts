import type { OrderDto, OrderFlag, PulledOrder } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { FulfilledBy, HoldReason, MAX_INTAKE_BATCH, OrderStatus, recordChannelOrders, setOrderHolds } from '../../orders';
import type { ChannelDelivery, OrderHoldChange, ReturnStatus } from '../../orders';
import { Q } from '../queue';
import { addRunCounts, NewSyncError, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PullJobData } from './job-data';
import { walkPull } from './pull-walk';

/**
 * Pull orders: page after page from the channel's saved cursor until the connector says it has
 * caught up. Each page is imported through the orders intake and the cursor it came with is
 * saved in the same transaction, so a worker killed anywhere re-pulls at most the page it was
 * on, and the intake (idempotent by channel and external id) takes it again without a double.
 * Malformed orders are quarantined with their raw body; the rest of the page imports.
 */

/** Holds that mirror a marketplace flag: set while the flag is up, released when it drops. */
const FLAG_HOLDS: Record<OrderFlag, HoldReason> = {
  DO_NOT_SHIP: HoldReason.DO_NOT_SHIP,
  CANCEL_REQUESTED: HoldReason.CANCEL_REQUESTED,
  DISPUTE: HoldReason.DISPUTE,
  ADDRESS_INCOMPLETE: HoldReason.ADDRESS_INCOMPLETE,
  FROZEN: HoldReason.FROZEN,
};
/** Flag holds the sync releases by itself (an incomplete address stays held until staff fix it). */
const RELEASED_WHEN_DROPPED = [HoldReason.DO_NOT_SHIP, HoldReason.CANCEL_REQUESTED, HoldReason.DISPUTE, HoldReason.FROZEN];

/** Most pages one job walks before handing over to a fresh job (keeps a job's lifetime bounded). */
const MAX_PAGES_PER_JOB = 2_000;

/**
 * The legacy `baseCurrencyRate` of an imported order (Order.baseCurrencyRate, deprecated): left
 * to the intake's default. The rate that counts is finance's, which the orders intake looks up
 * for every new order at its order time (src/orders/order-base-rate.service.ts, issue 14).
 */
export function baseCurrencyRate(_order: OrderDto): string | null {
  return null;
}

/** The channel an order is imported into: its key and the marketplaces it covers. */
export interface ImportChannel {
  id: string;
  key: string;
  /** An order that does not say where it was placed was placed on the channel's only marketplace, if it has one. */
  marketplace_ids?: string[];
}

/** The intake's input for a normalised marketplace order, with the parcels it reports by line. */
export function intakeInput(channelKey: string, o: OrderDto, channelMarketplaces: readonly string[] = []): ChannelDelivery {
  return {
    channelKey,
    externalId: o.externalId,
    status: o.status as OrderStatus,
    marketplaceStatus: o.marketplaceStatus || null,
    marketplaceId: o.marketplaceId?.trim() || (channelMarketplaces.length === 1 ? channelMarketplaces[0] : null),
    fulfilledBy: o.fulfilledBy === 'MARKETPLACE' ? FulfilledBy.MARKETPLACE : FulfilledBy.MERCHANT,
    baseCurrencyRate: baseCurrencyRate(o),
    modifiedAt: o.modifiedAt,
    placedAt: o.placedAt ?? null,
    paidAt: o.paidAt ?? null,
    currency: o.currency,
    buyerId: o.buyerId ?? null,
    buyer: o.buyer ? { name: o.buyer.name ?? null, nickname: o.buyer.nickname ?? null, phone: o.buyer.phone ?? null, email: o.buyer.email ?? null } : null,
    shippingAddress: o.shippingAddress
      ? {
          name: o.shippingAddress.name ?? null,
          phone: o.shippingAddress.phone ?? null,
          country: o.shippingAddress.country ?? null,
          province: o.shippingAddress.province ?? null,
          city: o.shippingAddress.city ?? null,
          district: o.shippingAddress.district ?? null,
          address1: o.shippingAddress.address1 ?? null,
          address2: o.shippingAddress.address2 ?? null,
          postalCode: o.shippingAddress.postalCode ?? null,
        }
      : null,
    lines: o.lines.map((l) => ({
      externalLineId: l.externalLineId,
      sku: l.sku,
      title: l.title ?? null,
      optionText: l.optionText ?? null,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount ?? null,
      orderDiscount: l.orderDiscount ?? null,
      paid: l.paid ?? null,
      refund: l.refund
        ? { status: l.refund.status as ReturnStatus, marketplaceStatus: l.refund.marketplaceStatus, quantity: l.refund.quantity ?? null, amount: l.refund.amount ?? null }
        : null,
      shipments: l.shipments
        ? l.shipments.map((p) => ({ quantity: p.quantity, carrier: p.carrier ?? null, trackingNumber: p.trackingNumber ?? null, shippedAt: p.shippedAt ?? null }))
        : null,
    })),
    shipping: o.shipping ?? null,
    discount: o.discount ?? null,
    tax: o.tax ?? null,
    paidTotal: o.paidTotal ?? null,
    buyerMessage: o.buyerMessage ?? null,
  };
}

/** Imports one pulled page; returns the counts it added to the run. */
export async function importOrders(ctx: Context, channel: ImportChannel, pulled: PulledOrder[], runId: string | null | undefined, jobId: string | null): Promise<{ created: number; updated: number; skipped: number; failed: number }> {
  const counts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const errors: NewSyncError[] = [];
  // A page can carry one order twice (it moved between pages while we walked them): the newest wins.
  const newest = new Map<string, OrderDto>();
  for (const p of pulled) {
    if (!p.ok) {
      errors.push({ runId, channelId: channel.id, scope: 'ORDERS', kind: 'MALFORMED', code: 'MALFORMED_ORDER', message: p.error, externalId: p.externalId, raw: p.raw, jobId, queue: Q.orders });
      continue;
    }
    const seen = newest.get(p.order.externalId);
    if (!seen || seen.modifiedAt < p.order.modifiedAt) newest.set(p.order.externalId, p.order);
  }
  const orders = [...newest.values()];
  const orderIds = new Map<string, string>();
  for (let i = 0; i < orders.length; i += MAX_INTAKE_BATCH) {
    const batch = orders.slice(i, i + MAX_INTAKE_BATCH);
    const results = await recordChannelOrders(ctx, batch.map((o) => intakeInput(channel.key, o, channel.marketplace_ids)));
    results.forEach((r, j) => {
      const o = batch[j];
      if (r.userErrors.length) {
        counts.failed++;
        errors.push({ runId, channelId: channel.id, scope: 'ORDERS', kind: 'MALFORMED', code: r.userErrors[0].code, message: r.userErrors.map((e) => e.message).join('; '), externalId: o.externalId, raw: o, jobId, queue: Q.orders });
        return;
      }
      if (r.outcome === 'CREATED') counts.created++;
      else if (r.outcome === 'UPDATED') counts.updated++;
      else counts.skipped++;
      if (r.order) orderIds.set(o.externalId, r.order.dbId);
    });
  }
  counts.failed += pulled.filter((p) => !p.ok).length;
  await mirrorFlags(ctx, orders, orderIds);
  await recordSyncErrors(ctx.em, errors);
  await addRunCounts(ctx.em, runId, { fetched: pulled.length, ...counts });
  return counts;
}

/**
 * Sets the holds of raised flags and releases those of dropped ones, through the orders
 * module's one writer of holds (two statements for the page).
 */
async function mirrorFlags(ctx: Context, orders: OrderDto[], orderIds: Map<string, string>): Promise<void> {
  const changes: OrderHoldChange[] = [];
  for (const o of orders) {
    const id = orderIds.get(o.externalId);
    if (!id) continue;
    const raised = new Set(o.flags.map((f) => FLAG_HOLDS[f]));
    for (const reason of raised) changes.push({ orderId: id, reason, held: true, note: `${o.marketplaceStatus}: raised by the marketplace` });
    for (const reason of RELEASED_WHEN_DROPPED) if (!raised.has(reason)) changes.push({ orderId: id, reason, held: false });
  }
  await setOrderHolds(ctx, changes);
}

function pull(j: ChannelJob<PullJobData>): Promise<void> {
  return walkPull(j, Q.orders, 'orders_cursor', MAX_PAGES_PER_JOB, (c) => j.conn.connector.pullOrders(c), async (ctx, page) => {
    await importOrders(ctx, j.channel, page.orders, j.job.data.runId, j.job.id);
  });
}

export const ordersJob: JobSpec<PullJobData> = {
  queue: Q.orders,
  scope: 'ORDERS',
  capability: 'orders.pull',
  lock: (d) => `orders:${d.channelId}`,
  run: pull,
};
