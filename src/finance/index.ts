/**
 * The finance module's door: what other modules may ask of finance. Exchange rates live in its
 * table (exchange_rate), which nothing outside src/finance/ reads or writes: orders take their
 * rate at order time and channels their price conversion through these functions.
 */
export { currentRate, ratesAt } from './exchange-rate.queries';
export { currentRateLoader } from './exchange-rate.loaders';
export { shareRateLocks } from './rate-locks';
export type { RateWanted } from './exchange-rate.queries';
export { quoteToBase, plainRate } from './currency-conversion';
// Prepared data (the demo's rate table, src/sync/demo-simulators.ts): rates entered as finance enters them.
export { setExchangeRate } from './exchange-rate.service';
