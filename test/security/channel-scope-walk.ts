import WebSocket from 'ws';
import { createClient, Client } from 'graphql-ws';
import { getNamedType, GraphQLEnumType, GraphQLSchema, isEnumType } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { OPERATION_ACCESS } from '../../src/staff/access';
import { ALL_PERMISSIONS } from '../../src/staff/permissions';
import { builtInRole } from '../../src/staff/roles';
import { SimControl } from '../../connectors/sdk/testkit';
import { startAliExpressSimulator } from '../../connectors/aliexpress/simulator';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { accountFor, nodeTypeNames, rootFieldNames, SchemaWalk, typeOfGlobalId } from './schema-walk';

/**
 * Channel-scoped staff (issue 14): two overseas sales people (the built-in 海外商务 role), each
 * assigned to one AliExpress shop, walk every query, mutation and subscription of the schema as
 * it is built, each against the other's shop. Every root field is either walked here or named in
 * a table saying why it concerns no channel, so a field added later fails the walk until someone
 * decides which it is. What a person must never meet are the other shop's things (its orders,
 * buyers, returns, marketplace cases, listings, runs, settings, carriers) and manual orders; what
 * they refuse must come back as FORBIDDEN or a user error, change nothing of the other shop, and
 * work on their own shop.
 */

type SideName = 'A' | 'B';

interface OrderRef {
  id: string;
  number: string;
  lineId: string;
  externalId: string;
}

/** One shop and everything the walk made on it. */
interface Side {
  name: SideName;
  key: string;
  label: string;
  currency: string;
  warehouse: string;
  /** SKU prefix of the shop's own product. */
  sku: string;
  /** Prefix of everything the walk names on this shop (external ids, tracking numbers, titles). */
  tag: string;
  buyer: Record<string, string>;
  address: Record<string, string>;
  message: string;
  /** Whether its currency has no exchange rate (its orders wait for one). */
  rateMissing: boolean;
  channelId: string;
  o: Record<string, OrderRef>;
  ids: Record<string, string>;
  /** Strings of this shop the other shop's person must never meet. */
  markers: string[];
  /** Strings of this shop its own person meets in the walk (the positive control). */
  seen: string[];
  /** The overseas sales person of this shop (built-in role only, limited to this shop). */
  seller: string;
  /** The same role plus every business permission, limited to this shop: for what the seller's role does not hold. */
  lead: string;
}

const SHARED_SKU = 'WALK-SHARED-1';
const REQUEST_LIMITS = { GRAPHQL_MAX_COST: '1000000', GRAPHQL_MAX_DEPTH: '40', GRAPHQL_MAX_DOCUMENT_BYTES: '2000000', GRAPHQL_MAX_ALIASES: '1000' };
/** The permissions of the business (everything but staff, roles, API keys and the audit log). */
const BUSINESS = ALL_PERMISSIONS.filter((p) => !/^(staff\.|roles\.|apikeys\.|audit\.)/.test(p));
const SELLER_PERMISSIONS = new Set<string>(builtInRole('overseas_sales')!.permissions);

// ---- what is not channel-bound, and why ------------------------------------------------------

const STAFF_ADMIN = 'staff administration and the person’s own account: staff, roles, API keys and sign-in belong to the installation, and granting channel-limited permissions is checked in accounts.ts (#5)';
const CATALOGUE = 'the catalogue is shared by every channel (a product and its translations serve each channel of that language); a product’s channel data are its listings, walked through listings, node and removeVariant';
const STOCK = 'stock is kept per warehouse, and one warehouse serves several channels; what names an order of another channel (stock movement references) is walked under stockMovements';
const RATES = 'exchange rates are installation-wide (finance keeps one table for every channel)';

/** Query fields that concern no channel. */
const SHARED_QUERIES: Record<string, string> = {
  apiKeys: STAFF_ADMIN,
  auditLog: 'the installation’s audit trail, read by management (audit.read is in no channel role); buyer data in it is masked per channel (channel-scope.ts #11)',
  departments: STAFF_ADMIN,
  roles: STAFF_ADMIN,
  permissions: STAFF_ADMIN,
  me: STAFF_ADMIN,
  staffMembers: STAFF_ADMIN,
  staffMember: STAFF_ADMIN,
  products: CATALOGUE,
  product: CATALOGUE,
  variant: CATALOGUE,
  categories: CATALOGUE,
  warehouses: STOCK,
  warehouse: STOCK,
  warehouseZones: STOCK,
  warehouseBins: STOCK,
  stockLevels: STOCK,
  stockDiscrepancies: STOCK,
  transfer: STOCK,
  transfers: STOCK,
  stocktake: STOCK,
  stocktakes: STOCK,
  lowStock: STOCK,
  replenishmentSuggestions: 'suggestions sum what every channel shipped of a SKU, per warehouse; no channel is named',
  exchangeRates: RATES,
  connectors: 'the connector modules installed, not the channels made with them',
};

/** Mutation fields that concern no channel. */
const SHARED_MUTATIONS: Record<string, string> = {
  createApiKey: STAFF_ADMIN,
  revokeApiKey: STAFF_ADMIN,
  createRole: STAFF_ADMIN,
  updateRole: STAFF_ADMIN,
  deleteRole: STAFF_ADMIN,
  login: STAFF_ADMIN,
  changeMyPassword: STAFF_ADMIN,
  requestPasswordReset: STAFF_ADMIN,
  resetPassword: STAFF_ADMIN,
  createStaff: STAFF_ADMIN,
  updateStaff: STAFF_ADMIN,
  setStaffRoles: STAFF_ADMIN,
  createProduct: CATALOGUE,
  updateProduct: CATALOGUE,
  archiveProduct: CATALOGUE,
  setProductTranslations: CATALOGUE,
  removeProductTranslation: CATALOGUE,
  addProductImages: CATALOGUE,
  updateProductImage: CATALOGUE,
  removeProductImage: CATALOGUE,
  reorderProductImages: CATALOGUE,
  importProducts: CATALOGUE,
  addVariants: CATALOGUE,
  updateVariant: CATALOGUE,
  setBundleComponents: CATALOGUE,
  createCategory: CATALOGUE,
  updateCategory: CATALOGUE,
  deleteCategory: CATALOGUE,
  createWarehouse: STOCK,
  adjustStock: STOCK,
  setStock: STOCK,
  receiveStock: STOCK,
  markDamaged: STOCK,
  reserveStock: 'a reservation made by hand names no order and no channel (an order’s own reservation is walked under releaseReservation)',
  transferStock: STOCK,
  receiveTransfer: STOCK,
  cancelTransfer: STOCK,
  createWarehouseZone: STOCK,
  createWarehouseBins: STOCK,
  setDefaultBin: STOCK,
  startStocktake: STOCK,
  recordStocktakeCount: STOCK,
  postStocktake: STOCK,
  cancelStocktake: STOCK,
  importStock: STOCK,
  setSafetyStock: STOCK,
  setReplenishmentSetting: STOCK,
  setExchangeRate: RATES,
};

/** Subscription fields that concern no channel. */
const SHARED_SUBSCRIPTIONS: Record<string, string> = {};

/** Node types that belong to no channel (node(id) of them is the typed query's business). */
const SHARED_NODE_TYPES: Record<string, string> = {
  Product: CATALOGUE,
  Variant: CATALOGUE,
  Category: CATALOGUE,
  ProductImage: CATALOGUE,
  Warehouse: STOCK,
  StockLevel: STOCK,
  StockMovement: STOCK,
  StockTransfer: STOCK,
  Stocktake: STOCK,
  Staff: STAFF_ADMIN,
  Role: STAFF_ADMIN,
  ApiKey: STAFF_ADMIN,
  AuditEntry: STAFF_ADMIN,
};

