import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { toGlobalId } from '../common/ids';

/** What kind of place a warehouse is. */
export enum WarehouseKind {
  OWN = 'OWN',
  THIRD_PARTY = 'THIRD_PARTY',
  MARKETPLACE_FULFILMENT = 'MARKETPLACE_FULFILMENT',
  OVERSEAS = 'OVERSEAS',
}
registerEnumType(WarehouseKind, {
  name: 'WarehouseKind',
  description: 'What kind of place a warehouse is.',
  valuesConfig: {
    OWN: { description: 'Our own warehouse.' },
    THIRD_PARTY: { description: 'A third-party logistics provider (3PL) holding our stock.' },
    MARKETPLACE_FULFILMENT: { description: "A marketplace's fulfilment centre, such as Amazon FBA." },
    OVERSEAS: { description: 'An overseas warehouse (海外仓).' },
  },
});

/** Why the on-hand quantity of a stock level changed. */
export enum MovementType {
  RECEIPT = 'RECEIPT',
  SHIPMENT = 'SHIPMENT',
  ADJUSTMENT = 'ADJUSTMENT',
  TRANSFER_OUT = 'TRANSFER_OUT',
  TRANSFER_IN = 'TRANSFER_IN',
  STOCKTAKE = 'STOCKTAKE',
  RETURN = 'RETURN',
  DAMAGE = 'DAMAGE',
  QUALITY_CONTROL = 'QUALITY_CONTROL',
  MARKETPLACE_COUNT = 'MARKETPLACE_COUNT',
}
registerEnumType(MovementType, {
  name: 'MovementType',
  description: 'Why stock moved.',
  valuesConfig: {
    RECEIPT: { description: 'Goods received (入库), e.g. against a purchase order.' },
    SHIPMENT: { description: 'Goods shipped to a buyer (发货).' },
    ADJUSTMENT: { description: 'A manual correction with a reason.' },
    TRANSFER_OUT: { description: 'Sent to another warehouse.' },
    TRANSFER_IN: { description: 'Received from another warehouse.' },
    STOCKTAKE: { description: 'Correction posted by a stocktake (盘点).' },
    RETURN: { description: 'A sellable return put back on hand.' },
    DAMAGE: { description: 'Moved from sellable to damaged.' },
    QUALITY_CONTROL: { description: 'Moved into or out of quality control.' },
    MARKETPLACE_COUNT: { description: "The marketplace's own count of the stock in its fulfilment centre (Amazon FBA inventory), read by the sync engine." },
  },
});

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A place that holds stock.' })
export class Warehouse extends Node {
  dbId!: string;

  @Field({ description: 'Short unique code, e.g. SH-01 (upper-case letters, digits, - and _).' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => WarehouseKind, { description: 'What kind of place it is.' })
  kind!: WarehouseKind;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string;

  @Field(() => Int, { description: 'Allocation priority: lower numbers are reserved from first.' })
  priority!: number;

  @Field({ description: 'Whether stock may be reserved from it.' })
  active!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "For a marketplace's fulfilment centre (kind MARKETPLACE_FULFILMENT, e.g. Amazon FBA): the key of the channel whose marketplace runs it. Its levels are the marketplace's count, read by the sync engine; it sells through that channel's marketplace-fulfilled listings only, so no channel's pushed quantity counts it and no reservation takes from it. Null for our own warehouses.",
  })
  channelKey!: string | null;

  static fromRow(r: WarehouseRow): Warehouse {
    return Object.assign(new Warehouse(), {
      id: toGlobalId('Warehouse', r.id),
      dbId: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind as WarehouseKind,
      country: r.country,
      priority: r.priority,
      active: r.active,
      channelKey: r.channel_key ?? null,
    });
  }
}

export interface WarehouseRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  country: string;
  priority: number;
  active: boolean;
  /** The channel whose marketplace runs it (MARKETPLACE_FULFILMENT), else null. */
  channel_key?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Quantities of one or more stock levels added up.' })
export class StockSummary {
  @Field(() => Int, { description: 'Units physically in the warehouse(s), sellable.' })
  onHand!: number;

  @Field(() => Int, { description: 'Units committed to orders (reserved), part of onHand.' })
  reserved!: number;

  @Field(() => Int, { description: 'Units that can still be sold: onHand − reserved.' })
  available!: number;
}

export interface StockLevelRow {
  id: string;
  variant_id: string;
  warehouse_id: string;
  sku: string;
  warehouse_code: string;
  on_hand: number;
  reserved: number;
  damaged: number;
  quality_control: number;
  incoming: number;
  safety_stock: number;
  updated_at: Date | string;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Stock of one variant in one warehouse, with its named quantities.' })
export class StockLevel extends Node {
  variantDbId!: string;
  warehouseDbId!: string;

  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Sellable units physically here.' })
  onHand!: number;

  @Field(() => Int, { description: 'Units committed to orders, part of onHand.' })
  reserved!: number;

  @Field(() => Int, { description: 'onHand − reserved: what can still be sold.' })
  available!: number;

