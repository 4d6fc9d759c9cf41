import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Order } from './order.types';
import { ExportFormat, PickList, Shipment } from './fulfilment.types';
import { DeliveryPayload, ShipmentPayload } from './fulfilment.payloads';
import { CreateShipmentInput } from './fulfilment.inputs';
import { createShipment, markDelivered, shipmentsByOrder } from './fulfilment.service';
import { pickList, pickListExport, waybillExport } from './pick-list.service';

/** Orders: shipments, pick lists, waybills and delivery. */
@Resolver(() => Order)
export class FulfilmentResolver {
  @FieldResolver(() => [Shipment], { description: 'Parcels sent for the order, oldest first.' })
  shipments(@Root() o: Order, @Ctx() ctx: Context): Promise<Shipment[]> {
    return shipmentsByOrder(ctx).load(o.dbId);
  }

  @Mutation(() => ShipmentPayload, { description: 'Ships units of an order from a warehouse out of its reserved stock (partial shipments allowed).' })
  @Allow('Mutation.createShipment', P.OrdersFulfil)
  createShipment(@Ctx() ctx: Context, @Arg('input', () => CreateShipmentInput, { description: 'The parcel.' }) input: CreateShipmentInput): Promise<ShipmentPayload> {
    return createShipment(ctx, input);
  }

  @Mutation(() => DeliveryPayload, { description: 'Marks a shipment, or every shipment of an order, delivered; a fully shipped order becomes DELIVERED.' })
  @Allow('Mutation.markDelivered', P.OrdersFulfil)
  markDelivered(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Shipment id or order id.' }) id: string): Promise<DeliveryPayload> {
    return markDelivered(ctx, id);
  }

  @Query(() => PickList, { description: 'Pick list of a warehouse (配货单): SKUs to pick for every order ready to ship from it, batched across orders.' })
  @Allow('Query.pickList', P.OrdersFulfil, P.OrdersRead)
  pickList(@Ctx() ctx: Context, @Arg('warehouseCode', { description: 'Code of the warehouse.' }) warehouseCode: string): Promise<PickList> {
    return pickList(ctx, warehouseCode);
  }

  @Query(() => String, { description: 'Waybills (打单) of the orders ready to ship from a warehouse, one per parcel (a merge group is one), as CSV or a printable HTML page.' })
  @Allow('Query.waybillExport', P.OrdersFulfil)
  waybillExport(
    @Ctx() ctx: Context,
    @Arg('warehouseCode', { description: 'Code of the warehouse.' }) warehouseCode: string,
    @Arg('format', () => ExportFormat, { defaultValue: ExportFormat.CSV, description: 'CSV (default) or HTML.' }) format: ExportFormat,
  ): Promise<string> {
    return waybillExport(ctx, warehouseCode, format);
  }

  @Query(() => String, { description: 'The pick list of a warehouse (配货单) as CSV or a printable HTML page.' })
  @Allow('Query.pickListExport', P.OrdersFulfil)
  pickListExport(
    @Ctx() ctx: Context,
    @Arg('warehouseCode', { description: 'Code of the warehouse.' }) warehouseCode: string,
    @Arg('format', () => ExportFormat, { defaultValue: ExportFormat.CSV, description: 'CSV (default) or HTML.' }) format: ExportFormat,
  ): Promise<string> {
    return pickListExport(ctx, warehouseCode, format);
  }
}
