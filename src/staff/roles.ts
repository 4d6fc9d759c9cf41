import { ALL_PERMISSIONS, P, Permission } from './permissions';

/** A department of the company (keys as in shared/domain/README.md). */
export interface DepartmentDef {
  key: string;
  name: string;
  nameZh: string;
}

export const DEPARTMENTS: DepartmentDef[] = [
  { key: 'management', name: 'Management', nameZh: '管理层' },
  { key: 'operations', name: 'Operations', nameZh: '运营部' },
  { key: 'merchandising', name: 'Merchandising', nameZh: '商品部' },
  { key: 'product_planning', name: 'Product planning', nameZh: '产品策划' },
  { key: 'design', name: 'Design', nameZh: '美工' },
  { key: 'copywriting', name: 'Copywriting', nameZh: '文案编辑' },
  { key: 'marketing', name: 'Marketing', nameZh: '推广部' },
  { key: 'customer_service', name: 'Customer service', nameZh: '客服部' },
  { key: 'warehouse', name: 'Warehouse and logistics', nameZh: '仓储物流部' },
  { key: 'overseas', name: 'Overseas business', nameZh: '海外商务' },
  { key: 'purchasing', name: 'Purchasing', nameZh: '采购部' },
  { key: 'data', name: 'Data', nameZh: '数据部' },
  { key: 'finance', name: 'Finance', nameZh: '财务部' },
  { key: 'hr', name: 'Human resources', nameZh: '人力资源部' },
];

/** A built-in role: a named set of permissions with a home department. */
export interface RoleDef {
  key: string;
  name: string;
  nameZh: string;
  department: string;
  description: string;
  permissions: Permission[];
}

const CATALOG_ALL = [P.CatalogRead, P.CatalogWrite, P.CatalogCopy, P.CatalogMedia];

/**
 * The built-in roles and what each may do: the one table behind the permission checks, the
 * generated permissions page and the permission-matrix test.
 */
