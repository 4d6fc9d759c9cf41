import { ExchangeRateResolver } from './exchange-rate.resolver';

/** The finance module's resolvers, for the schema (src/graphql/schema.ts). */
export const FINANCE_RESOLVERS = [ExchangeRateResolver] as const;
