import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { toGlobalId } from '../common/ids';

/** Where a stocktake is in its life. */
export enum StocktakeStatus {
  OPEN = 'OPEN',
  POSTED = 'POSTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(StocktakeStatus, {
  name: 'StocktakeStatus',
  description: 'Where a stocktake (盘点) is in its life.',
  valuesConfig: {
    OPEN: { description: 'Counting: counts may be recorded.' },
    POSTED: { description: 'The counts were posted as STOCKTAKE movements; closed.' },
    CANCELLED: { description: 'Abandoned without changing stock; closed.' },
  },
});

/** How importStock reads the quantity column. */
export enum StockImportMode {
  SET = 'SET',
  ADJUST = 'ADJUST',
}
registerEnumType(StockImportMode, {
  name: 'StockImportMode',
  description: 'How importStock reads the quantity column.',
  valuesConfig: {
    SET: { description: 'The quantity becomes onHand (opening balances, stocktake results); a SKU and warehouse may appear once.' },
    ADJUST: { description: 'The quantity is added to onHand (negative removes); rows of one SKU and warehouse apply in file order.' },
  },
});

export interface StocktakeRow {
  id: string;
  seq: string;
  number: string;
  warehouse_id: string;
  warehouse_code: string;
  zone_code: string | null;
  status: string;
  started_at: Date | string;
  started_by: string;
  posted_at: Date | string | null;
  posted_by: string | null;
  cancelled_at: Date | string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What one counter found of one SKU in one bin.' })
export class StocktakeBinCount {
  @Field({ description: 'Bin (storage location) the units were counted in.' })
  binCode!: string;

  @Field(() => Int, { description: 'Units counted there; a later count of the same SKU and bin replaces it.' })
  countedQuantity!: number;

  @Field({ description: 'Who recorded the count: a staff email or an API key name.' })
  countedBy!: string;

  @Field(() => GraphQLDateTime, { description: 'When the count was recorded.' })
  countedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'One SKU of a stocktake: what the books expect, what was counted, and the difference.' })
export class StocktakeLine {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'onHand in the books when the stocktake started (0 for a SKU found during the count in a warehouse-wide stocktake).' })
  snapshot!: number;

  @Field(() => Int, { description: 'Net onHand change of this SKU in this warehouse by movements after the snapshot (frozen when the stocktake closed).' })
  movedSince!: number;

  @Field(() => Int, { description: 'What the books expect on the shelf now: snapshot + movedSince.' })
  expected!: number;

  @Field(() => Int, { nullable: true, description: 'Units counted over all bins; null while nobody has counted this SKU.' })
  counted!: number | null;

  @Field(() => Int, { nullable: true, description: 'counted − expected (positive: more on the shelf than in the books); null when not counted.' })
  variance!: number | null;

  @Field(() => Int, { nullable: true, description: 'Change of onHand the post wrote for this SKU (its STOCKTAKE movement; 0 when none was needed); null until posted and for SKUs nobody counted.' })
  adjustment!: number | null;

  @Field({ description: 'True when the SKU was not in the snapshot and was found during the count.' })
  found!: boolean;

  @Field(() => [StocktakeBinCount], { description: 'The counts per bin, by bin code.' })
  bins!: StocktakeBinCount[];
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A stocktake (盘点) of a warehouse or one zone of it: a snapshot of the books, the counts, and the correction posted.' })
export class Stocktake extends Node {
  dbId!: string;

  @Field({ description: 'Human-readable number, e.g. ST-000001; the reference of its ledger movements.' })
  number!: string;

  @Field({ description: 'Code of the warehouse counted.' })
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the zone counted; null when the whole warehouse is counted.' })
  zone!: string | null;

  @Field(() => StocktakeStatus, { description: 'OPEN while counting, then POSTED or CANCELLED.' })
  status!: StocktakeStatus;

  @Field(() => GraphQLDateTime, { description: 'When the snapshot was taken.' })
  startedAt!: Date;

  @Field({ description: 'Who started it: a staff email or an API key name.' })
  startedBy!: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the counts were posted; null unless POSTED.' })
  postedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who posted the counts; null unless POSTED.' })
  postedBy!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was cancelled; null unless CANCELLED.' })
  cancelledAt!: Date | null;

  // `lines` is resolved by StocktakeResolver through a per-request loader.

  static fromRow(r: StocktakeRow): Stocktake {
    return Object.assign(new Stocktake(), {
      id: toGlobalId('Stocktake', r.id),
      dbId: r.id,
      number: r.number,
      warehouseCode: r.warehouse_code,
      zone: r.zone_code,
      status: r.status as StocktakeStatus,
      startedAt: new Date(r.started_at),
      startedBy: r.started_by,
      postedAt: r.posted_at ? new Date(r.posted_at) : null,
      postedBy: r.posted_by,
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
    });
  }
}

export const StocktakeConnection = Connection(Stocktake, 'Stocktake', 'stocktake');