// ---- what is channel-bound, and how the walk aims it at a shop ----------------------------------

/**
 * A query aimed at a shop. Asked by the other shop's person it answers FORBIDDEN (`refuses`) or
 * with nothing of the shop (`hides`: FORBIDDEN or an answer without it); asked by the shop's own
 * person it answers with the shop's things in it (`shows`) or at least answers (`answers`).
 */
interface QueryProbe {
  vars: Record<string, unknown>;
  other: 'refuses' | 'hides';
  own: 'shows' | 'answers';
}

const EVER = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

/** Channel-bound query fields (node is walked by the node test). */
const QUERY_PROBES: Record<string, (s: Side) => QueryProbe[]> = {
  order: (s) => [{ vars: { id: s.o.note.id }, other: 'refuses', own: 'shows' }],
  orders: (s) => [
    { vars: { filter: { channelId: s.channelId } }, other: 'hides', own: 'shows' },
    { vars: { filter: { channelKey: s.key } }, other: 'hides', own: 'shows' },
    { vars: { filter: { search: s.o.note.number } }, other: 'hides', own: 'shows' },
    { vars: { filter: { search: s.buyer.phone } }, other: 'hides', own: 'shows' },
    { vars: { filter: { baseRateMissing: s.rateMissing } }, other: 'hides', own: 'shows' },
  ],
  returns: (s) => [{ vars: { filter: { orderId: s.o.returns.id } }, other: 'hides', own: 'shows' }],
  channelReturns: (s) => [
    { vars: { filter: { channelId: s.channelId } }, other: 'refuses', own: 'shows' },
    { vars: { filter: { orderId: s.o.note.id } }, other: 'hides', own: 'shows' },
  ],
  channels: () => [{ vars: {}, other: 'hides', own: 'shows' }],
  channel: (s) => [{ vars: { id: s.channelId }, other: 'refuses', own: 'shows' }],
  listings: (s) => [
    { vars: { filter: { channelId: s.channelId } }, other: 'refuses', own: 'shows' },
    { vars: { filter: { channelKey: s.key } }, other: 'refuses', own: 'shows' },
    // A product's channel data: the product listed on both shops shows each person their shop's listing only.
    { vars: { filter: { sku: SHARED_SKU } }, other: 'hides', own: 'shows' },
    { vars: { filter: { missingTranslation: true } }, other: 'hides', own: 'shows' },
  ],
  syncRun: (s) => [{ vars: { id: s.ids.run }, other: 'refuses', own: 'shows' }],
  syncRuns: (s) => [{ vars: { filter: { channelId: s.channelId } }, other: 'refuses', own: 'shows' }],
  listingDrift: (s) => [{ vars: { channelId: s.channelId }, other: 'refuses', own: 'answers' }],
  channelAvailability: (s) => [{ vars: { channelKey: s.key, sku: `${s.sku}-1` }, other: 'refuses', own: 'answers' }],
  pendingStockPushes: (s) => [{ vars: { channelKey: s.key }, other: 'refuses', own: 'answers' }],
  fulfilmentInboundSuggestions: (s) => [{ vars: { channelKey: s.key }, other: 'refuses', own: 'answers' }],
  orderStats: (s) => [
    { vars: { groupBy: 'CHANNEL', ...EVER }, other: 'hides', own: 'shows' },
    { vars: { groupBy: 'CHANNEL', channelKey: s.key, ...EVER }, other: 'hides', own: 'shows' },
  ],
  mergeableOrders: () => [{ vars: { first: 50 }, other: 'hides', own: 'shows' }],
  pickList: (s) => [{ vars: { warehouseCode: s.warehouse }, other: 'hides', own: 'shows' }],
  waybillExport: (s) => ['CSV', 'HTML'].map((format) => ({ vars: { warehouseCode: s.warehouse, format }, other: 'hides' as const, own: 'shows' as const })),
  pickListExport: (s) => ['CSV', 'HTML'].map((format) => ({ vars: { warehouseCode: s.warehouse, format }, other: 'hides' as const, own: 'shows' as const })),
  stockMovements: (s) => [
    { vars: { filter: { reference: s.o.deliver.number } }, other: 'hides', own: 'shows' },
    { vars: { filter: { warehouseCode: s.warehouse } }, other: 'hides', own: 'shows' },
  ],
};

/** Walked by the node test: every object of the other shop, by its global id. */
const NODE_QUERY = ['node'];

/** Node types that belong to a shop: the node test asks for one of each, of each shop. */
const CHANNEL_NODE_TYPES = ['Channel', 'ChannelReturn', 'Listing', 'SyncRun', 'Order', 'OrderLine', 'OrderNote', 'OrderReturn', 'ReturnLine', 'OrderMergeGroup', 'Reservation'];

/** One mutation call; `m` is its payload's alias. */
interface Attempt {
  what: string;
  query: string;
  vars: Record<string, unknown>;
  /** What the other shop's person gets: FORBIDDEN unless said (a user error's code otherwise). */
  refusal?: string;
  /** Made only against the other shop (it mixes the caller's things with the other shop's). */
  otherOnly?: boolean;
}

interface MutationCase {
  /** Calls aimed at shop `s`, made by a person of shop `me`. */
  tries(s: Side, me: Side): Attempt[];
  /** Why a person limited to their shop cannot do it on their own shop either (the calls are refused there too). */
  refusedOnOwn?: string;
}

const attempt = (what: string, query: string, vars: Record<string, unknown> = {}, more: Partial<Attempt> = {}): Attempt => ({ what, query, vars, ...more });

