import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { ExchangeRateFilter, SetExchangeRateInput } from './exchange-rate.inputs';
import { SetExchangeRatePayload } from './exchange-rate.payloads';
import { listExchangeRates } from './exchange-rate.queries';
import { setExchangeRate } from './exchange-rate.service';
import { ExchangeRate, ExchangeRateConnection } from './exchange-rate.types';

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  @Query(() => ExchangeRateConnection, { description: 'Exchange rates as finance entered them, latest effective first: the history orders and channel prices were converted with.' })
  @Allow('Query.exchangeRates', P.FinanceRates, P.ReportsFinance, P.ChannelsRead)
  async exchangeRates(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ExchangeRateFilter, { nullable: true, description: 'Conditions the rates must meet.' }) filter?: ExchangeRateFilter,
  ): Promise<object> {
    return toConnection(await listExchangeRates(ctx, args, filter));
  }

  @Mutation(() => SetExchangeRatePayload, { description: 'Enters an exchange rate from the base currency; orders in its currency that waited for a rate and were placed since it took effect take it at once.' })
  @Allow('Mutation.setExchangeRate', P.FinanceRates)
  setExchangeRate(@Ctx() ctx: Context, @Arg('input', () => SetExchangeRateInput, { description: 'The pair, the rate and from when it applies.' }) input: SetExchangeRateInput): Promise<SetExchangeRatePayload> {
    return setExchangeRate(ctx, input);
  }
}
