import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Foundation } from './Migration20261128000000Foundation';
import { Migration20261128010000Inventory } from './Migration20261128010000Inventory';
import { Migration20261128020000Transfers } from './Migration20261128020000Transfers';
import { Migration20261128030000Stocktakes } from './Migration20261128030000Stocktakes';
import { Migration20261128040000Replenishment } from './Migration20261128040000Replenishment';
import { Migration20261128050000Orders } from './Migration20261128050000Orders';
import { Migration20261128060000Fulfilment } from './Migration20261128060000Fulfilment';
import { Migration20261128070000Returns } from './Migration20261128070000Returns';
import { Migration20261128080000OrderMerge } from './Migration20261128080000OrderMerge';
import { Migration20261128090000Sync } from './Migration20261128090000Sync';
import { Migration20261203000000Accounts } from './Migration20261203000000Accounts';
import { Migration20261203010000OrderMoney } from './Migration20261203010000OrderMoney';
import { Migration20261203020000Quotas } from './Migration20261203020000Quotas';
import { Migration20261203030000ConnectorKinds } from './Migration20261203030000ConnectorKinds';
import { Migration20261203040000ChannelSettings } from './Migration20261203040000ChannelSettings';
import { Migration20261203050000ListingsShipments } from './Migration20261203050000ListingsShipments';
import { Migration20261203060000Integrity } from './Migration20261203060000Integrity';
import { Migration20261203070000ExchangeRates } from './Migration20261203070000ExchangeRates';
import { Migration20261204010000ListingMarkets } from './Migration20261204010000ListingMarkets';
import { Migration20261204020000FulfilmentWarehouses } from './Migration20261204020000FulfilmentWarehouses';
import { Migration20261205010000AvailabilityLocks } from './Migration20261205010000AvailabilityLocks';

/** Every migration, in the order it runs. Add new ones at the end. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Foundation', class: Migration20261128000000Foundation },
  { name: 'Migration20261128010000Inventory', class: Migration20261128010000Inventory },
  { name: 'Migration20261128020000Transfers', class: Migration20261128020000Transfers },
  { name: 'Migration20261128030000Stocktakes', class: Migration20261128030000Stocktakes },
  { name: 'Migration20261128040000Replenishment', class: Migration20261128040000Replenishment },
  { name: 'Migration20261128050000Orders', class: Migration20261128050000Orders },
  { name: 'Migration20261128060000Fulfilment', class: Migration20261128060000Fulfilment },
  { name: 'Migration20261128070000Returns', class: Migration20261128070000Returns },
  { name: 'Migration20261128080000OrderMerge', class: Migration20261128080000OrderMerge },
  { name: 'Migration20261128090000Sync', class: Migration20261128090000Sync },
  { name: 'Migration20261203000000Accounts', class: Migration20261203000000Accounts },
  { name: 'Migration20261203010000OrderMoney', class: Migration20261203010000OrderMoney },
  { name: 'Migration20261203020000Quotas', class: Migration20261203020000Quotas },
  { name: 'Migration20261203030000ConnectorKinds', class: Migration20261203030000ConnectorKinds },
  { name: 'Migration20261203040000ChannelSettings', class: Migration20261203040000ChannelSettings },
  { name: 'Migration20261203050000ListingsShipments', class: Migration20261203050000ListingsShipments },
  { name: 'Migration20261203060000Integrity', class: Migration20261203060000Integrity },
  { name: 'Migration20261203070000ExchangeRates', class: Migration20261203070000ExchangeRates },
  { name: 'Migration20261204010000ListingMarkets', class: Migration20261204010000ListingMarkets },
  { name: 'Migration20261204020000FulfilmentWarehouses', class: Migration20261204020000FulfilmentWarehouses },
  { name: 'Migration20261205010000AvailabilityLocks', class: Migration20261205010000AvailabilityLocks },
];