export const BUILT_IN_ROLES: RoleDef[] = [
  {
    key: 'owner', name: 'Owner', nameZh: '总负责人', department: 'management',
    description: 'Everything; manages staff, roles and API keys.',
    permissions: [...ALL_PERMISSIONS],
  },
  {
    key: 'ops_manager', name: 'Operations manager', nameZh: '运营主管', department: 'operations',
    description: 'Plans and assigns work, sees every report, manages operations staff, approves price changes.',
    permissions: [...CATALOG_ALL, P.CostRead, P.InventoryRead, P.InventoryAdjust, P.InventoryTransfer, P.InventoryStocktake,
      P.InventoryManage, P.OrdersRead, P.OrdersWrite,
      P.ChannelsRead, P.ChannelsSync, P.PromotionsRead, P.PromotionsWrite, P.ReportsRead, P.ReportsFinance,
      P.TasksRead, P.TasksAssign, P.StaffRead, P.StaffManageDepartment, P.PurchasingRead],
  },
  {
    key: 'ops_specialist', name: 'Operations specialist', nameZh: '运营专员', department: 'operations',
    description: 'Lists, reprices, restocks, delists and recategorises products on every channel; monthly reports.',
    permissions: [...CATALOG_ALL, P.InventoryRead, P.InventoryAdjust, P.OrdersRead, P.ChannelsRead, P.ChannelsSync,
      P.ReportsRead, P.TasksRead],
  },
  {
    key: 'merchandiser', name: 'Merchandiser', nameZh: '商品专员', department: 'merchandising',
    description: 'Selects products, plans supplier orders, watches sell-through and arrival cycles.',
    permissions: [P.CatalogRead, P.CatalogWrite, P.CostRead, P.InventoryRead, P.PurchasingRead, P.PurchasingWrite,
      P.ReportsRead, P.TasksRead],
  },
  {
    key: 'product_planner', name: 'Product planner', nameZh: '产品策划', department: 'product_planning',
    description: 'Drafts new products from customer feedback; plans photo shoots.',
    permissions: [P.CatalogRead, P.CatalogWrite, P.CatalogCopy, P.InventoryRead, P.ReportsRead, P.TasksRead],
  },
  {
    key: 'designer', name: 'Designer', nameZh: '美工', department: 'design',
    description: 'Product images and media only.',
    permissions: [P.CatalogRead, P.CatalogMedia, P.TasksRead],
  },
  {
    key: 'copywriter', name: 'Copywriter', nameZh: '文案编辑', department: 'copywriting',
    description: 'Titles, descriptions and translations only.',
    permissions: [P.CatalogRead, P.CatalogCopy, P.TasksRead],
  },
  {
    key: 'marketing', name: 'Marketing', nameZh: '推广营销', department: 'marketing',
    description: 'Promotions and campaigns, listing keywords, campaign reports.',
    permissions: [P.CatalogRead, P.CatalogCopy, P.ChannelsRead, P.PromotionsRead, P.PromotionsWrite, P.ReportsRead,
      P.TasksRead],
  },
  {
    key: 'customer_service', name: 'Customer service', nameZh: '客服', department: 'customer_service',
    description: 'Accepts and looks up orders, reads buyer details, notes, returns, refunds, exchanges, complaints.',
    permissions: [P.CatalogRead, P.InventoryRead, P.OrdersRead, P.OrdersWrite, P.OrdersReturns, P.OrdersRefund,
      P.PiiRead, P.TasksRead],
  },
  {
    key: 'warehouse', name: 'Warehouse', nameZh: '仓储物流', department: 'warehouse',
    description: 'Prints waybills, picks, packs and ships; receives goods; stocktakes; bins and zones.',
    permissions: [P.CatalogRead, P.InventoryRead, P.InventoryAdjust, P.InventoryTransfer, P.InventoryStocktake,
      P.InventoryManage, P.OrdersRead, P.OrdersFulfil, P.OrdersReturns, P.PiiRead, P.TasksRead],
  },
  {
    key: 'overseas_sales', name: 'Overseas sales', nameZh: '海外商务', department: 'overseas',
    description: 'AliExpress, eBay and Amazon channels: listings, sync, overseas orders and fulfilment, reports.',
    permissions: [...CATALOG_ALL, P.InventoryRead, P.OrdersRead, P.OrdersWrite, P.OrdersFulfil, P.OrdersReturns,
      P.PiiRead, P.ChannelsRead, P.ChannelsSync, P.ReportsRead, P.TasksRead],
  },
  {
    key: 'purchasing', name: 'Purchasing', nameZh: '采购', department: 'purchasing',
    description: 'Suppliers, purchase orders, production follow-up, receiving and quality checks, replenishment.',
    permissions: [P.CatalogRead, P.CostRead, P.CostWrite, P.InventoryRead, P.InventoryAdjust, P.PurchasingRead,
      P.PurchasingWrite, P.ReportsRead, P.TasksRead],
  },
  {
    key: 'data_analyst', name: 'Data analyst', nameZh: '数据分析', department: 'data',
    description: 'Reads everything except secrets and buyer personal data; analyses and reports.',
    permissions: [P.CatalogRead, P.CostRead, P.InventoryRead, P.OrdersRead, P.ChannelsRead, P.PurchasingRead,
      P.PromotionsRead, P.ReportsRead, P.ReportsFinance, P.TasksRead, P.StaffRead],
  },
  {
    key: 'finance', name: 'Finance', nameZh: '财务', department: 'finance',
    description: 'Cost prices, exchange rates, payments, refunds, revenue and margin reports.',
    permissions: [P.CatalogRead, P.CostRead, P.CostWrite, P.OrdersRead, P.OrdersRefund, P.PurchasingRead,
      P.ReportsRead, P.ReportsFinance, P.FinanceRates, P.TasksRead],
  },
  {
    key: 'hr', name: 'Human resources', nameZh: '人力资源', department: 'hr',
    description: 'Staff accounts, departments and role assignments; no business data.',
    permissions: [P.StaffRead, P.StaffManage, P.TasksRead],
  },
];

export const BUILT_IN_ROLE_KEYS = BUILT_IN_ROLES.map((r) => r.key);

export function builtInRole(key: string): RoleDef | undefined {
  return BUILT_IN_ROLES.find((r) => r.key === key);
}