  @Field(() => Int, { description: 'Damaged units, not sellable and not in onHand.' })
  damaged!: number;

  @Field(() => Int, { description: 'Units in quality control, not sellable and not in onHand.' })
  qualityControl!: number;

  @Field(() => Int, { description: 'Units on the way: on purchase orders or in transit from another warehouse.' })
  incoming!: number;

  @Field(() => Int, { description: 'Units to keep back; below this the level counts as low.' })
  safetyStock!: number;

  @Field(() => GraphQLDateTime, { description: 'When a quantity last changed.' })
  updatedAt!: Date;

  static fromRow(r: StockLevelRow): StockLevel {
    return Object.assign(new StockLevel(), {
      id: toGlobalId('StockLevel', r.id),
      variantDbId: r.variant_id,
      warehouseDbId: r.warehouse_id,
      sku: r.sku,
      warehouseCode: r.warehouse_code,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
      damaged: r.damaged,
      qualityControl: r.quality_control,
      incoming: r.incoming,
      safetyStock: r.safety_stock,
      updatedAt: new Date(r.updated_at),
    });
  }
}

export interface StockMovementRow {
  id: string;
  sku: string;
  warehouse_code: string;
  type: string;
  quantity: number;
  damaged_delta: number;
  reason: string;
  reference_type: string | null;
  reference_id: string | null;
  actor_type: string;
  actor_label: string;
  on_hand_after: number;
  reserved_after: number;
  created_at: Date | string;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One entry of the stock ledger: a change of a stock level and why.' })
export class StockMovement extends Node {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => MovementType, { description: 'Why stock moved.' })
  type!: MovementType;

  @Field(() => Int, { description: 'Change of onHand in units (negative when stock left).' })
  quantity!: number;

  @Field(() => Int, { description: 'Change of the damaged quantity in units.' })
  damagedDelta!: number;

  @Field({ description: 'Reason given for the change.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'What the movement belongs to: ORDER, PURCHASE_ORDER, TRANSFER, STOCKTAKE, IMPORT….' })
  referenceType!: string | null;

  @Field(() => String, { nullable: true, description: 'Id or number of what the movement belongs to.' })
  referenceId!: string | null;

  @Field({ description: 'Who made the change: a staff email, an API key name, or a sync.' })
  actor!: string;

  @Field(() => Int, { description: 'onHand of the level after this movement.' })
  onHandAfter!: number;

  @Field(() => Int, { description: 'reserved of the level after this movement.' })
  reservedAfter!: number;

  @Field(() => GraphQLDateTime, { description: 'When it happened.' })
  createdAt!: Date;

  static fromRow(r: StockMovementRow): StockMovement {
    return Object.assign(new StockMovement(), {
      id: toGlobalId('StockMovement', String(r.id)),
      sku: r.sku,
      warehouseCode: r.warehouse_code,
      type: r.type as MovementType,
      quantity: r.quantity,
      damagedDelta: r.damaged_delta,
      reason: r.reason,
      referenceType: r.reference_type,
      referenceId: r.reference_id,
      actor: r.actor_label,
      onHandAfter: r.on_hand_after,
      reservedAfter: r.reserved_after,
      createdAt: new Date(r.created_at),
    });
  }
}

@ObjectType({ simpleResolvers: true, description: 'Units of one variant held from one warehouse by a reservation.' })
export class ReservationLine {
  @Field({ description: 'SKU of the reserved variant (a component, when a bundle was reserved).' })
  sku!: string;

  @Field({ description: 'Warehouse the units are held in.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Units held.' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'SKU of the bundle this line was reserved for, if any.' })
  bundleSku!: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Stock held for an order (or another reference) until it ships or is released.' })
export class Reservation extends Node {
  @Field({ description: 'What the stock is held for, e.g. an order number; empty for an order of a channel the reader does not reach.' })
  reference!: string;

  @Field({ description: 'ACTIVE, RELEASED or CONSUMED (shipped).' })
  status!: string;

  @Field(() => [ReservationLine], { description: 'What is held, per variant and warehouse.' })
  lines!: ReservationLine[];

  @Field(() => GraphQLDateTime, { description: 'When the stock was reserved.' })
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A stock level whose quantities disagree with its ledger (帐账不符). Expected to be none.' })
export class StockDiscrepancy {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'onHand recorded on the level.' })
  onHand!: number;

  @Field(() => Int, { description: 'onHand as the sum of the movements.' })
  ledgerOnHand!: number;

  @Field(() => Int, { description: 'reserved recorded on the level.' })
  reserved!: number;

  @Field(() => Int, { description: 'reserved as the sum of active reservation lines.' })
  reservationsReserved!: number;

  @Field(() => Int, { description: 'damaged recorded on the level.' })
  damaged!: number;

  @Field(() => Int, { description: 'damaged as the sum of the movements.' })
  ledgerDamaged!: number;
}

export const StockLevelConnection = Connection(StockLevel, 'StockLevel', 'stock level');
export const StockMovementConnection = Connection(StockMovement, 'StockMovement', 'stock movement');
