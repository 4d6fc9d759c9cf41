import type { Context } from '../context';
import { execute, selectRows } from '../common/sql';

/**
 * The shipment outbox as the sync engine's carrier set-up sees it. Recording a shipment of a
 * channel's order writes a row (fulfilment.service.ts); the engine sends it to the marketplace,
 * or holds it while the channel has no code for the parcel's carrier.
 */

/**
 * Puts the channel's held, unsent parcels back in line to be sent, their last error cleared
 * (its carrier table changed). Returns how many. In the caller's transaction.
 */
export async function resendHeldShipments(ctx: Pick<Context, 'em'>, channelKey: string): Promise<number> {
  const released = await selectRows<{ id: string }>(
    ctx.em,
    `update shipment_outbox set held_at = null, error_code = null, error_message = null
      where channel_id = ? and held_at is not null and dispatched_at is null returning id::text as id`,
    [channelKey],
  );
  return released.length;
}

/** Marks a parcel as handed to the marketplace (with the marketplace's permanent refusal, if it refused it). */
export async function markShipmentDispatched(ctx: Pick<Context, 'em'>, outboxId: string, error: { code: string; message: string } | null): Promise<void> {
  await execute(ctx.em, 'update shipment_outbox set dispatched_at = now(), error_code = ?, error_message = ? where id = ?', [
    error?.code ?? null,
    error?.message ?? null,
    outboxId,
  ]);
}

/** Holds a parcel back from sending, with why (e.g. CARRIER_UNMAPPED); resendHeldShipments lets it go again. */
export async function holdShipment(ctx: Pick<Context, 'em'>, outboxId: string, code: string, message: string): Promise<void> {
  await execute(ctx.em, 'update shipment_outbox set held_at = now(), error_code = ?, error_message = ? where id = ?', [code, message, outboxId]);
}