/** Channel-bound mutation fields. */
const MUTATION_CASES: Record<string, MutationCase> = {
  cancelOrder: { tries: (s) => [attempt('cancel', 'mutation($id: ID!) { m: cancelOrder(id: $id, reason: "walk") { order { id status } userErrors { code } } }', { id: s.o.cancel.id })] },
  markOrderPaid: { tries: (s) => [attempt('paid', 'mutation($id: ID!) { m: markOrderPaid(id: $id) { order { id status } userErrors { code } } }', { id: s.o.pay.id })] },
  holdOrder: { tries: (s) => [attempt('hold', 'mutation($id: ID!) { m: holdOrder(input: { orderId: $id, reason: MANUAL, note: "walk" }) { order { id onHold } userErrors { code } } }', { id: s.o.hold.id })] },
  releaseOrder: { tries: (s) => [attempt('release', 'mutation($id: ID!) { m: releaseOrder(id: $id) { order { id onHold } userErrors { code } } }', { id: s.o.held.id })] },
  mapOrderLineSku: { tries: (s) => [attempt('map', 'mutation($l: ID!, $sku: String!) { m: mapOrderLineSku(orderLineId: $l, sku: $sku) { order { id } userErrors { code } } }', { l: s.o.unmapped.lineId, sku: `${s.sku}-1` })] },
  createShipment: {
    tries: (s) => [
      attempt('ship', 'mutation($i: CreateShipmentInput!) { m: createShipment(input: $i) { shipment { id } userErrors { code } } }', {
        i: { orderId: s.o.ship.id, warehouseCode: s.warehouse, carrier: 'SF', trackingNumber: `${s.tag}WALKTRACK`, lines: [{ orderLineId: s.o.ship.lineId, quantity: 1 }] },
      }),
    ],
  },
  markDelivered: { tries: (s) => [attempt('delivered', 'mutation($id: ID!) { m: markDelivered(id: $id) { order { id status } userErrors { code } } }', { id: s.ids.deliverShipment })] },
  createReturn: {
    tries: (s, me) => [
      attempt('return', 'mutation($i: CreateReturnInput!) { m: createReturn(input: $i) { return { id } userErrors { code } } }', {
        i: { orderId: s.o.returns.id, type: 'RETURN_AND_REFUND', reason: 'walk', lines: [{ orderLineId: s.o.returns.lineId, quantity: 1, reason: 'walk' }] },
      }),
      // The caller's own order, linked to the other shop's marketplace case.
      attempt(
        'return of an own order linked to the other shop’s case',
        'mutation($i: CreateReturnInput!) { m: createReturn(input: $i) { return { id } userErrors { code } } }',
        { i: { orderId: me.o.returns.id, type: 'REFUND_ONLY', reason: 'walk', channelReturnId: s.ids.channelReturn, lines: [{ orderLineId: me.o.returns.lineId, quantity: 1, reason: 'walk' }] } },
        { otherOnly: true },
      ),
    ],
  },
  approveReturn: { tries: (s) => [attempt('approve', 'mutation($id: ID!) { m: approveReturn(id: $id) { return { id status } userErrors { code } } }', { id: s.ids.returnToApprove })] },
  rejectReturn: { tries: (s) => [attempt('reject', 'mutation($id: ID!) { m: rejectReturn(id: $id, reason: "walk") { return { id status } userErrors { code } } }', { id: s.ids.returnToReject })] },
  receiveReturn: {
    tries: (s) => [
      attempt('receive', 'mutation($i: ReceiveReturnInput!) { m: receiveReturn(input: $i) { return { id status } userErrors { code } } }', {
        i: { returnId: s.ids.returnToReceive, lines: [{ returnLineId: s.ids.returnToReceiveLine, quantity: 1, condition: 'SELLABLE' }] },
      }),
    ],
  },
  refundReturn: { tries: (s) => [attempt('refund', 'mutation($id: ID!) { m: refundReturn(input: { returnId: $id, amount: "1.00" }) { return { id status } userErrors { code } } }', { id: s.ids.returnToRefund })] },
  addOrderNote: { tries: (s) => [attempt('note', 'mutation($id: ID!) { m: addOrderNote(input: { orderId: $id, text: "walk", kind: NOTE }) { note { id } userErrors { code } } }', { id: s.o.note.id })] },
  mergeOrders: {
    tries: (s, me) => [
      attempt('merge', 'mutation($o: [ID!]!) { m: mergeOrders(input: { orderIds: $o }) { group { id } userErrors { code } } }', { o: [s.o.merge1.id, s.o.merge2.id] }),
      attempt('merge with an own order', 'mutation($o: [ID!]!) { m: mergeOrders(input: { orderIds: $o }) { group { id } userErrors { code } } }', { o: [me.o.merge1.id, s.o.merge1.id] }, { otherOnly: true }),
    ],
  },
  unmergeOrders: { tries: (s) => [attempt('unmerge', 'mutation($id: ID!) { m: unmergeOrders(groupId: $id) { orders { id } userErrors { code } } }', { id: s.ids.groupToUnmerge })] },
  shipMergedOrders: {
    tries: (s) => [
      attempt('ship merged', 'mutation($i: ShipMergedOrdersInput!) { m: shipMergedOrders(input: $i) { group { id } userErrors { code } } }', {
        i: { groupId: s.ids.groupToShip, warehouseCode: s.warehouse, carrier: 'SF', trackingNumber: `${s.tag}WALKMERGED` },
      }),
    ],
  },
  createOrder: {
    tries: (s, me) => [
      attempt('manual order', 'mutation($i: CreateOrderInput!) { m: createOrder(input: $i) { order { id } userErrors { code } } }', {
        i: { idempotencyKey: `walk-${me.name}-${s.name}`, currency: s.currency, lines: [{ sku: `${s.sku}-1`, quantity: 1, unitPrice: '1.00' }] },
      }),
    ],
    refusedOnOwn: 'a manual order belongs to no channel: only people whose orders.write holds on every channel make one',
  },
  recordChannelOrder: {
    tries: (s, me) => [
      attempt('intake by key', 'mutation($i: ChannelOrderInput!) { m: recordChannelOrder(input: $i) { order { id } userErrors { code } } }', { i: intake(s, `${me.tag}-by-key`, { channelKey: s.key }) }),
      attempt('intake by id', 'mutation($i: ChannelOrderInput!) { m: recordChannelOrder(input: $i) { order { id } userErrors { code } } }', { i: intake(s, `${me.tag}-by-id`, { channelId: s.channelId }) }),
    ],
  },
  recordChannelOrders: {
    tries: (s, me) => [
      attempt('intake batch (own shop first)', 'mutation($i: [ChannelOrderInput!]!) { m: recordChannelOrders(inputs: $i) { results { order { id } } userErrors { code } } }', {
        i: [intake(me, `${me.tag}-batch-${s.name}-1`, { channelKey: me.key }), intake(s, `${me.tag}-batch-${s.name}-2`, { channelKey: s.key })],
      }),
    ],
  },
  releaseReservation: {
    tries: (s) => [attempt('release an order’s stock', 'mutation($id: ID!) { m: releaseReservation(id: $id) { reservation { id } userErrors { code } } }', { id: s.ids.reservation }, { refusal: 'RESERVED_FOR_ORDER' })],
    refusedOnOwn: 'an order’s reservation is the order’s: released through the order (cancel, ship), refused to everybody here',
  },
  removeVariant: {
    tries: (s) => [attempt('remove a listed variant', 'mutation($sku: ID!) { m: removeVariant(id: $sku) { deletedId userErrors { code } } }', { sku: s.ids.listedOnlyVariant })],
  },
  publishListings: {
    tries: (s) => [
      attempt('publish by id', 'mutation($i: PublishListingsInput!) { m: publishListings(input: $i) { listings { id } userErrors { code } } }', { i: { channelId: s.channelId, skus: [`${s.sku}-4`], title: `${s.tag} walk title` } }),
      attempt('publish by key', 'mutation($i: PublishListingsInput!) { m: publishListings(input: $i) { listings { id } userErrors { code } } }', { i: { channelKey: s.key, skus: [`${s.sku}-4`] } }),
    ],
  },
  updateListing: { tries: (s) => [attempt('update', 'mutation($id: ID!) { m: updateListing(input: { id: $id, title: "walk", price: "9.99" }) { listing { id } userErrors { code } } }', { id: s.ids.listingToUpdate })] },
  delistListings: { tries: (s) => [attempt('delist', 'mutation($id: ID!) { m: delistListings(input: { ids: [$id] }) { listings { id status } userErrors { code } } }', { id: s.ids.listingToDelist })] },
  deleteListings: { tries: (s) => [attempt('delete', 'mutation($id: ID!) { m: deleteListings(input: { ids: [$id] }) { deletedIds userErrors { code } } }', { id: s.ids.listingToDelete })] },
  syncChannel: { tries: (s) => [attempt('sync', 'mutation($c: ID!) { m: syncChannel(input: { channelId: $c, scopes: [ORDERS] }) { syncRun { id } userErrors { code } } }', { c: s.channelId })] },
  retrySyncErrors: {
    tries: (s) => [
      attempt('retry a run', 'mutation($id: ID!) { m: retrySyncErrors(input: { runId: $id }) { retried userErrors { code } } }', { id: s.ids.run }),
      attempt('retry a channel', 'mutation($c: ID!) { m: retrySyncErrors(input: { channelId: $c }) { retried userErrors { code } } }', { c: s.channelId }),
    ],
  },
  reconcileChannel: { tries: (s) => [attempt('reconcile', 'mutation($c: ID!) { m: reconcileChannel(input: { channelId: $c, fix: true }) { syncRun { id } userErrors { code } } }', { c: s.channelId })] },
  testChannelConnection: { tries: (s) => [attempt('test', 'mutation($c: ID!) { m: testChannelConnection(id: $c) { ok channel { id } userErrors { code } } }', { c: s.channelId })] },
  setChannelCarriers: {
    tries: (s) => [
      attempt('carriers', 'mutation($i: SetChannelCarriersInput!) { m: setChannelCarriers(input: $i) { carriers { carrier } userErrors { code } } }', {
        i: { channelId: s.channelId, carriers: [{ carrier: `${s.tag.toLowerCase()}-walk-post`, code: 'CPAM' }] },
      }),
    ],
  },
  setChannelStockRule: {
    tries: (s) => [attempt('stock rule', 'mutation($i: SetChannelStockRuleInput!) { m: setChannelStockRule(input: $i) { channelStockRule { channelKey } userErrors { code } } }', { i: { channelKey: s.key, warehouseCodes: [s.warehouse], buffer: 3 } })],
  },
  updateChannel: {
    tries: (s) => [
      attempt('rename and settings', 'mutation($i: UpdateChannelInput!) { m: updateChannel(input: $i) { channel { id } userErrors { code } } }', {
        i: { id: s.channelId, name: `${s.label} walk`, settings: [{ name: 'brandName', value: `${s.tag}WalkBrand` }] },
      }),
    ],
  },
  createChannel: {
    tries: (s, me) => [
      attempt('a shop beyond the assignment', 'mutation($i: CreateChannelInput!) { m: createChannel(input: $i) { channel { id } userErrors { code } } }', {
        i: { kind: 'ALIEXPRESS', key: `ae-walk-new-${me.name.toLowerCase()}`, name: 'walk', currency: 'USD', baseUrl: 'http://127.0.0.1:9/' },
      }),
    ],
    refusedOnOwn: 'a channel-limited person creates no channel: a new shop’s key is beyond their assignment',
  },
};

