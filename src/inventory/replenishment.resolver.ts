import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { StockLevelPayload } from './inventory.payloads';
import { StockLevel } from './inventory.types';
import { ReplenishmentSuggestion } from './replenishment.types';
import { ReplenishmentSettingPayload } from './replenishment.payloads';
import { SetReplenishmentSettingInput, SetSafetyStockInput } from './replenishment.inputs';
import { SELLABLE_RULE, StockPush } from './channel-availability.types';
import { ChannelStockRulePayload } from './channel-availability.payloads';
import { SetChannelStockRuleInput } from './channel-availability.inputs';
import { lowStock, replenishmentSuggestions, setReplenishmentSetting, setSafetyStock } from './replenishment.service';
import { channelAvailability, pendingStockPushes, setChannelStockRule } from './channel-availability.service';
import { DEFAULT_COVER_DAYS, FulfilmentInboundSuggestion } from './fulfilment-inbound.types';
import { fulfilmentInboundSuggestions } from './fulfilment-inbound.service';

const FIRST = 'How many to return (default 20, at most 250).';

/** Inventory: safety stock, low stock, replenishment and channel availability. */
@Resolver()
export class ReplenishmentResolver {
  @Mutation(() => StockLevelPayload, { description: 'Sets the safety stock of one SKU in one warehouse (NEGATIVE_QUANTITY when below 0).' })
  @Allow('Mutation.setSafetyStock', P.InventoryManage)
  setSafetyStock(@Ctx() ctx: Context, @Arg('input', () => SetSafetyStockInput, { description: 'The SKU, warehouse and units to keep back.' }) input: SetSafetyStockInput): Promise<StockLevelPayload> {
    return setSafetyStock(ctx, input);
  }

  @Query(() => [StockLevel], {
    description:
      'Stock levels whose available (onHand − reserved) plus incoming is at or below a safety stock above 0; most urgent first ' +
      '(smallest share of the safety stock covered, then largest shortfall, then SKU and warehouse).',
  })
  @Allow('Query.lowStock', P.InventoryRead)
  lowStock(
    @Ctx() ctx: Context,
    @Arg('warehouseCode', () => String, { nullable: true, description: 'Only this warehouse; omitted: all.' }) warehouseCode?: string | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first?: number | null,
  ): Promise<StockLevel[]> {
    return lowStock(ctx, warehouseCode, first);
  }

  @Mutation(() => ReplenishmentSettingPayload, { description: 'Sets the lead time, review period and supplier a SKU is replenished with.' })
  @Allow('Mutation.setReplenishmentSetting', P.PurchasingWrite, P.InventoryManage)
  setReplenishmentSetting(
    @Ctx() ctx: Context,
    @Arg('input', () => SetReplenishmentSettingInput, { description: 'The SKU and its setting.' }) input: SetReplenishmentSettingInput,
  ): Promise<ReplenishmentSettingPayload> {
    return setReplenishmentSetting(ctx, input);
  }

  @Query(() => [ReplenishmentSuggestion], {
    description:
      'What to order, per SKU: ceil(averageDailyShipped × (leadTimeDays + reviewPeriodDays) + safetyStock − (available + incoming)), ' +
      'with averageDailyShipped the units shipped over the last 30 days / 30. A SKU without a replenishment setting is assumed to have ' +
      '7 days lead time and 7 days review period. Only SKUs needing something, largest quantity first.',
  })
  @Allow('Query.replenishmentSuggestions', P.InventoryRead, P.PurchasingRead)
  replenishmentSuggestions(
    @Ctx() ctx: Context,
    @Arg('warehouseCode', () => String, { nullable: true, description: 'Only stock and shipments of this warehouse; omitted: all warehouses added up.' }) warehouseCode?: string | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first?: number | null,
  ): Promise<ReplenishmentSuggestion[]> {
    return replenishmentSuggestions(ctx, warehouseCode, first);
  }

  @Query(() => [FulfilmentInboundSuggestion], {
    description:
      "What to send to a channel's fulfilment centre (Amazon FBA inbound shipment), per SKU: ceil(averageDailySold × coverDays + safetyStock − (available + inbound)), " +
      'with averageDailySold the units the marketplace shipped from it over the last 30 days / 30, and the own warehouse to send from. ' +
      'Only SKUs needing something, largest quantity first; empty for a channel without a fulfilment centre.',
  })
  @Allow('Query.fulfilmentInboundSuggestions', P.InventoryRead, P.ChannelsRead)
  fulfilmentInboundSuggestions(
    @Ctx() ctx: Context,
    @Arg('channelKey', { description: 'Key of the channel whose fulfilment centre to plan for.' }) channelKey: string,
    @Arg('coverDays', () => Int, { nullable: true, description: `Days of sales the centre's stock should cover once the shipment arrives (1–365, default ${DEFAULT_COVER_DAYS}).` }) coverDays?: number | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first?: number | null,
  ): Promise<FulfilmentInboundSuggestion[]> {
    return fulfilmentInboundSuggestions(ctx, channelKey, coverDays, first);
  }

  @Mutation(() => ChannelStockRulePayload, { description: `Sets where a channel sells from and how much (${SELLABLE_RULE}); queues a stock push for every SKU whose quantity changed.` })
  @Allow('Mutation.setChannelStockRule', P.ChannelsManage)
  setChannelStockRule(
    @Ctx() ctx: Context,
    @Arg('input', () => SetChannelStockRuleInput, { description: 'The channel and its rule.' }) input: SetChannelStockRuleInput,
  ): Promise<ChannelStockRulePayload> {
    return setChannelStockRule(ctx, input);
  }

  @Query(() => Int, { nullable: true, description: `Units of a SKU the channel may sell now: ${SELLABLE_RULE}. Null when there is no such channel or SKU.` })
  @Allow('Query.channelAvailability', P.ChannelsRead, P.InventoryRead)
  channelAvailability(
    @Ctx() ctx: Context,
    @Arg('channelKey', { description: 'Key of the channel.' }) channelKey: string,
    @Arg('sku', { description: 'SKU of the variant or bundle.' }) sku: string,
  ): Promise<number | null> {
    return channelAvailability(ctx, channelKey, sku);
  }

  @Query(() => [StockPush], {
    description:
      "A channel's stock outbox collapsed: per SKU whose latest change is not dispatched, that latest quantity (many changes become one push). " +
      'Longest-waiting first; empty for an unknown channel.',
  })
  @Allow('Query.pendingStockPushes', P.ChannelsRead)
  pendingStockPushes(
    @Ctx() ctx: Context,
    @Arg('channelKey', { description: 'Key of the channel.' }) channelKey: string,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first?: number | null,
  ): Promise<StockPush[]> {
    return pendingStockPushes(ctx, channelKey, first);
  }
}
