/**
 * Every permission of the product, as named constants. Roles are sets of these; every query
 * and mutation declares which of them it needs (see `access.ts`). The table of built-in
 * roles in `roles.ts` is the single source for the checks, the generated docs and the tests.
 */
export const P = {
  CatalogRead: 'catalog.read',
  CatalogWrite: 'catalog.write',
  CatalogMedia: 'catalog.media',
  CatalogCopy: 'catalog.copy',
  CostRead: 'cost.read',
  CostWrite: 'cost.write',
  InventoryRead: 'inventory.read',
  InventoryAdjust: 'inventory.adjust',
  InventoryTransfer: 'inventory.transfer',
  InventoryStocktake: 'inventory.stocktake',
  InventoryManage: 'inventory.manage',
  OrdersRead: 'orders.read',
  OrdersWrite: 'orders.write',
  OrdersFulfil: 'orders.fulfil',
  OrdersReturns: 'orders.returns',
  OrdersRefund: 'orders.refund',
  PiiRead: 'pii.read',
  ChannelsRead: 'channels.read',
  ChannelsManage: 'channels.manage',
  ChannelsSync: 'channels.sync',
  PurchasingRead: 'purchasing.read',
  PurchasingWrite: 'purchasing.write',
  PromotionsRead: 'promotions.read',
  PromotionsWrite: 'promotions.write',
  ReportsRead: 'reports.read',
  ReportsFinance: 'reports.finance',
  FinanceRates: 'finance.rates',
  TasksRead: 'tasks.read',
  TasksAssign: 'tasks.assign',
  StaffRead: 'staff.read',
  StaffManage: 'staff.manage',
  StaffManageDepartment: 'staff.manage_department',
  RolesManage: 'roles.manage',
  ApiKeysManage: 'apikeys.manage',
  AuditRead: 'audit.read',
} as const;

export type Permission = (typeof P)[keyof typeof P];

/** What each permission allows, for the generated permissions page and the `permissions` query. */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'catalog.read': 'See products, variants, categories and images.',
  'catalog.write': 'Create, update and archive products and variants; options, prices, categories, bundles, status; import products.',
  'catalog.media': 'Add, change, reorder and remove product images (and nothing else of a product).',
  'catalog.copy': 'Edit titles, descriptions and translations (and nothing else of a product).',
  'cost.read': 'See cost prices and margins. Without it cost prices come back null.',
  'cost.write': 'Set cost prices.',
  'inventory.read': 'See warehouses, stock levels and the stock ledger.',
  'inventory.adjust': 'Adjust and set stock, receive goods, reserve and release stock.',
  'inventory.transfer': 'Send and receive transfers between warehouses.',
  'inventory.stocktake': 'Run stocktakes: start, count, post.',
  'inventory.manage': 'Create and change warehouses, zones, bins and safety stock.',
  'orders.read': "See orders, shipments and returns (buyer contact masked without pii.read); limited to some channels, those channels' orders only and no manual orders.",
  'orders.write': 'Create manual orders, accept, hold, release, cancel orders, add notes, merge orders for shipping (合单).',
  'orders.fulfil': 'Print waybills and pick lists, pack and ship, mark delivered.',
  'orders.returns': 'Create, approve, reject and receive returns and exchanges.',
  'orders.refund': 'Record refunds.',
  'pii.read': 'See buyer names, nicknames, phones, emails, addresses and messages unmasked (on the channels an assignment is limited to; orders without a channel need it on every channel).',
  'channels.read': 'See channels, listings and sync runs.',
  'channels.manage': 'Create channels, change their settings and credentials.',
  'channels.sync': 'Publish, update and delist listings; run and retry syncs.',
  'purchasing.read': 'See suppliers and purchase orders.',
  'purchasing.write': 'Manage suppliers and purchase orders, receive against them, return to supplier.',
  'promotions.read': 'See promotions and campaigns.',
  'promotions.write': 'Create and change promotions and campaigns.',
  'reports.read': 'See sales, stock and operations reports.',
  'reports.finance': 'See revenue, refund and margin reports (orderStats revenue is null without it).',
  'finance.rates': 'Enter exchange rates from the base currency (setExchangeRate); orders waiting for a rate take it at once.',
  'tasks.read': 'See the work queues and tasks of the own department.',
  'tasks.assign': 'Hand tasks to staff and follow them up.',
  'staff.read': 'See staff, departments and roles.',
  'staff.manage': 'Create staff, change their details, department and roles, deactivate them.',
  'staff.manage_department': 'Manage staff of the own department only, with roles of that department.',
  'roles.manage': 'Create and change custom roles; assign roles that carry roles.manage.',
  'apikeys.manage': 'Create and revoke integrator API keys.',
  'audit.read': 'Read the audit log.',
};

export const ALL_PERMISSIONS: Permission[] = Object.values(P);

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as string[]).includes(value);
}