/** Channel-bound subscription fields (walked by the subscription test). */
const SUBSCRIPTIONS_WALKED = ['syncRunUpdated'];

/** A marketplace order for the intake, on shop `s`. */
function intake(s: Side, externalId: string, channel: { channelKey?: string; channelId?: string }): Record<string, unknown> {
  return {
    ...channel,
    externalId,
    status: 'PAID',
    currency: s.currency,
    modifiedAt: '2031-05-02T00:00:00Z',
    placedAt: '2031-05-02T00:00:00Z',
    buyer: s.buyer,
    shippingAddress: s.address,
    lines: [{ sku: `${s.sku}-1`, quantity: 1, unitPrice: '10.00', externalLineId: `${externalId}-L1` }],
  };
}

export function channelScopeWalk(): void {
  let t: TestApp;
  let owner: string;
  let schema: GraphQLSchema;
  let sim: RunningSimulator;
  const clients: Client[] = [];
  const sides = {} as Record<SideName, Side>;
  /** Strings of a manual order: nobody limited to shops meets them. */
  const manualMarkers: string[] = [];
  /** The product both shops list (its first SKU is SHARED_SKU). */
  let sharedProductId = '';

  const ok = async (query: string, vars: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const r = await t.gql(query, vars, owner);
    if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)} for ${query}`);
    return r.data!;
  };
  /** The one payload of a mutation, which must have no user errors. */
  const done = async (query: string, vars: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const data = await ok(query, vars);
    const payload = Object.values(data)[0] as Record<string, any>;
    if (payload.userErrors?.length) throw new Error(`userErrors ${JSON.stringify(payload.userErrors)} for ${query}`);
    return payload;
  };
  const other = (s: Side): Side => (s.name === 'A' ? sides.B : sides.A);
  /** What of shop `of` (and of manual orders) a text shows. */
  const traces = (text: string, of: Side): string[] => [...of.markers, ...manualMarkers].filter((m) => text.includes(m));
  const internalErrors = (r: GqlResult) => (r.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code);

  /** A walker whose made-up ids and keys are shop `s`'s. */
  const aimedAt = (s: Side) =>
    new SchemaWalk(schema, (name, scalar) => {
      if (scalar === 'ID') {
        if (/channel/i.test(name)) return JSON.stringify(s.channelId);
        if (/run/i.test(name)) return JSON.stringify(s.ids.run);
        return JSON.stringify(s.o.note.id);
      }
      if (/channelKey/i.test(name)) return JSON.stringify(s.key);
      if (/warehouse|code/i.test(name)) return JSON.stringify(s.warehouse);
      if (/sku/i.test(name)) return JSON.stringify(`${s.sku}-1`);
      return undefined;
    });

  // ---- the two shops --------------------------------------------------------------------------

  async function channelOrder(s: Side, name: string, opts: { status?: string; sku?: string; quantity?: number; buyerId?: string } = {}): Promise<OrderRef> {
    const externalId = `${s.tag}X-${name}`;
    const r = await done('mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { order { id number lines { id } } userErrors { code message } } }', {
      i: {
        channelKey: s.key, externalId, status: opts.status ?? 'PAID', currency: s.currency, modifiedAt: '2031-05-01T08:00:00Z', placedAt: '2031-05-01T08:00:00Z',
        buyerId: opts.buyerId ?? `${s.tag}-buyer-${name}`, buyer: s.buyer, shippingAddress: s.address, buyerMessage: s.message,
        lines: [{ sku: opts.sku ?? `${s.sku}-1`, quantity: opts.quantity ?? 1, unitPrice: '20.00', externalLineId: `${externalId}-L1` }],
      },
    });
    const ref = { id: r.order.id, number: r.order.number, lineId: r.order.lines[0].id, externalId };
    s.o[name] = ref;
    s.markers.push(ref.number, externalId);
    return ref;
  }

  async function ship(s: Side, order: OrderRef, quantity: number, tracking: string): Promise<string> {
    const r = await done('mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { id } userErrors { code message } } }', {
      i: { orderId: order.id, warehouseCode: s.warehouse, carrier: 'SF', trackingNumber: tracking, lines: [{ orderLineId: order.lineId, quantity }] },
    });
    s.markers.push(tracking);
    return r.shipment.id;
  }

  async function returnOf(s: Side, type: string, reason: string): Promise<{ id: string; lineId: string }> {
    const r = await done('mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id number lines { id } } userErrors { code message } } }', {
      i: { orderId: s.o.returns.id, type, reason, lines: [{ orderLineId: s.o.returns.lineId, quantity: 1, reason }] },
    });
    s.markers.push(r.return.number, reason);
    return { id: r.return.id, lineId: r.return.lines[0].id };
  }

  async function merged(s: Side, a: OrderRef, b: OrderRef): Promise<string> {
    const r = await done('mutation($o: [ID!]!) { mergeOrders(input: { orderIds: $o }) { group { id number } userErrors { code message } } }', { o: [a.id, b.id] });
    s.markers.push(r.group.number);
    return r.group.id;
  }

  async function listing(s: Side, sku: string, title: string): Promise<string> {
    const r = await done('mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id } userErrors { code message } } }', { i: { channelId: s.channelId, skus: [sku], title } });
    s.markers.push(title);
    return r.listings[0].id;
  }

  /** Everything the walk needs on one shop, made by the owner as the sync and the staff would have. */
  async function seedSide(s: Side, baseUrl: string, credentials: Record<string, string>): Promise<void> {
    await done(`mutation { createWarehouse(input: { code: "${s.warehouse}", name: "${s.tag} 仓", kind: OWN, country: "CN" }) { userErrors { code message } } }`);
    const skus = [1, 2, 3, 4].map((n) => `${s.sku}-${n}`);
    await done('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
      i: { title: `${s.tag} 连衣裙`, options: [{ name: '尺码', values: ['S', 'M', 'L', 'XL'] }], variants: skus.map((sku, i) => ({ sku, optionValues: [['S', 'M', 'L', 'XL'][i]], price: '199.00' })) },
    });
    for (const sku of skus) await done(`mutation { adjustStock(input: { sku: "${sku}", warehouseCode: "${s.warehouse}", delta: 100, reason: "opening" }) { userErrors { code message } } }`);
    // A variant listed on this shop that no warehouse holds: removing it would take the listing along.
    const listedOnly = await done('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { variants { id } } userErrors { code message } } }', {
      i: { title: `${s.tag} 样品`, variants: [{ sku: `${s.sku}-L`, price: '99.00' }] },
    });
    s.ids.listedOnlyVariant = listedOnly.product.variants[0].id;

    const settings = [{ name: 'brandName', value: `${s.tag}Brand` }];
    const c = await done('mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } userErrors { code message } } }', {
      i: { kind: 'ALIEXPRESS', key: s.key, name: s.label, baseUrl, currency: s.currency, credentials, warehouseCodes: [s.warehouse], settings, schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
    });
    s.channelId = c.channel.id;
    s.markers.push(s.key, s.label, `${s.tag}Brand`, ...Object.values(s.buyer), s.address.address1, s.message);
    s.seen.push(s.key, s.label, `${s.tag}Brand`, s.buyer.name, s.address.address1, s.message);
    await done('mutation($i: SetChannelCarriersInput!) { setChannelCarriers(input: $i) { carriers { carrier } userErrors { code message } } }', {
      i: { channelId: s.channelId, carriers: [{ carrier: `${s.tag.toLowerCase()}-post`, code: 'CPAM' }] },
    });
    s.markers.push(`${s.tag.toLowerCase()}-post`);
    await done('mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) { userErrors { code message } } }', { i: { channelKey: s.key, warehouseCodes: [s.warehouse], buffer: 1 } });

    // Orders, each in the state the mutation aimed at it needs.
    await channelOrder(s, 'pay', { status: 'PENDING_PAYMENT' });
    for (const name of ['cancel', 'hold', 'held', 'ship', 'note']) await channelOrder(s, name);
    await channelOrder(s, 'unmapped', { sku: `${s.tag}-NO-SUCH-SKU` });
    await done('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: MANUAL, note: "walk hold" }) { userErrors { code message } } }', { id: s.o.held.id });
    await done('mutation($id: ID!, $t: String!) { addOrderNote(input: { orderId: $id, text: $t, kind: NOTE }) { userErrors { code message } } }', { id: s.o.note.id, t: `${s.tag} 客服备注` });
    s.markers.push(`${s.tag} 客服备注`);
    s.seen.push(`${s.tag} 客服备注`, s.o.note.number);
    await channelOrder(s, 'deliver');
    s.ids.deliverShipment = await ship(s, s.o.deliver, 1, `${s.tag}TRACK-D`);
    await channelOrder(s, 'returns', { sku: `${s.sku}-2`, quantity: 5 });
    await ship(s, s.o.returns, 5, `${s.tag}TRACK-R`);
    s.ids.returnToApprove = (await returnOf(s, 'RETURN_AND_REFUND', `${s.tag} 退货理由一`)).id;
    s.ids.returnToReject = (await returnOf(s, 'RETURN_AND_REFUND', `${s.tag} 退货理由二`)).id;
    const receive = await returnOf(s, 'RETURN_AND_REFUND', `${s.tag} 退货理由三`);
    s.ids.returnToReceive = receive.id;
    s.ids.returnToReceiveLine = receive.lineId;
    s.ids.returnToRefund = (await returnOf(s, 'REFUND_ONLY', `${s.tag} 退款理由`)).id;
    for (const id of [s.ids.returnToReceive, s.ids.returnToRefund]) await done('mutation($id: ID!) { approveReturn(id: $id) { userErrors { code message } } }', { id });
    for (const name of ['merge1', 'merge2']) await channelOrder(s, name, { buyerId: `${s.tag}-merge-buyer` });
    for (const name of ['g1a', 'g1b']) await channelOrder(s, name, { buyerId: `${s.tag}-group-1` });
    for (const name of ['g2a', 'g2b']) await channelOrder(s, name, { buyerId: `${s.tag}-group-2` });
    s.ids.groupToUnmerge = await merged(s, s.o.g1a, s.o.g1b);
    s.ids.groupToShip = await merged(s, s.o.g2a, s.o.g2b);

    // Listings: three to change, one of the product both shops list, one of the variant no warehouse holds.
    s.ids.listingToUpdate = await listing(s, `${s.sku}-1`, `${s.tag} listing to update`);
    s.ids.listingToDelist = await listing(s, `${s.sku}-2`, `${s.tag} listing to delist`);
    s.ids.listingToDelete = await listing(s, `${s.sku}-3`, `${s.tag} listing to delete`);
    s.ids.listingShared = await listing(s, SHARED_SKU, `${s.tag} listing of the shared product`);
    s.ids.listingListedOnly = await listing(s, `${s.sku}-L`, `${s.tag} listing of a sample`);
    s.seen.push(`${s.tag} listing of the shared product`);

    // A run, and what the sync would have written: an order it could not read and a marketplace case.
    const run = await done('mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [ORDERS] }) { syncRun { id } userErrors { code message } } }', { c: s.channelId });
    s.ids.run = run.syncRun.id;
    const conn = t.em().getConnection();
    const uuid = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
    await conn.execute(
      `insert into sync_error (id, run_id, channel_id, scope, kind, code, message, external_id, raw)
       values (gen_random_uuid(), ?, ?, 'ORDERS', 'MALFORMED', 'UNREADABLE', 'the order could not be read', ?, ?::jsonb)`,
      [uuid(s.ids.run), uuid(s.channelId), `${s.tag}ERR-1`, JSON.stringify({ receiver_name: s.buyer.name })],
    );
    await conn.execute(
      `insert into channel_return (id, channel_id, external_id, order_external_id, type, status, marketplace_status, amount, currency, reason, modified_at, raw)
       values (gen_random_uuid(), ?, ?, ?, 'REFUND_ONLY', 'REQUESTED', 'WAIT_SELLER_AGREE', 10, ?, ?, now(), '{}'::jsonb)`,
      [uuid(s.channelId), `${s.tag}CASE-1`, s.o.note.externalId, s.currency, `${s.tag} 买家退款理由`],
    );
    const cases = await ok('query($c: ID!) { channelReturns(first: 5, filter: { channelId: $c }) { nodes { id } } }', { c: s.channelId });
    s.ids.channelReturn = cases.channelReturns.nodes[0].id;
    s.markers.push(`${s.tag}ERR-1`, `${s.tag}CASE-1`, `${s.tag} 买家退款理由`);
    s.seen.push(`${s.tag}CASE-1`);

    // Global ids of what has no typed query of its own.
    const [row] = await conn.execute('select reservation_id from sales_order where external_id = ?', [s.o.note.externalId]);
    s.ids.reservation = Buffer.from(`Reservation:${row.reservation_id}`).toString('base64url');
    const lines = await ok(
      'query($o: ID!, $r: ID!) { order(id: $o) { notes { id } } r: node(id: $r) { ... on OrderReturn { lines { id } } } }',
      { o: s.o.note.id, r: s.ids.returnToApprove },
    );
    s.ids.note = lines.order.notes[0].id;
    s.ids.returnLine = lines.r.lines[0].id;

    s.seller = await t.staffToken(['overseas_sales'], { departmentKey: 'overseas', channelIds: [s.key] });
    s.lead = await t.staffToken(['overseas_sales', 'walk_shop_lead'], { departmentKey: 'overseas', channelIds: [s.key] });
  }

  beforeAll(async () => {
    t = await startTestApp(REQUEST_LIMITS);
    owner = await t.ownerToken();
    schema = await buildAppSchema();
    sim = await startAliExpressSimulator({ seed: 14, callsPerSecond: 200, burst: 200 });
    const control = new SimControl(sim.controlUrl);
    const second = await control.addSeller({ name: 'walk-beta' });

    await done('mutation($i: CreateRoleInput!) { createRole(input: $i) { userErrors { code message } } }', { i: { key: 'walk_shop_lead', name: 'Shop lead (walk)', permissions: BUSINESS } });
    // USD has a rate, EUR none yet: shop B's orders wait for one (Order.baseTotals null, baseRateMissing).
    await done('mutation { setExchangeRate(input: { quote: "USD", rate: "0.1400" }) { userErrors { code message } } }');
    sharedProductId = (await done('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
      i: { title: '两店同款衬衫', options: [{ name: '颜色', values: ['白', '蓝'] }], variants: [{ sku: SHARED_SKU, optionValues: ['白'], price: '159.00' }, { sku: 'WALK-SHARED-2', optionValues: ['蓝'], price: '159.00' }] },
    })).product.id;

    const side = (name: SideName, spec: Pick<Side, 'key' | 'label' | 'currency' | 'warehouse' | 'sku' | 'tag' | 'buyer' | 'address' | 'message'>): Side => ({
      name, ...spec, rateMissing: spec.currency !== 'USD', channelId: '', o: {}, ids: {}, markers: [], seen: [], seller: '', lead: '',
    });
    sides.A = side('A', {
      key: 'ae-us-alfheim', label: 'AliExpress 阿尔芬美国店', currency: 'USD', warehouse: 'WALF', sku: 'ALF', tag: 'ALF',
      buyer: { name: 'Alice Alfheimer', nickname: 'alfheim_nick_k3', phone: '+1 512 555 0101', email: 'alice.alfheimer@example.com' },
      address: { name: 'Alice Alfheimer', phone: '+1 512 555 0101', country: 'US', province: 'TX', city: 'Austin', address1: '11 Alfheimer Road', postalCode: '73301' },
      message: 'Alfheimer: gift wrap please',
    });
    sides.B = side('B', {
      key: 'ae-es-betancourt', label: 'AliExpress 贝坦库尔西班牙店', currency: 'EUR', warehouse: 'WBET', sku: 'BET', tag: 'BET',
      buyer: { name: 'Беатрис Бетанкур', nickname: 'betancourt_nick_q7', phone: '+34 600 700 707', email: 'beatriz.betancourt@example.org' },
      address: { name: 'Беатрис Бетанкур', phone: '+34 600 700 707', country: 'ES', province: 'Valencia', city: 'Valencia', address1: 'Calle Betancourt 77', postalCode: '46001' },
      message: 'Betancourt: entregar el viernes',
    });
    await seedSide(sides.A, sim.baseUrl, await control.credentials());
    await seedSide(sides.B, second.baseUrl, await second.control.credentials());

    const m = await done('mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { number } userErrors { code message } } }', {
      i: { idempotencyKey: 'walk-manual', currency: 'CNY', buyer: { name: '曼努尔走查' }, shippingAddress: { address1: '手工单走查路一号' }, lines: [{ sku: 'ALF-1', quantity: 1, unitPrice: '88.00' }] },
    });
    manualMarkers.push(m.order.number, '曼努尔走查', '手工单走查路一号');
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await t?.stop();
    await sim?.stop();
  });

  // ---- accounting for the schema ----------------------------------------------------------------

  it('names every query, mutation, subscription and node type of the schema: walked, or not channel-bound and why', () => {
    const check = (names: string[], tables: Record<string, readonly string[]>) => accountFor(names, tables);
    expect(check(rootFieldNames(schema, 'Query'), { walked: Object.keys(QUERY_PROBES), node: NODE_QUERY, shared: Object.keys(SHARED_QUERIES) })).toEqual({ missing: [], unknown: [], twice: [] });
    expect(check(rootFieldNames(schema, 'Mutation'), { walked: Object.keys(MUTATION_CASES), shared: Object.keys(SHARED_MUTATIONS) })).toEqual({ missing: [], unknown: [], twice: [] });
    expect(check(rootFieldNames(schema, 'Subscription'), { walked: SUBSCRIPTIONS_WALKED, shared: Object.keys(SHARED_SUBSCRIPTIONS) })).toEqual({ missing: [], unknown: [], twice: [] });
    expect(check(nodeTypeNames(schema), { walked: CHANNEL_NODE_TYPES, shared: Object.keys(SHARED_NODE_TYPES) })).toEqual({ missing: [], unknown: [], twice: [] });
    // Every reason says something.
    for (const reason of [...Object.values(SHARED_QUERIES), ...Object.values(SHARED_MUTATIONS), ...Object.values(SHARED_NODE_TYPES)]) expect(reason.length).toBeGreaterThan(20);
  });

  // ---- queries ---------------------------------------------------------------------------------

  /**
   * Every query of the schema (node aside), every field of its answer six levels down, ids and
   * keys aimed at shop `them`, one run per value of an enum argument; then the probes of the
   * channel-bound ones, aimed at `them` and at the walker's own shop.
   */
  async function walkQueries(me: Side, them: Side): Promise<{ ownText: string; problems: string[] }> {
    const walker = aimedAt(them);
    const problems: string[] = [];
    let ownText = '';
    const ask = async (label: string, query: string, variables: Record<string, unknown>): Promise<GqlResult> => {
      const r = await t.gql(query, variables, me.seller);
      const body = JSON.stringify(r);
      const seen = traces(body, them);
      if (seen.length) problems.push(`${label} shows ${seen.join(', ')}: ${body.slice(0, 300)}`);
      if (internalErrors(r).length) problems.push(`${label} failed: ${JSON.stringify(internalErrors(r))}`);
      ownText += body;
      return r;
    };
    for (const field of rootFieldNames(schema, 'Query')) {
      if (field === 'node') continue;
      const enumArg = walker.rootField('Query', field).args.find((a) => isEnumType(getNamedType(a.type)));
      const runs = enumArg ? (getNamedType(enumArg.type) as GraphQLEnumType).getValues().map((v) => ({ [enumArg.name]: v.name })) : [{}];
      for (const vars of runs) {
        const { query, variables } = walker.rootQuery(field, vars);
        await ask(`${field}(${JSON.stringify(vars)})`, query, variables);
      }
    }
    // The product both shops list, read as catalogue: whatever channel data it grows must be the walker's shop's only.
    for (const [field, vars] of [['product', { id: sharedProductId }], ['variant', { sku: SHARED_SKU }], ['products', { filter: { sku: SHARED_SKU } }]] as const) {
      const { query, variables } = walker.rootQuery(field, vars);
      const r = await ask(`${field}(${JSON.stringify(vars)}) of the product both shops list`, query, variables);
      if (r.errors || r.data?.r == null) problems.push(`${field} does not answer the product both shops list: ${JSON.stringify(r).slice(0, 300)}`);
    }
    for (const [field, probes] of Object.entries(QUERY_PROBES)) {
      for (const [target, which] of [[them, 'other'], [me, 'own']] as const) {
        for (const probe of probes(target)) {
          const label = `${field}(${JSON.stringify(probe.vars)}) on ${which === 'own' ? 'its own' : 'the other'} shop`;
          const { query, variables } = walker.rootQuery(field, probe.vars);
          const r = await ask(label, query, variables);
          const code = r.errors?.[0]?.extensions?.code;
          if (which === 'other') {
            if (probe.other === 'refuses' && code !== 'FORBIDDEN') problems.push(`${label} is not refused: ${JSON.stringify(r).slice(0, 300)}`);
            if (probe.other === 'hides' && r.errors && code !== 'FORBIDDEN') problems.push(`${label} answers ${JSON.stringify(r.errors)}`);
          } else {
            if (r.errors || r.data?.r == null) problems.push(`${label} does not answer: ${JSON.stringify(r).slice(0, 300)}`);
            else if (probe.own === 'shows' && !me.markers.some((m) => JSON.stringify(r.data).includes(m))) problems.push(`${label} shows nothing of the shop: ${JSON.stringify(r.data).slice(0, 300)}`);
          }
        }
      }
    }
    return { ownText, problems };
  }

  it('each overseas seller walking every query meets nothing of the other shop or of manual orders, and their own shop’s things', async () => {
    for (const me of [sides.A, sides.B]) {
      const { ownText, problems } = await walkQueries(me, other(me));
      expect([me.name, problems]).toEqual([me.name, []]);
      expect([me.name, me.seen.filter((m) => !ownText.includes(m))]).toEqual([me.name, []]);
    }
  }, 240_000);

  // ---- node(id:) -------------------------------------------------------------------------------

  /** Global ids of everything on a shop, by what they are. */
  const objectsOf = (s: Side): [string, string][] => [
    ...Object.entries(s.o).flatMap(([name, o]) => [[`order ${name}`, o.id], [`order line ${name}`, o.lineId]] as [string, string][]),
    ['channel', s.channelId],
    ['marketplace case', s.ids.channelReturn],
    ['sync run', s.ids.run],
    ...['listingToUpdate', 'listingToDelist', 'listingToDelete', 'listingShared', 'listingListedOnly'].map((k) => [k, s.ids[k]] as [string, string]),
    ...['returnToApprove', 'returnToReject', 'returnToReceive', 'returnToRefund'].map((k) => [k, s.ids[k]] as [string, string]),
    ['return line', s.ids.returnLine],
    ['note', s.ids.note],
    ['merge group to unmerge', s.ids.groupToUnmerge],
    ['merge group to ship', s.ids.groupToShip],
    ['reservation of an order', s.ids.reservation],
  ];

  it('node(id) of every object of the other shop is refused or shows nothing of it; of the own shop, it answers', async () => {
    const walker = aimedAt(sides.A);
    for (const me of [sides.A, sides.B]) {
      const them = other(me);
      // One of each channel-bound type, on each shop.
      for (const s of [me, them]) expect([s.name, CHANNEL_NODE_TYPES.filter((type) => !objectsOf(s).some(([, id]) => typeOfGlobalId(id) === type))]).toEqual([s.name, []]);
      const problems: string[] = [];
      for (const [what, id] of objectsOf(them)) {
        const r = await t.gql(walker.nodeQuery(id), { id }, me.seller);
        const seen = traces(JSON.stringify(r), them);
        if (seen.length) problems.push(`${what} shows ${seen.join(', ')}`);
        if (internalErrors(r).length) problems.push(`${what} failed: ${JSON.stringify(r.errors)}`);
        // What node(id) fetches of a shop is refused outright; what it cannot fetch is not found.
        const fetched = (await t.gql('query($id: ID!) { node(id: $id) { id } }', { id }, owner)).data?.node != null;
        const code = r.errors?.[0]?.extensions?.code;
        if (fetched && typeOfGlobalId(id) !== 'Reservation' && (code !== 'FORBIDDEN' || r.data?.node != null)) problems.push(`${what} is not refused: ${JSON.stringify(r).slice(0, 200)}`);
      }
      expect([me.name, problems]).toEqual([me.name, []]);
      // An order's reservation: its own shop reads the order's number in it, the other shop the held stock without it.
      const reservation = async (s: Side) =>
        (await t.gql('query($id: ID!) { node(id: $id) { ... on Reservation { reference lines { sku quantity } } } }', { id: s.ids.reservation }, me.seller)).data?.node;
      expect(await reservation(me)).toEqual({ reference: me.o.note.number, lines: [{ sku: `${me.sku}-1`, quantity: 1 }] });
      expect(await reservation(them)).toEqual({ reference: '', lines: [{ sku: `${them.sku}-1`, quantity: 1 }] });
      for (const [what, id] of objectsOf(me)) {
        const r = await t.gql(walker.nodeQuery(id), { id }, me.seller);
        const owners = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id }, owner);
        expect([what, r.errors ?? null, r.data?.node?.id ?? null]).toEqual([what, null, owners.data?.node?.id ?? null]);
      }
    }
  }, 120_000);

  // ---- mutations -------------------------------------------------------------------------------
  // The tests below run in order on the shops seeded once: the refused calls first (both ways, on
  // objects in the state each call needs), then the same calls on each person's own shop.

  /**
   * What the database holds of a shop: every row of every table that names the shop, one of its
   * orders, returns, shipments, listings, runs, merge groups or reservations, found through the
   * columns that name them (so tables added later are counted too), as a count and a digest.
   */
  async function stateOf(s: Side): Promise<Record<string, string>> {
    const conn = t.em().getConnection();
    const uuid = Buffer.from(s.channelId, 'base64url').toString('utf8').split(':')[1];
    const [ids] = await conn.execute(
      `select array(select id::text from sales_order where channel_id = ?) as orders,
              array(select r.id::text from order_return r join sales_order o on o.id = r.order_id where o.channel_id = ?) as returns,
              array(select x.id::text from shipment x join sales_order o on o.id = x.order_id where o.channel_id = ?) as shipments,
              array(select id::text from listing where channel_id = ?) as listings,
              array(select id::text from sync_run where channel_id = ?) as runs,
              array(select distinct merge_group_id::text from sales_order where channel_id = ? and merge_group_id is not null) as groups,
              array(select reservation_id::text from sales_order where channel_id = ? and reservation_id is not null) as reservations`,
      [s.key, s.key, s.key, uuid, uuid, s.key, s.key],
    );
    const byColumn: Record<string, string[]> = {
      channel_id: [uuid, s.key], channel_key: [s.key], order_id: ids.orders, return_id: ids.returns, shipment_id: ids.shipments,
      listing_id: ids.listings, run_id: ids.runs, merge_group_id: ids.groups, reservation_id: ids.reservations,
    };
    const byTable: Record<string, string[]> = {
      channel: [uuid], sales_order: ids.orders, order_return: ids.returns, shipment: ids.shipments, listing: ids.listings,
      sync_run: ids.runs, order_merge_group: ids.groups, reservation: ids.reservations,
    };
    const columns = await conn.execute(
      `select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and (column_name = any(?::text[]) or (column_name = 'id' and table_name = any(?::text[])))
        order by table_name, column_name`,
      [`{${Object.keys(byColumn).join(',')}}`, `{${Object.keys(byTable).join(',')}}`],
    );
    const tables = new Map<string, { sql: string[]; params: string[] }>();
    for (const { table_name: table, column_name: column } of columns as { table_name: string; column_name: string }[]) {
      const values = column === 'id' ? byTable[table] : byColumn[column];
      const entry = tables.get(table) ?? { sql: [], params: [] };
      entry.sql.push(`x.${column}::text = any(?::text[])`);
      entry.params.push(`{${values.join(',')}}`);
      tables.set(table, entry);
    }
    const state: Record<string, string> = {};
    for (const [table, { sql, params }] of tables) {
      const [row] = await conn.execute(
        `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from "${table}" x where ${sql.join(' or ')}`,
        params,
      );
      state[table] = `${row.n} ${row.digest}`;
    }
    return state;
  }

  /** Whoever of the shop may call a mutation: its seller, or its lead where the seller's role lacks the permission. */
  const callerFor = (field: string, s: Side): { token: string; who: string } => {
    const rules = OPERATION_ACCESS.get(`Mutation.${field}`) ?? [];
    return rules.some((r) => SELLER_PERMISSIONS.has(r)) ? { token: s.seller, who: 'seller' } : { token: s.lead, who: 'lead' };
  };

  it('every channel-bound mutation aimed at the other shop is refused with a code, shows and changes nothing of it (both directions)', async () => {
    const before = { A: await stateOf(sides.A), B: await stateOf(sides.B) };
    const problems: string[] = [];
    const outcomes: string[] = [];
    for (const me of [sides.A, sides.B]) {
      const them = other(me);
      for (const [field, c] of Object.entries(MUTATION_CASES)) {
        const { token, who } = callerFor(field, me);
        for (const a of c.tries(them, me)) {
          const r = await t.gql(a.query, a.vars, token);
          const label = `${me.name}'s ${who}: ${field} (${a.what})`;
          const seen = traces(JSON.stringify(r), them);
          if (seen.length) problems.push(`${label} shows ${seen.join(', ')}`);
          if (internalErrors(r).length) problems.push(`${label} failed: ${JSON.stringify(r.errors)}`);
          const code = r.errors?.[0]?.extensions?.code ?? (r.data?.m?.userErrors ?? []).map((e: { code: string }) => e.code).join(',');
          outcomes.push(`${label}: ${code || 'done'}`);
          if (code !== (a.refusal ?? 'FORBIDDEN')) problems.push(`${label} is not refused as ${a.refusal ?? 'FORBIDDEN'}: ${JSON.stringify(r).slice(0, 300)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect({ A: await stateOf(sides.A), B: await stateOf(sides.B) }).toEqual(before);
    expect(outcomes.length).toBeGreaterThan(2 * Object.keys(MUTATION_CASES).length);
  }, 120_000);

  it('the same mutations work for each seller on their own shop, and change nothing of the other shop', async () => {
    const problems: string[] = [];
    for (const me of [sides.A, sides.B]) {
      const them = other(me);
      // Stock is shared: a level that changes makes every shop's sellable quantity be worked out,
      // which writes a first outbox row (0) for a shop that never had one of that SKU. What the
      // shop may sell is compared instead: none of the walker's stock becomes sellable there.
      const { stock_outbox: _outbox, ...theirs } = await stateOf(them);
      const lastPush = async () => (await t.em().getConnection().execute('select coalesce(max(id), 0)::text as id from stock_outbox'))[0].id as string;
      const pushedBefore = await lastPush();
      for (const [field, c] of Object.entries(MUTATION_CASES)) {
        const { token, who } = callerFor(field, me);
        for (const a of c.tries(me, me).filter((x) => !x.otherOnly)) {
          const r = await t.gql(a.query, a.vars, token);
          const label = `${me.name}'s ${who}: ${field} (${a.what}) on its own shop`;
          const userErrors = (r.data?.m?.userErrors ?? []) as { code: string }[];
          if (internalErrors(r).length) problems.push(`${label} failed: ${JSON.stringify(r.errors)}`);
          if (c.refusedOnOwn) {
            const code = r.errors?.[0]?.extensions?.code ?? userErrors.map((e) => e.code).join(',');
            if (code !== (a.refusal ?? 'FORBIDDEN')) problems.push(`${label} is not refused as ${a.refusal ?? 'FORBIDDEN'} (${c.refusedOnOwn}): ${JSON.stringify(r).slice(0, 300)}`);
          } else if (r.errors || userErrors.length || r.data?.m == null) {
            problems.push(`${label} did not work: ${JSON.stringify(r).slice(0, 300)}`);
          }
          if (traces(JSON.stringify(r), them).length) problems.push(`${label} shows ${traces(JSON.stringify(r), them).join(', ')}`);
        }
      }
      const { stock_outbox: _after, ...theirsAfter } = await stateOf(them);
      expect([me.name, theirsAfter]).toEqual([me.name, theirs]);
      const offered = await t.em().getConnection().execute('select quantity from stock_outbox where channel_key = ? and id > ? and quantity <> 0', [them.key, pushedBefore]);
      expect([me.name, offered]).toEqual([me.name, []]);
      expect(Number(await lastPush())).toBeGreaterThan(Number(pushedBefore));
    }
    expect(problems).toEqual([]);
  }, 180_000);

  // ---- subscriptions ---------------------------------------------------------------------------

  it('syncRunUpdated sends each seller their shop’s runs only, and refuses the other shop and its runs', async () => {
    const subscribe = (token: string, query: string, variables: Record<string, unknown> = {}) => {
      const c = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      clients.push(c);
      const got: { data?: any; errors?: unknown }[] = [];
      const connected = new Promise<void>((resolve) => c.on('connected', () => resolve()));
      c.subscribe({ query, variables }, { next: (m) => got.push(m as never), error: (e) => got.push({ errors: e }), complete: () => got.push({ errors: 'complete' }) });
      return { got, connected };
    };
    const QUERY = 'subscription($c: ID, $r: ID) { syncRunUpdated(channelId: $c, runId: $r) { id status channel { key name } } }';
    const all = { A: subscribe(sides.A.seller, QUERY), B: subscribe(sides.B.seller, QUERY) };
    const refusals = [
      ...(['A', 'B'] as const).flatMap((n) => {
        const me = sides[n];
        const them = other(me);
        return [
          { what: `${n} asking for the other shop`, sub: subscribe(me.seller, QUERY, { c: them.channelId }), them },
          { what: `${n} asking for a run of the other shop`, sub: subscribe(me.seller, QUERY, { r: them.ids.run }), them },
        ];
      }),
    ];
    await Promise.all([...Object.values(all), ...refusals.map((x) => x.sub)].map((s) => s.connected));
    await new Promise((r) => setTimeout(r, 500));
    const started: Record<SideName, string> = {} as never;
    for (const s of [sides.A, sides.B]) {
      started[s.name] = (await done('mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [ORDERS] }) { syncRun { id } userErrors { code } } }', { c: s.channelId })).syncRun.id;
    }
    // A run of the shop itself, by runId, arrives too (the positive side of the refusal above).
    for (let i = 0; i < 100 && !(['A', 'B'] as const).every((n) => all[n].got.some((m) => m.data?.syncRunUpdated?.id === started[n])); i++) await new Promise((r) => setTimeout(r, 100));
    for (const n of ['A', 'B'] as const) {
      const me = sides[n];
      expect([n, all[n].got.filter((m) => m.errors)]).toEqual([n, []]);
      const runs = all[n].got.map((m) => m.data.syncRunUpdated);
      expect([n, [...new Set(runs.map((r: any) => r.id))]]).toEqual([n, [started[n]]]);
      expect([n, runs.every((r: any) => r.channel.key === me.key)]).toEqual([n, true]);
      expect([n, traces(JSON.stringify(all[n].got), other(me))]).toEqual([n, []]);
    }
    for (const { what, sub, them } of refusals) {
      for (let i = 0; i < 50 && !sub.got.length; i++) await new Promise((r) => setTimeout(r, 100));
      expect([what, JSON.stringify(sub.got).includes('FORBIDDEN')]).toEqual([what, true]);
      expect([what, traces(JSON.stringify(sub.got), them)]).toEqual([what, []]);
    }
  }, 60_000);
}
