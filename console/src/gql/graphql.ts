/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a string, e.g. "419.00". Never a float. */
  Decimal: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
  /** The `SafeInt` scalar type represents non-fractional signed whole numeric values that are considered safe as defined by the ECMAScript specification. */
  SafeInt: { input: number; output: number; }
};

/** A note on an order. */
export type AddOrderNoteInput = {
  /** Note (default), complaint or dispute. */
  kind?: OrderNoteKind;
  /** The order. */
  orderId: Scalars['ID']['input'];
  /** What to record (1-4000 characters). */
  text: Scalars['String']['input'];
};

/** A postal address. */
export type AddressInput = {
  /** Street address. */
  address1?: InputMaybe<Scalars['String']['input']>;
  /** Apartment, suite, building. */
  address2?: InputMaybe<Scalars['String']['input']>;
  /** City. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-2 country code. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** District or county. */
  district?: InputMaybe<Scalars['String']['input']>;
  /** Recipient name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Recipient phone. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** Postal code. */
  postalCode?: InputMaybe<Scalars['String']['input']>;
  /** State, province or region as written locally. */
  province?: InputMaybe<Scalars['String']['input']>;
};

/** A relative change of the on-hand quantity of one SKU in one warehouse. */
export type AdjustStockInput = {
  /** Units to add (positive) or remove (negative). */
  delta: Scalars['Int']['input'];
  /** The onHand the caller saw; when it differs the change is refused with STALE_QUANTITY. */
  expectedOnHand?: InputMaybe<Scalars['Int']['input']>;
  /** Why, e.g. "found in returns area" (recorded in the ledger). */
  reason: Scalars['String']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** Narrows the audit log; all given conditions must hold. */
export type AuditLogFilter = {
  /** Only this mutation, e.g. createStaff. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Only entries by this caller: a Staff or ApiKey id. */
  actorId?: InputMaybe<Scalars['ID']['input']>;
  /** Only entries at or after this time. */
  after?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only entries before this time. */
  before?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only entries about this object (its global id). */
  targetId?: InputMaybe<Scalars['ID']['input']>;
};

/** A component of a bundle. */
export type BundleComponentInput = {
  /** Units of it in one bundle (1 or more). */
  quantity: Scalars['Int']['input'];
  /** SKU of the component variant. */
  sku: Scalars['String']['input'];
};

/** Who bought. */
export type BuyerInput = {
  /** Email. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** Real name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Marketplace nickname. */
  nickname?: InputMaybe<Scalars['String']['input']>;
  /** Phone. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** A category name in one locale. */
export type CategoryTranslationInput = {
  /** BCP 47 locale, e.g. en-US. */
  locale: Scalars['String']['input'];
  /** Name in this locale. */
  name: Scalars['String']['input'];
};

/** One mapping of a carrier table. */
export type ChannelCarrierInput = {
  /** Our carrier name (1-100 characters), as shipments carry it; once per table, without regard to case. */
  carrier: Scalars['String']['input'];
  /** The marketplace's code (1-64 characters); on a marketplace whose codes are a closed list, one of them (see connectors { carrierCodes }). */
  code: Scalars['String']['input'];
  /** Default shipping service or method (1-100 characters); null: none. */
  service?: InputMaybe<Scalars['String']['input']>;
};

/** The marketplace a channel sells on: one value per installed connector kind (built-in connectors are the folders of `connectors/`; more come from the CONNECTORS setting). */
export type ChannelKind =
  /** AliExpress (速卖通) seller account on the AliExpress Open Platform (IOP). */
  | 'ALIEXPRESS'
  /** Amazon seller account in one region (NA, EU or FE) selling in one or more of its marketplaces (Selling Partner API). */
  | 'AMAZON'
  /** eBay seller account on one or more eBay sites (Sell Inventory and Fulfillment APIs). */
  | 'EBAY'
  /** Taobao (淘宝) C-store. */
  | 'TAOBAO'
  /** Tmall (天猫) B-store. */
  | 'TMALL';

/** A marketplace order in the unified shape, as a connector (or an integrator) delivers it. Name its channel by channelId or channelKey, exactly one. */
export type ChannelOrderInput = {
  /** Rate to CNY at order time; default 1. */
  baseCurrencyRate?: InputMaybe<Scalars['Decimal']['input']>;
  /** Buyer as sent (often already masked by the marketplace). */
  buyer?: InputMaybe<BuyerInput>;
  /** The buyer's id on the channel. */
  buyerId?: InputMaybe<Scalars['String']['input']>;
  /** Message from the buyer. */
  buyerMessage?: InputMaybe<Scalars['String']['input']>;
  /** The Channel's global id (as channel(id:) takes it). */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** The channel's key (e.g. taobao-main); an integrator's channel need not be set up as a Channel. */
  channelKey?: InputMaybe<Scalars['String']['input']>;
  /** ISO 4217 currency. */
  currency: Scalars['String']['input'];
  /** Order-level discount (shop coupons, 满减); default: the lines' orderDiscount, or what paidTotal leaves over the lines, shipping and tax. */
  discount?: InputMaybe<Scalars['Decimal']['input']>;
  /** The marketplace's order id, as a string. */
  externalId: Scalars['String']['input'];
  /** Who ships it; default MERCHANT. A MARKETPLACE order (Amazon AFN) reserves none of our stock and never reaches our pick lists. Fixed once the order exists. */
  fulfilledBy?: InputMaybe<FulfilledBy>;
  /** Lines. */
  lines: Array<ChannelOrderLineInput>;
  /** The marketplace the order was placed on, of those its channel covers (Amazon ATVPDKIKX0DER, eBay EBAY_US). */
  marketplaceId?: InputMaybe<Scalars['String']['input']>;
  /** The marketplace's own status text (e.g. AliExpress WAIT_SELLER_SEND_GOODS, Amazon Unshipped), kept beside the unified status. */
  marketplaceStatus?: InputMaybe<Scalars['String']['input']>;
  /** The marketplace's modified time: an older one than we hold changes nothing. */
  modifiedAt: Scalars['DateTime']['input'];
  /** When it was paid. */
  paidAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** What the buyer paid for the order (Taobao payment): the order's total to the cent, whatever the lines add up to (the difference shows as discount and adjustment). */
  paidTotal?: InputMaybe<Scalars['Decimal']['input']>;
  /** When the buyer placed it. */
  placedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Shipping charged. */
  shipping?: InputMaybe<Scalars['Decimal']['input']>;
  /** Shipping address as sent. */
  shippingAddress?: InputMaybe<AddressInput>;
  /** The unified status the marketplace status maps to. */
  status: OrderStatus;
  /** Tax. */
  tax?: InputMaybe<Scalars['Decimal']['input']>;
};

/** A line of a marketplace order, as the marketplace sent it. */
export type ChannelOrderLineInput = {
  /** The line's own discount for all its units (its sub-order discount, a seller's price change down); default 0. */
  discount?: InputMaybe<Scalars['Decimal']['input']>;
  /** The marketplace's line id (string). */
  externalLineId?: InputMaybe<Scalars['String']['input']>;
  /** Option text, e.g. 颜色:黑色;尺码:50. */
  optionText?: InputMaybe<Scalars['String']['input']>;
  /** The line's share of the order-level discount (shop coupons, 满减) as the marketplace spread it (Taobao part_mjz_discount); default 0. */
  orderDiscount?: InputMaybe<Scalars['Decimal']['input']>;
  /** What the buyer paid for this line after every discount (Taobao divide_order_fee); default: quantity × price − discount − orderDiscount. */
  paid?: InputMaybe<Scalars['Decimal']['input']>;
  /** Units. */
  quantity: Scalars['Int']['input'];
  /** Where a refund of this line stands on the marketplace; null or omitted when there is none. */
  refund?: InputMaybe<ChannelOrderLineRefundInput>;
  /** SKU as the marketplace knows it (seller SKU / outer id). */
  sku: Scalars['String']['input'];
  /** Title at the time of sale. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Price of one unit. */
  unitPrice: Scalars['Decimal']['input'];
};

/** A line's refund as the marketplace shows it on the order (a partial refund of an order lives on its lines). */
export type ChannelOrderLineRefundInput = {
  /** Amount refunded in the order currency; null when the marketplace states it elsewhere. */
  amount?: InputMaybe<Scalars['Decimal']['input']>;
  /** The marketplace's own word, e.g. Taobao SUCCESS or WAIT_SELLER_AGREE. */
  marketplaceStatus: Scalars['String']['input'];
  /** Units refunded (0 to the line's quantity); default 0. */
  quantity?: InputMaybe<Scalars['Int']['input']>;
  /** Where it stands: REQUESTED, APPROVED, REJECTED, RECEIVED, REFUNDED or CLOSED. */
  status: ReturnStatus;
};

/** Conditions marketplace refunds and returns must meet. */
export type ChannelReturnFilter = {
  /** Only those of this channel. */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** true: only those customer service has opened a return for; false: only those not yet taken up (the work queue). */
  linked?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only those of this order. */
  orderId?: InputMaybe<Scalars['ID']['input']>;
  /** Only those in these statuses. */
  status?: InputMaybe<Array<ReturnStatus>>;
};

/** How often the sync engine pulls by itself; a field left out keeps its value (default 5 min, 30 min, 24 h); 0 turns it off. */
export type ChannelScheduleInput = {
  /** Minutes between reads of the marketplace's fulfilment-centre stock (0–10080). */
  fulfilmentStockEveryMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Minutes between order pulls (0–10080). */
  ordersEveryMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Hours between reconciliations (0–720). */
  reconcileEveryHours?: InputMaybe<Scalars['Int']['input']>;
  /** Minutes between return pulls (0–10080). */
  returnsEveryMinutes?: InputMaybe<Scalars['Int']['input']>;
};

/** A setting of a channel that is not a secret, by name. */
export type ChannelSettingInput = {
  /** The setting's name, one of the connector's settingsFields (unknown names are refused: SETTING_UNKNOWN). */
  name: Scalars['String']['input'];
  /** Its value; null or "" removes it (refused for a required setting: SETTING_REQUIRED). */
  value?: InputMaybe<Scalars['String']['input']>;
};

/** Whether the sync engine works on a channel. */
export type ChannelStatus =
  /** Listings, stock and prices go out and orders come in. */
  | 'ACTIVE'
  /** The marketplace refused the credentials: stopped until they are replaced (updateChannel) or a connection test succeeds. */
  | 'AUTH_FAILED'
  /** Stopped by staff: nothing is pushed or pulled until it is set ACTIVE again. */
  | 'PAUSED'
  /** Stopped by a setup fault no retry or new token fixes (e.g. this server's clock is off, the app key is wrong; lastError names it): until a connection test succeeds, new credentials are saved or staff set it ACTIVE. */
  | 'STOPPED';

/** The statuses staff may set on a channel (AUTH_FAILED and STOPPED are set by the sync engine only). */
export type ChannelStatusSetting =
  /** Resume syncing (also clears AUTH_FAILED, STOPPED and operation errors). */
  | 'ACTIVE'
  /** Stop syncing until set ACTIVE again. */
  | 'PAUSED';

/** What a channel warns of before it stops syncing. */
export type ChannelWarningCode =
  /** The refresh token has expired: the channel cannot obtain access tokens until the app is authorised again (updateChannel with new credentials). */
  | 'REFRESH_TOKEN_EXPIRED'
  /** The refresh token expires soon (within 30 days; eBay’s last about 18 months): authorise the app again and give the new credentials with updateChannel before then. */
  | 'REFRESH_TOKEN_EXPIRING';

/** A new API key for an integration. */
export type CreateApiKeyInput = {
  /** Channels the key is limited to; empty or omitted means every channel. */
  channelIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Name to tell the key apart, e.g. "ERP nightly export". */
  name: Scalars['String']['input'];
  /** Permission keys the key grants; the creator must hold each of them. */
  permissions: Array<Scalars['String']['input']>;
};

/** A new category. */
export type CreateCategoryInput = {
  /** Name in the default locale (zh-CN), unique among its siblings. */
  name: Scalars['String']['input'];
  /** Parent category; none for a top-level category. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Position among its siblings. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** Names in other locales. */
  translations?: InputMaybe<Array<CategoryTranslationInput>>;
};

/** A new channel (a marketplace account). */
export type CreateChannelInput = {
  /** The marketplace API address; default the connector's production address. https (plain http only to a simulator on this machine outside production); private, loopback, link-local and metadata addresses are refused unless MARKETPLACE_ALLOWED_HOSTS names them. */
  baseUrl?: InputMaybe<Scalars['String']['input']>;
  /** The account's credentials, an object of the fields the connector names (see `connectors`); the required ones must be given. Stored encrypted and never shown again. */
  credentials?: InputMaybe<Scalars['JSONObject']['input']>;
  /** ISO 4217 currency the channel sells in, e.g. CNY, USD. */
  currency: Scalars['String']['input'];
  /** Operations to perform; default every capability of the connector. */
  enabledOps?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Key (2–64 lower-case letters, digits, - or _); default: made from the name (or the kind) and made unique. Fixed once created. */
  key?: InputMaybe<Scalars['String']['input']>;
  /** The marketplace; it needs an installed connector. */
  kind: ChannelKind;
  /** Marketplace / site id where the marketplace has several: the same as marketplaceIds with one id (give one or the other). */
  marketplaceId?: InputMaybe<Scalars['String']['input']>;
  /** The marketplaces the channel covers (Amazon ATVPDKIKX0DER, A2EUQ1WTGCTBG2, A1AM78C64UM0Y8 on one North America account), from the connector's marketplaces (MARKETPLACE_UNKNOWN otherwise; MARKETPLACE_REQUIRED when it has a catalogue and none is given); more than one only where the connector serves several per channel (TOO_MANY_MARKETPLACES). */
  marketplaceIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Name for people, unique (e.g. 淘宝旗舰店). */
  name: Scalars['String']['input'];
  /** Price rule; default SAME. */
  priceRule?: InputMaybe<PriceRuleInput>;
  /** Pull schedule; default orders every 5 minutes, returns every 30, reconciliation every 24 hours. */
  schedule?: InputMaybe<ChannelScheduleInput>;
  /** Settings that are not secrets, by the connector's settingsFields names: unknown names are refused (SETTING_UNKNOWN), required ones must be given (SETTING_REQUIRED). */
  settings?: InputMaybe<Array<ChannelSettingInput>>;
  /** Codes of the warehouses the channel sells from (replaces the stock rule of its key); default: none, or the rule its key already has. */
  warehouseCodes?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A manual, offline or wholesale order (分销批发). */
export type CreateOrderInput = {
  /** Rate from the currency to CNY at order time; default 1. */
  baseCurrencyRate?: InputMaybe<Scalars['Decimal']['input']>;
  /** Who buys. */
  buyer?: InputMaybe<BuyerInput>;
  /** Message from the buyer. */
  buyerMessage?: InputMaybe<Scalars['String']['input']>;
  /** ISO 4217 currency of the amounts, e.g. CNY. */
  currency: Scalars['String']['input'];
  /** Order-level discount; default 0. */
  discount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Client-chosen key: the same key with the same body returns the same order; with another body it is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** What is ordered. */
  lines: Array<CreateOrderLineInput>;
  /** True: created PENDING_PAYMENT (then markOrderPaid); default: created PAID, stock reserved. */
  paymentPending?: InputMaybe<Scalars['Boolean']['input']>;
  /** Seller's memo. */
  sellerMemo?: InputMaybe<Scalars['String']['input']>;
  /** Shipping charged; default 0. */
  shipping?: InputMaybe<Scalars['Decimal']['input']>;
  /** Where it goes. */
  shippingAddress?: InputMaybe<AddressInput>;
  /** Tax; default 0. */
  tax?: InputMaybe<Scalars['Decimal']['input']>;
};

/** A line of a manual order. */
export type CreateOrderLineInput = {
  /** Discount on the whole line; default 0. */
  discount?: InputMaybe<Scalars['Decimal']['input']>;
  /** Units (1 or more). */
  quantity: Scalars['Int']['input'];
  /** SKU of a catalogue variant (or bundle). */
  sku: Scalars['String']['input'];
  /** Price of one unit in the order currency. */
  unitPrice: Scalars['Decimal']['input'];
};

/** A new product with its variants. */
export type CreateProductInput = {
  /** Brand name. */
  brand?: InputMaybe<Scalars['String']['input']>;
  /** Category id. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Description in the default locale. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Images in display order; needs catalog.media. */
  images?: InputMaybe<Array<ImageInput>>;
  /** Option axes (at most 3), e.g. size and colour. */
  options?: InputMaybe<Array<OptionInput>>;
  /** Default DRAFT. */
  status?: InputMaybe<ProductStatus>;
  /** Title in the default locale (zh-CN). */
  title: Scalars['String']['input'];
  /** Titles and descriptions in other locales. */
  translations?: InputMaybe<Array<TranslationInput>>;
  /** Variants; each gives one value per option axis. */
  variants?: InputMaybe<Array<VariantInput>>;
};

/** A new return, refund or exchange request. */
export type CreateReturnInput = {
  /** The marketplace's refund or return this answers (channelReturns), linked to it; it must concern the same order and not be taken up yet. */
  channelReturnId?: InputMaybe<Scalars['ID']['input']>;
  /** The units concerned. */
  lines: Array<ReturnLineInput>;
  /** The order. */
  orderId: Scalars['ID']['input'];
  /** Why, as a whole (optional). */
  reason?: Scalars['String']['input'];
  /** What the buyer asks for. */
  type: ReturnType;
};

/** A new custom role. */
export type CreateRoleInput = {
  /** Home department key; department managers may grant only roles of their own department. */
  departmentKey?: InputMaybe<Scalars['String']['input']>;
  /** What holders of the role do, in one sentence. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Stable key: a lower-case letter, then 1 to 49 lower-case letters, digits or underscores. */
  key: Scalars['String']['input'];
  /** Name in English. */
  name: Scalars['String']['input'];
  /** Name in Chinese. */
  nameZh?: InputMaybe<Scalars['String']['input']>;
  /** Permission keys the role grants (see the `permissions` query). */
  permissions: Array<Scalars['String']['input']>;
};

/** A parcel to send. */
export type CreateShipmentInput = {
  /** Carrier name or code, 1-100 characters; a channel order's marketplace gets the code its channel's carrier table maps it to. */
  carrier: Scalars['String']['input'];
  /** Lines and units in the parcel (at least one). */
  lines: Array<ShipmentLineInput>;
  /** Order id. */
  orderId: Scalars['ID']['input'];
  /** Shipping service or method (1-100 characters), e.g. Ground; default the one the channel maps the carrier to, if any. */
  service?: InputMaybe<Scalars['String']['input']>;
  /** The carrier's tracking number, 1-100 characters. */
  trackingNumber: Scalars['String']['input'];
  /** Where the parcel is followed: an http or https address of at most 2048 characters. */
  trackingUrl?: InputMaybe<Scalars['String']['input']>;
  /** Code of the warehouse it leaves from; the order must have its stock reserved there. */
  warehouseCode: Scalars['String']['input'];
};

/** A new staff account. */
export type CreateStaffInput = {
  /** Channels every granted role is limited to; empty or omitted means every channel. */
  channelIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Department key, e.g. customer_service (see the `departments` query). */
  departmentKey: Scalars['String']['input'];
  /** Sign-in email; stored lower-case and must not be taken. */
  email: Scalars['String']['input'];
  /** Full name. */
  name: Scalars['String']['input'];
  /** Initial password: at least 8 characters, not a common one, not containing the email; the person should change it with changeMyPassword. */
  password: Scalars['String']['input'];
  /** Keys of the roles to grant (see the `roles` query); none when omitted. */
  roleKeys?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** New bins of a warehouse, optionally in one zone. */
export type CreateWarehouseBinsInput = {
  /** Bin codes, unique within the warehouse: 1–32 letters, digits, ., - or _ (stored upper-case); at most 1000. */
  binCodes: Array<Scalars['String']['input']>;
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
  /** Code of the zone the bins lie in; omitted: in no zone. */
  zoneCode?: InputMaybe<Scalars['String']['input']>;
};

/** A new warehouse. */
export type CreateWarehouseInput = {
  /** For kind MARKETPLACE_FULFILMENT: the key of the channel whose marketplace runs this fulfilment centre (an Amazon channel's FBA stock). Its levels are then read from the marketplace and never changed by hand; one such warehouse per channel. */
  channelKey?: InputMaybe<Scalars['String']['input']>;
  /** Unique code: 2–32 upper-case letters, digits, - or _ (e.g. SH-01). */
  code: Scalars['String']['input'];
  /** ISO 3166-1 alpha-2 country code, e.g. CN. */
  country: Scalars['String']['input'];
  /** What kind of place it is. */
  kind: WarehouseKind;
  /** Display name. */
  name: Scalars['String']['input'];
  /** Allocation priority (default 100): lower numbers are reserved from first. */
  priority?: InputMaybe<Scalars['Int']['input']>;
};

/** A new zone of a warehouse. */
export type CreateWarehouseZoneInput = {
  /** Zone code, unique within the warehouse: 1–32 letters, digits, ., - or _ (stored upper-case). */
  code: Scalars['String']['input'];
  /** Display name, e.g. "拣货区 picking". */
  name: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** What differs between a listing and the marketplace. */
export type DriftField =
  /** The marketplace does not have the item any more. */
  | 'MISSING'
  /** The price. */
  | 'PRICE'
  /** The quantity on sale. */
  | 'QUANTITY'
  /** The sale (discount) price beside it (only where the connector reads it back). */
  | 'SALE_PRICE'
  /** We believe it is on sale; the marketplace shows it is not. */
  | 'STATUS';

/** Which exchange rates to list. */
export type ExchangeRateFilter = {
  /** Only rates from this currency (ISO 4217). */
  base?: InputMaybe<Scalars['String']['input']>;
  /** Only rates to this currency (ISO 4217). */
  quote?: InputMaybe<Scalars['String']['input']>;
};

/** Format of a warehouse export (waybills, pick lists). */
export type ExportFormat =
  /** RFC 4180 CSV with a header row, CRLF line ends, UTF-8. */
  | 'CSV'
  /** A printable HTML page. */
  | 'HTML';

/** Who ships an order: we do, or the marketplace from its own warehouses. */
export type FulfilledBy =
  /** The marketplace ships it from its own stock (Amazon AFN / FBA): it reserves none of ours and never reaches our pick lists. */
  | 'MARKETPLACE'
  /** We ship it from our warehouses (Amazon MFN; every Taobao, AliExpress and eBay order): it reserves our stock and goes to our pick lists. */
  | 'MERCHANT';

/** Holds an order. */
export type HoldOrderInput = {
  /** Note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Order id. */
  orderId: Scalars['ID']['input'];
  /** Why; default MANUAL. */
  reason?: InputMaybe<HoldReason>;
};

/** Why an order is held back from fulfilment. */
export type HoldReason =
  /** The shipping address lacks what a waybill needs. */
  | 'ADDRESS_INCOMPLETE'
  /** The buyer asked to cancel. */
  | 'CANCEL_REQUESTED'
  /** A dispute or complaint is open. */
  | 'DISPUTE'
  /** The marketplace forbids shipping for now (e.g. Taobao PAID_FORBID_CONSIGN: a group buy still open). */
  | 'DO_NOT_SHIP'
  /** The marketplace froze the order under review (AliExpress IN_FROZEN); released when it unfreezes it. */
  | 'FROZEN'
  /** Paid, but stock could not be reserved. */
  | 'INSUFFICIENT_STOCK'
  /** Held by staff. */
  | 'MANUAL'
  /** A line names a SKU we do not know; map it to release. */
  | 'UNMAPPED_SKU';

/** An image to add to a product. */
export type ImageInput = {
  /** Alternative text. */
  alt?: InputMaybe<Scalars['String']['input']>;
  /** Absolute http(s) URL of the image. */
  url: Scalars['String']['input'];
};

/** Stock quantities from a spreadsheet. */
export type ImportStockInput = {
  /** CSV text with a header row; columns sku, warehouse, quantity and optionally reason (default "import"). */
  csv: Scalars['String']['input'];
  /** SET: quantity becomes onHand; ADJUST: quantity is added to onHand. */
  mode: StockImportMode;
};

/** What the intake did with a delivered marketplace order. */
export type IntakeOutcome =
  /** A new order was recorded. */
  | 'CREATED'
  /** The same or an older version: nothing changed. */
  | 'UNCHANGED'
  /** A newer version updated the order. */
  | 'UPDATED';

/** What a push to the marketplace did to a listing (上新, 价格修改, 库存调整, 下架, 删除, 分类调整). */
export type ListingAction =
  /** Deleted from the marketplace. */
  | 'DELETE'
  /** Taken off sale. */
  | 'DELIST'
  /** Created on the marketplace. */
  | 'LIST'
  /** Category changed. */
  | 'RECATEGORISE'
  /** Price pushed. */
  | 'REPRICE'
  /** Quantity pushed. */
  | 'RESTOCK'
  /** Title, category, attributes, price and quantity sent again. */
  | 'UPDATE';

/** A marketplace attribute to set on listings: a name and its value. Names may hold dots (location.state), which an inline object could not. */
export type ListingAttributeInput = {
  /** The attribute's name (1-100 characters), e.g. location.state. */
  name: Scalars['String']['input'];
  /** Its value: text (at most 2000 characters, e.g. "浙江"), or a list or nested object where the marketplace wants one (eBay aspects ["Acme"], Amazon [{ value: "Acme", language_tag: "en_US" }]): at most 6 levels deep, 100 entries per level, 10,000 characters as JSON; no nulls. */
  value: Scalars['JSON']['input'];
};

/** Conditions listings must meet. */
export type ListingFilter = {
  /** Only listings of this channel (the Channel’s global id). */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** Only listings of the channel with this key (e.g. taobao-sim), instead of channelId. */
  channelKey?: InputMaybe<Scalars['String']['input']>;
  /** true: only listings (not delisted) on channels whose marketplace lists in the channel's languages only (AliExpress) whose product has no title and description in the channel's main language yet, the copywriters' to-do list (publishing them fails with MISSING_TRANSLATION); a translation of another locale of that language counts (en-GB for en-US). false: only the others. Judged from the catalogue now: a listing leaves the list once the translation is added. */
  missingTranslation?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only the listing(s) of this SKU (exact). */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** Only listings in this status. */
  status?: InputMaybe<ListingStatus>;
};

/** Listings to act on. */
export type ListingIdsInput = {
  /** Listing ids (at most 500). */
  ids: Array<Scalars['ID']['input']>;
};

/** Where a listing stands on its marketplace. */
export type ListingStatus =
  /** On sale on the marketplace; stock and price changes are pushed. */
  | 'ACTIVE'
  /** Taken off sale (下架); publish again to put it back. */
  | 'DELISTED'
  /** Saved here, never sent. */
  | 'DRAFT'
  /** The marketplace refused it (see lastError); fix it and publish again. */
  | 'ERROR'
  /** Sent, and the marketplace took it to process later (Amazon listings, feeds, eBay bulk tasks): the engine polls it and sets ACTIVE (DELISTED for a delist) or ERROR with the marketplace’s issues once it has decided (see pendingAction, issues). */
  | 'PENDING'
  /** A publish job is queued or running. */
  | 'PUBLISHING';

/** Sellable units found damaged: they leave onHand and are counted as damaged. */
export type MarkDamagedInput = {
  /** Units found damaged (1 or more). */
  quantity: Scalars['Int']['input'];
  /** What happened (kept in the ledger). */
  reason: Scalars['String']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** Orders to merge into one parcel. */
export type MergeOrdersInput = {
  /** Order ids: 2 to 50 orders of one channel, buyer and shipping address, each PAID or PARTIALLY_SHIPPED, not held, in no group. */
  orderIds: Array<Scalars['ID']['input']>;
};

/** Why stock moved. */
export type MovementType =
  /** A manual correction with a reason. */
  | 'ADJUSTMENT'
  /** Moved from sellable to damaged. */
  | 'DAMAGE'
  /** The marketplace's own count of the stock in its fulfilment centre (Amazon FBA inventory), read by the sync engine. */
  | 'MARKETPLACE_COUNT'
  /** Moved into or out of quality control. */
  | 'QUALITY_CONTROL'
  /** Goods received (入库), e.g. against a purchase order. */
  | 'RECEIPT'
  /** A sellable return put back on hand. */
  | 'RETURN'
  /** Goods shipped to a buyer (发货). */
  | 'SHIPMENT'
  /** Correction posted by a stocktake (盘点). */
  | 'STOCKTAKE'
  /** Received from another warehouse. */
  | 'TRANSFER_IN'
  /** Sent to another warehouse. */
  | 'TRANSFER_OUT';

/** An option axis and its values in display order. */
export type OptionInput = {
  /** Axis name, e.g. 尺码 / Size. */
  name: Scalars['String']['input'];
  /** Values in display order, e.g. ["S","M","L"]; unique within the axis. */
  values: Array<Scalars['String']['input']>;
};

/** Narrows an order list; all given conditions must hold. */
export type OrderFilter = {
  /** Only orders waiting for an exchange rate (true: baseRateMissing, no baseTotals yet) or only those that have one (false). */
  baseRateMissing?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only this channel, by the Channel's global id. */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this channel, by its key (also for an integrator's channel not set up as a Channel). */
  channelKey?: InputMaybe<Scalars['String']['input']>;
  /** Only orders held for this reason. */
  holdReason?: InputMaybe<HoldReason>;
  /** Only held (true) or not held (false) orders. */
  onHold?: InputMaybe<Scalars['Boolean']['input']>;
  /** Placed at or after. */
  placedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Placed before. */
  placedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Our number, the external id, a SKU, or (only on orders whose buyer the caller may see: pii.read on the order's channel) the buyer's name, nickname or phone. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only these statuses. */
  status?: InputMaybe<Array<OrderStatus>>;
};

/** What kind of note customer service wrote. */
export type OrderNoteKind =
  /** A complaint of the buyer (投诉). */
  | 'COMPLAINT'
  /** A dispute (纠纷); holds the order with DISPUTE. */
  | 'DISPUTE'
  /** A plain note. */
  | 'NOTE';

/** Sort order of an order list. */
export type OrderOrder = {
  /** Newest / largest first (default true). */
  descending?: Scalars['Boolean']['input'];
  /** Sort key. */
  field: OrderSortKey;
};

/** What an order list is sorted by. */
export type OrderSortKey =
  /** Our order number. */
  | 'NUMBER'
  /** When the buyer placed it. */
  | 'PLACED_AT'
  /** Total in the order currency. */
  | 'TOTAL';

/** How orderStats groups orders. */
export type OrderStatsGroupBy =
  /** By channel key; manual and offline orders have a null key. CANCELLED orders add no revenue. */
  | 'CHANNEL'
  /** By the calendar day they were placed in Asia/Shanghai (YYYY-MM-DD). CANCELLED orders add no revenue. */
  | 'DAY'
  /** By current status; CANCELLED orders form their own row, revenue included. */
  | 'STATUS';

/** Where an order is in its life; every marketplace status maps to one of these. */
export type OrderStatus =
  /** Cancelled (交易关闭); reserved stock released. */
  | 'CANCELLED'
  /** Closed successfully (交易成功). */
  | 'COMPLETED'
  /** The carrier delivered it. */
  | 'DELIVERED'
  /** Paid, waiting to ship (待发货); stock is reserved. */
  | 'PAID'
  /** Some lines or units shipped. */
  | 'PARTIALLY_SHIPPED'
  /** Placed, not paid yet (待付款). */
  | 'PENDING_PAYMENT'
  /** Fully refunded. */
  | 'REFUNDED'
  /** Everything shipped (已发货). */
  | 'SHIPPED';

/** How a channel's price is derived from the variant's catalogue price. */
export type PriceRuleInput = {
  /** The kind of rule. */
  mode: PriceRuleMode;
  /** Raise each price to the nearest one at or above it ending in this, e.g. "0.99" (41.53 → 41.99) or "9.99" (every ten: 41.53 → 49.99); at most 4 digits before the point and 2 after. */
  priceEnding?: InputMaybe<Scalars['String']['input']>;
  /** Exchange rate from the base currency to the channel currency (EXCHANGE_RATE, above 0); leave it out to use finance's current rate (exchangeRates) at each push. */
  rate?: InputMaybe<Scalars['Decimal']['input']>;
  /** Percent (MARKUP_PERCENT, optional for EXCHANGE_RATE) or amount (FIXED_ADD). */
  value?: InputMaybe<Scalars['Decimal']['input']>;
};

/** How a channel's price is derived from the variant's catalogue price (in the base currency, BASE_CURRENCY); results are rounded half-up to cents, then up to the rule's priceEnding when it has one. */
export type PriceRuleMode =
  /** The catalogue price times `rate` (base currency → channel currency), or without a `rate` times finance's current rate to the channel's currency (exchangeRates; a listing fails with EXCHANGE_RATE_MISSING while there is none), then plus `value` percent when one is given. */
  | 'EXCHANGE_RATE'
  /** The catalogue price plus the amount `value`. */
  | 'FIXED_ADD'
  /** The catalogue price plus `value` percent. */
  | 'MARKUP_PERCENT'
  /** The catalogue price as it is. */
  | 'SAME';

/** Narrows a product list; all given conditions must hold. */
export type ProductFilter = {
  /** Only products in this category or any category below it. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Fragments of a title in any locale (Chinese or English), a SKU, barcode or brand; every word must match. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only the product that has a variant with exactly this SKU. */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** Only these statuses. Default: every status except ARCHIVED. */
  status?: InputMaybe<Array<ProductStatus>>;
};

/** Sort order of a product list. */
export type ProductOrder = {
  /** Direction; ties are broken by id in the same direction. */
  direction?: SortDirection;
  /** Sort key. */
  field: ProductSortKey;
};

/** What a product list is sorted by. */
export type ProductSortKey =
  /** Creation time. */
  | 'CREATED_AT'
  /** Default-locale title, in code-point order. */
  | 'TITLE'
  /** Time of the last change. */
  | 'UPDATED_AT';

/** Lifecycle of a product. */
export type ProductStatus =
  /** On sale; may be listed on channels. */
  | 'ACTIVE'
  /** Retired; hidden from default lists, kept for history. */
  | 'ARCHIVED'
  /** Taken off sale (下架); kept for re-listing. */
  | 'DELISTED'
  /** Being prepared; not sold anywhere. */
  | 'DRAFT';

/** Variants to publish on a channel (上新), with what the channel should show. */
export type PublishListingsInput = {
  /** Marketplace attributes for every listing as name/value pairs, e.g. [{ name: "location.state", value: "浙江" }]; replaces the ones set. Not together with attributes. */
  attributeList?: InputMaybe<Array<ListingAttributeInput>>;
  /**
   * The same as one JSON object of name → string value (the older form, still accepted); replaces the ones set.
   * @deprecated Use attributeList: names with dots such as location.state cannot be written in an inline GraphQL object.
   */
  attributes?: InputMaybe<Scalars['JSONObject']['input']>;
  /** The marketplace's category id for every listing. */
  categoryId?: InputMaybe<Scalars['String']['input']>;
  /** Channel id (the Channel’s global id); or give channelKey. */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** The channel’s key (e.g. taobao-sim), instead of channelId. */
  channelKey?: InputMaybe<Scalars['String']['input']>;
  /** A fixed price in the channel currency for every listing; default the channel's price rule. */
  price?: InputMaybe<Scalars['Decimal']['input']>;
  /** A sale (discount) price in the channel currency for every listing, below the regular price; null clears it; left out keeps the one set. Only on channels whose marketplace keeps one (SALE_PRICE_NOT_SUPPORTED otherwise). */
  salePrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** SKUs of the variants to publish (at most 500); one listing each. A SKU already on sale is updated instead. */
  skus: Array<Scalars['String']['input']>;
  /** Title for every listing; default the listing’s current title, else the product title (English translation on overseas channels when there is one). */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Goods of a return received back at the warehouse. */
export type ReceiveReturnInput = {
  /** What came back, by line and condition. */
  lines: Array<ReceiveReturnLineInput>;
  /** The return. */
  returnId: Scalars['ID']['input'];
};

/** Units of a return line received and inspected. */
export type ReceiveReturnLineInput = {
  /** What the inspection found. */
  condition: ReturnCondition;
  /** Units received in this condition (at least 1). */
  quantity: Scalars['Int']['input'];
  /** The return line. */
  returnLineId: Scalars['ID']['input'];
};

/** Goods arriving in a warehouse (入库上架). */
export type ReceiveStockInput = {
  /** Units received (1 or more). */
  quantity: Scalars['Int']['input'];
  /** Note kept in the ledger; default "received". */
  reason?: InputMaybe<Scalars['String']['input']>;
  /** What the goods arrived against, e.g. a purchase order or delivery note number. */
  reference?: InputMaybe<Scalars['String']['input']>;
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the receiving warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** Units of a transfer that arrived at its destination. */
export type ReceiveTransferInput = {
  /** What arrived; partial receipt allowed; two lines of one SKU count together. */
  lines: Array<TransferLineInput>;
  /** Id of the transfer. */
  transferId: Scalars['ID']['input'];
};

/** A comparison of a channel's listings with what the marketplace shows. */
export type ReconcileChannelInput = {
  /** Channel id. */
  channelId: Scalars['ID']['input'];
  /** Also push our quantity and price where the marketplace differs (default false: report only). */
  fix?: Scalars['Boolean']['input'];
};

/** What a counter found of one SKU in one bin. */
export type RecordStocktakeCountInput = {
  /** Bin (storage location) counted, as written on the shelf; free text, compared exactly. */
  binCode: Scalars['String']['input'];
  /** Units found there (0 or more); replaces an earlier count of the same SKU and bin. */
  countedQuantity: Scalars['Int']['input'];
  /** SKU counted (not a bundle); a SKU missing from the snapshot may be counted: it was found. */
  sku: Scalars['String']['input'];
  /** Id of the open stocktake. */
  stocktakeId: Scalars['ID']['input'];
};

/** A refund paid for a return. */
export type RefundReturnInput = {
  /** Amount in the order currency, a decimal string such as "199.00"; more than 0. */
  amount: Scalars['String']['input'];
  /** The return. */
  returnId: Scalars['ID']['input'];
};

/** Units of one SKU to reserve. */
export type ReserveLineInput = {
  /** Units (1 or more). */
  quantity: Scalars['Int']['input'];
  /** SKU of the variant or bundle. */
  sku: Scalars['String']['input'];
  /** Reserve from this warehouse; omitted: by warehouse priority, then most available. */
  warehouseCode?: InputMaybe<Scalars['String']['input']>;
};

/** Stock to hold for a reference such as an order, all lines or none. */
export type ReserveStockInput = {
  /** What to hold; two lines of one SKU count together. */
  lines: Array<ReserveLineInput>;
  /** What the stock is held for, e.g. an order number; one active reservation per reference. */
  reference: Scalars['String']['input'];
};

/** Which failed jobs to run again: those of a run, or all of a channel. */
export type RetrySyncErrorsInput = {
  /** Channel id: retry every failed job of the channel (with runId: only that run’s). */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** Sync run id: retry its failed jobs. */
  runId?: InputMaybe<Scalars['ID']['input']>;
};

/** What the inspection found of returned units. */
export type ReturnCondition =
  /** Kept as damaged stock, not sellable. */
  | 'DAMAGED'
  /** Back on hand, sellable again (RETURN movement). */
  | 'SELLABLE';

/** Conditions returns must meet. */
export type ReturnFilter = {
  /** Only returns of this order. */
  orderId?: InputMaybe<Scalars['ID']['input']>;
  /** Only returns in this status. */
  status?: InputMaybe<ReturnStatus>;
  /** Only returns of this type. */
  type?: InputMaybe<ReturnType>;
};

/** A line of a new return. */
export type ReturnLineInput = {
  /** The order line. */
  orderLineId: Scalars['ID']['input'];
  /** Units (at least 1). */
  quantity: Scalars['Int']['input'];
  /** Why, as the buyer said. */
  reason?: Scalars['String']['input'];
};

/** Where a return is: REQUESTED → APPROVED | REJECTED → RECEIVED → REFUNDED → CLOSED. */
export type ReturnStatus =
  /** Accepted; goods may be sent back (or a refund-only return refunded). */
  | 'APPROVED'
  /** Done: an exchange whose replacement order was created. */
  | 'CLOSED'
  /** Every unit came back and was inspected. */
  | 'RECEIVED'
  /** Money went back to the buyer. */
  | 'REFUNDED'
  /** Refused, with a reason. */
  | 'REJECTED'
  /** Asked for, waiting for customer service. */
  | 'REQUESTED';

/** What the buyer asks for. */
export type ReturnType =
  /** Goods come back and a replacement order ships (换货). */
  | 'EXCHANGE'
  /** Money back without sending goods back (仅退款); may cover unshipped units. */
  | 'REFUND_ONLY'
  /** Goods come back, then money goes back (退货退款). */
  | 'RETURN_AND_REFUND';

/** One role to hold, possibly limited to some channels. */
export type RoleGrantInput = {
  /** Channels the role is limited to; empty or omitted means every channel. */
  channelIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Role key, e.g. overseas_sales. */
  roleKey: Scalars['String']['input'];
};

/** A channel's whole carrier table, replacing the one it has. */
export type SetChannelCarriersInput = {
  /** Every mapping of the table (at most 200); [] empties it. */
  carriers: Array<ChannelCarrierInput>;
  /** The channel (its global id). */
  channelId: Scalars['ID']['input'];
};

/** Where a channel sells from and how much of it: sum available (onHand − reserved) over the channel's active warehouses (a bundle: per warehouse as many as its scarcest component allows, then summed); subtract the buffer; take sharePercent of that, rounded down; cap at maxQuantity; never below 0. Replaces the channel's previous rule. */
export type SetChannelStockRuleInput = {
  /** Units kept back from the channel (0 or more; default 0), subtracted before the share is taken. */
  buffer?: InputMaybe<Scalars['Int']['input']>;
  /** Key of the channel, e.g. taobao-main (2–64 lower-case letters, digits, - or _; upper case is lowered). */
  channelKey: Scalars['String']['input'];
  /** Most units the channel may sell of one SKU (0 or more); null: no cap. */
  maxQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** Percentage (0–100) of what is left after the buffer that the channel may sell, rounded down; null: 100. */
  sharePercent?: InputMaybe<Scalars['Int']['input']>;
  /** Codes of the warehouses the channel sells from; empty: it sells nothing. */
  warehouseCodes: Array<Scalars['String']['input']>;
};

/** The bin a variant is normally stored in, in one warehouse. */
export type SetDefaultBinInput = {
  /** Code of a bin of that warehouse; null clears the default bin. */
  binCode?: InputMaybe<Scalars['String']['input']>;
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** A new exchange rate: 1 `base` buys `rate` `quote` from `effectiveAt` on. */
export type SetExchangeRateInput = {
  /** ISO 4217 code converted from; the installation's base currency (BASE_CURRENCY, default CNY), which is also the default. */
  base?: InputMaybe<Scalars['String']['input']>;
  /** From when it applies; default now. A past time fills in orders placed since then that still wait for a rate; orders converted already keep their rate. */
  effectiveAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** ISO 4217 code converted to, e.g. USD; not the base currency itself. */
  quote: Scalars['String']['input'];
  /** Units of `quote` one unit of `base` buys, as a decimal string above 0 and at most 1,000,000,000 with at most 8 decimals, e.g. "0.1389". */
  rate: Scalars['String']['input'];
};

/** How a variant is replenished from its supplier. */
export type SetReplenishmentSettingInput = {
  /** Days from ordering to the goods arriving (0–365). */
  leadTimeDays: Scalars['Int']['input'];
  /** Days between two reviews of what to order (0–365). */
  reviewPeriodDays: Scalars['Int']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Who supplies it, as free text until suppliers arrive with purchasing; null when unknown. */
  supplierName?: InputMaybe<Scalars['String']['input']>;
};

/** The safety stock of one SKU in one warehouse. */
export type SetSafetyStockInput = {
  /** Units to keep back (0 or more); at or below it the level counts as low. 0 turns the low-stock warning off. */
  safetyStock: Scalars['Int']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** The complete set of roles a staff member should hold; replaces the current ones. */
export type SetStaffRolesInput = {
  /** Every role the person holds afterwards; an empty list removes all roles. */
  roles: Array<RoleGrantInput>;
  /** Staff id. */
  staffId: Scalars['ID']['input'];
};

/** Sets the on-hand quantity of one SKU in one warehouse to a counted value. */
export type SetStockInput = {
  /** The onHand the caller saw; when it differs the change is refused with STALE_QUANTITY. */
  expectedOnHand?: InputMaybe<Scalars['Int']['input']>;
  /** The new on-hand quantity (0 or more). */
  onHand: Scalars['Int']['input'];
  /** Why (recorded in the ledger). */
  reason: Scalars['String']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
  /** Code of the warehouse. */
  warehouseCode: Scalars['String']['input'];
};

/** The one parcel of a merge group. */
export type ShipMergedOrdersInput = {
  /** Carrier name or code, 1-100 characters. */
  carrier: Scalars['String']['input'];
  /** Merge group id. */
  groupId: Scalars['ID']['input'];
  /** The carrier's tracking number (运单号), 1-100 characters: the same on every order's shipment. */
  trackingNumber: Scalars['String']['input'];
  /** Code of the warehouse it leaves from; every order must have its unshipped units reserved there. */
  warehouseCode: Scalars['String']['input'];
};

/** Units of one order line to put in a shipment. */
export type ShipmentLineInput = {
  /** Order line id (of the order being shipped). */
  orderLineId: Scalars['ID']['input'];
  /** Units to ship: 1 up to what is left unshipped on the line. */
  quantity: Scalars['Int']['input'];
};

/** Where telling the marketplace about a parcel stands. */
export type ShipmentPushStatus =
  /** Waiting for a carrier mapping: the channel has no code for the parcel's carrier (CARRIER_UNMAPPED); it is sent once the carrier is mapped (setChannelCarriers) or the error is retried. */
  | 'HELD'
  /** Waiting for the sync engine to send it. */
  | 'PENDING'
  /** The marketplace refused it for good (see errorCode, errorMessage); it is not sent again. */
  | 'REFUSED'
  /** The marketplace accepted it. */
  | 'SENT';

/** Who recorded a parcel. */
export type ShipmentSource =
  /** Recorded from the marketplace's report that units of the order left without a shipment of ours (consigned in its back office): they left the warehouse that held them for the order, with the carrier and tracking number the marketplace reports; nothing is sent to the marketplace. */
  | 'MARKETPLACE'
  /** We shipped it (createShipment, shipMergedOrders); a channel order's marketplace is told the tracking number. */
  | 'OURS';

/** Where a parcel is. */
export type ShipmentStatus =
  /** The carrier delivered it (已签收). */
  | 'DELIVERED'
  /** Handed to the carrier (已发货). */
  | 'SHIPPED';

/** Sort direction. */
export type SortDirection =
  /** Ascending. */
  | 'ASC'
  /** Descending. */
  | 'DESC';

/** Narrows a staff list; all given conditions must hold. */
export type StaffFilter = {
  /** Only active (true) or only deactivated (false) accounts; both when omitted. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only members of this department (key, e.g. warehouse). */
  departmentKey?: InputMaybe<Scalars['String']['input']>;
  /** Only holders of this role (key, e.g. customer_service). */
  roleKey?: InputMaybe<Scalars['String']['input']>;
  /** Part of the name or email, case-insensitive. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** Starts a stocktake: snapshots the book quantities of a warehouse or one zone of it. */
export type StartStocktakeInput = {
  /** Code of the warehouse to count. */
  warehouseCode: Scalars['String']['input'];
  /** Count only this zone: the SKUs whose default bin lies in it. Omitted: the whole warehouse. */
  zone?: InputMaybe<Scalars['String']['input']>;
};

/** How importStock reads the quantity column. */
export type StockImportMode =
  /** The quantity is added to onHand (negative removes); rows of one SKU and warehouse apply in file order. */
  | 'ADJUST'
  /** The quantity becomes onHand (opening balances, stocktake results); a SKU and warehouse may appear once. */
  | 'SET';

/** Narrows a list of stock levels. */
export type StockLevelFilter = {
  /** Only levels whose available plus incoming quantity is at or below their safety stock (as lowStock). */
  lowStockOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only this SKU. */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** Only this warehouse. */
  warehouseCode?: InputMaybe<Scalars['String']['input']>;
};

/** Narrows the stock ledger. */
export type StockMovementFilter = {
  /** Only movements of this reference id (order, transfer, stocktake…). */
  reference?: InputMaybe<Scalars['String']['input']>;
  /** Only this SKU. */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** Only this kind of movement. */
  type?: InputMaybe<MovementType>;
  /** Only this warehouse. */
  warehouseCode?: InputMaybe<Scalars['String']['input']>;
};

/** Narrows a list of transfers. */
export type StockTransferFilter = {
  /** Only transfers in this status. */
  status?: InputMaybe<TransferStatus>;
  /** Only transfers from or to this warehouse. */
  warehouseCode?: InputMaybe<Scalars['String']['input']>;
};

/** Narrows a list of stocktakes. */
export type StocktakeFilter = {
  /** Only stocktakes in this status. */
  status?: InputMaybe<StocktakeStatus>;
  /** Only stocktakes of this warehouse. */
  warehouseCode?: InputMaybe<Scalars['String']['input']>;
};

/** Where a stocktake (盘点) is in its life. */
export type StocktakeStatus =
  /** Abandoned without changing stock; closed. */
  | 'CANCELLED'
  /** Counting: counts may be recorded. */
  | 'OPEN'
  /** The counts were posted as STOCKTAKE movements; closed. */
  | 'POSTED';

/** A sync of a channel to start now. */
export type SyncChannelInput = {
  /** Channel id. */
  channelId: Scalars['ID']['input'];
  /** What to move (at least one). */
  scopes: Array<SyncScope>;
};

/** What kind of failure a sync error is, which says what helps. */
export type SyncErrorKind =
  /** The credentials were refused: the channel stopped until they are replaced. */
  | 'AUTH_FAILED'
  /** A setup fault no retry or new token fixes (e.g. the server clock is off, the app key is wrong): the channel is STOPPED until a connection test passes. */
  | 'CHANNEL_STOPPED'
  /** A marketplace order we could not read; kept with its raw body. */
  | 'MALFORMED'
  /** The marketplace refused the request itself; fix the data (listing, order) and try again. */
  | 'PERMANENT'
  /** The marketplace refused this account one operation (e.g. HTTP 403, TOP 11-13): that operation stopped (see Channel.operationErrors) until the permission is granted and the connection tested again; the channel's other operations go on. */
  | 'PERMISSION_DENIED'
  /** The marketplace's quota was used up: the job waits until the reset the marketplace stated (see SyncRun.waitingUntil) without spending retries; resolved when it starts again. */
  | 'QUOTA_EXHAUSTED'
  /** Over the marketplace's call limit until the retries ran out (retrySyncErrors tries again). */
  | 'RATE_LIMITED'
  /** The marketplace or the network failed; retried until the retries ran out (retrySyncErrors tries again). */
  | 'RETRYABLE';

/** Conditions sync runs must meet. */
export type SyncRunFilter = {
  /** Only runs of this channel. */
  channelId?: InputMaybe<Scalars['ID']['input']>;
  /** Only runs in this status. */
  status?: InputMaybe<SyncRunStatus>;
};

/** Where a sync run stands. */
export type SyncRunStatus =
  /** Every job failed (see errors). */
  | 'FAILED'
  /** Finished, but some jobs or items failed (see errors). */
  | 'PARTIAL'
  /** Its jobs wait for a worker. */
  | 'QUEUED'
  /** A worker is on it. */
  | 'RUNNING'
  /** Every job finished and nothing failed. */
  | 'SUCCEEDED';

/** What a sync run moves between us and a marketplace. */
export type SyncScope =
  /** Read the stock the marketplace keeps in its own fulfilment centre (Amazon FBA) into the warehouse tied to the channel. */
  | 'FULFILMENT_STOCK'
  /** Publish every listing in DRAFT or ERROR (a reconciliation run is a LISTINGS run too). */
  | 'LISTINGS'
  /** Pull new and changed orders since the last pull. */
  | 'ORDERS'
  /** Push the price of every ACTIVE listing. */
  | 'PRICES'
  /** Pull returns and refunds since the last pull. */
  | 'RETURNS'
  /** Push the tracking numbers of shipments not yet sent. */
  | 'SHIPMENTS'
  /** Push the sellable quantity of every ACTIVE listing. */
  | 'STOCK';

/** What started a sync run. */
export type SyncTrigger =
  /** `npm run sync` in a terminal. */
  | 'CLI'
  /** Someone asked for it in the API (syncChannel, reconcileChannel, publishListings, updateListing, delistListings), or a fix their reconciliation pushed. */
  | 'MANUAL'
  /** A push message from the marketplace (POST /notifications/<channel key>) named orders or returns to pull now. */
  | 'NOTIFICATION'
  /** Changes waiting to be pushed (stock, shipments), pushed by the engine as they come. */
  | 'OUTBOX'
  /** The channel's schedule (order and return pulls, reconciliation), or a fix a scheduled reconciliation pushed. */
  | 'SCHEDULE';

/** Units of one SKU to send or receive. */
export type TransferLineInput = {
  /** Units (1 or more). */
  quantity: Scalars['Int']['input'];
  /** SKU of the variant (not a bundle). */
  sku: Scalars['String']['input'];
};

/** Where a transfer between warehouses stands. */
export type TransferStatus =
  /** Cancelled before anything was received; the units went back to the source. Closed. */
  | 'CANCELLED'
  /** Sent; nothing received yet. The units count as incoming at the destination. */
  | 'IN_TRANSIT'
  /** Some units received at the destination, the rest still in transit. */
  | 'PARTIALLY_RECEIVED'
  /** Every unit sent has been received. Closed. */
  | 'RECEIVED';

/** Stock to send from one warehouse to another. */
export type TransferStockInput = {
  /** Code of the warehouse the units leave. */
  fromWarehouseCode: Scalars['String']['input'];
  /** What to send; two lines of one SKU count together. */
  lines: Array<TransferLineInput>;
  /** Free note, e.g. carrier and waybill number. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Code of the warehouse the units go to. */
  toWarehouseCode: Scalars['String']['input'];
};

/** Title and description of a product in one locale. */
export type TranslationInput = {
  /** Description in this locale; empty when omitted. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** BCP 47 locale, e.g. en-US. zh-CN sets the default title and description. */
  locale: Scalars['String']['input'];
  /** Title in this locale. */
  title: Scalars['String']['input'];
};

/** Changes to a category; omitted fields keep their value. */
export type UpdateCategoryInput = {
  /** Set true to make it a top-level category. */
  makeTopLevel?: InputMaybe<Scalars['Boolean']['input']>;
  /** New default-locale name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New parent category. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** New position among its siblings. */
  position?: InputMaybe<Scalars['Int']['input']>;
  /** Names to add or replace (by locale). */
  translations?: InputMaybe<Array<CategoryTranslationInput>>;
};

/** Changes to a channel; a field left out stays as it is. */
export type UpdateChannelInput = {
  /** New marketplace API address (same rules as on createChannel). Moving to another host needs the complete credentials again in the same update (CREDENTIALS_REQUIRED): stored ones never travel to a new host. */
  baseUrl?: InputMaybe<Scalars['String']['input']>;
  /** Credential fields to replace; the fields not given keep their stored values, a field given as null or "" is removed (unless required). An AUTH_FAILED channel becomes ACTIVE again. */
  credentials?: InputMaybe<Scalars['JSONObject']['input']>;
  /** New currency (ISO 4217); refused once the channel has listings. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Operations to perform (a subset of the connector capabilities). */
  enabledOps?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Channel id. */
  id: Scalars['ID']['input'];
  /** New marketplace / site id, the one the channel covers (as marketplaceIds with one id); an empty string clears it. */
  marketplaceId?: InputMaybe<Scalars['String']['input']>;
  /** The marketplaces the channel covers from now on (replaces them all; same rules as on createChannel). */
  marketplaceIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New name (unique). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New price rule. */
  priceRule?: InputMaybe<PriceRuleInput>;
  /** Schedule fields to change. */
  schedule?: InputMaybe<ChannelScheduleInput>;
  /** Settings to change: the names given take their new values (null or "" removes one), the others keep theirs. */
  settings?: InputMaybe<Array<ChannelSettingInput>>;
  /** ACTIVE to resume syncing (also after AUTH_FAILED), PAUSED to stop. */
  status?: InputMaybe<ChannelStatusSetting>;
  /** Codes of the warehouses the channel sells from (replaces them all). */
  warehouseCodes?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Changes to a listing; a field left out stays as it is. An ACTIVE listing's changes are pushed to the marketplace. */
export type UpdateListingInput = {
  /** New marketplace attributes as name/value pairs (replace the ones set; [] clears them). Not together with attributes. */
  attributeList?: InputMaybe<Array<ListingAttributeInput>>;
  /**
   * The same as one JSON object of name → string value (the older form, still accepted).
   * @deprecated Use attributeList: names with dots such as location.state cannot be written in an inline GraphQL object.
   */
  attributes?: InputMaybe<Scalars['JSONObject']['input']>;
  /** New marketplace category id (分类调整); null clears it. */
  categoryId?: InputMaybe<Scalars['String']['input']>;
  /** Listing id. */
  id: Scalars['ID']['input'];
  /** New fixed price in the channel currency (价格修改); null returns to the channel's price rule. */
  price?: InputMaybe<Scalars['Decimal']['input']>;
  /** New sale (discount) price in the channel currency, below the regular price; null clears it (the push then tells the marketplace there is none). */
  salePrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** New title. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a product; omitted fields keep their value. Title, description and translations need catalog.copy; the rest catalog.write. */
export type UpdateProductInput = {
  /** New brand. */
  brand?: InputMaybe<Scalars['String']['input']>;
  /** New category id. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Set true to remove the product from its category. */
  clearCategory?: InputMaybe<Scalars['Boolean']['input']>;
  /** New default-locale description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the option axes; every existing variant's values must still fit. */
  options?: InputMaybe<Array<OptionInput>>;
  /** New status. */
  status?: InputMaybe<ProductStatus>;
  /** New default-locale title. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Translations to add or replace (by locale). */
  translations?: InputMaybe<Array<TranslationInput>>;
};

/** Changes to a custom role; omitted fields stay as they are. */
export type UpdateRoleInput = {
  /** New home department key. */
  departmentKey?: InputMaybe<Scalars['String']['input']>;
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New name in English. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New name in Chinese. */
  nameZh?: InputMaybe<Scalars['String']['input']>;
  /** The complete new set of permission keys; holders gain and lose permissions at once. */
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Changes to a staff account; omitted fields stay as they are. */
export type UpdateStaffInput = {
  /** false deactivates the account (it can no longer sign in; its tokens stop working for good); true reactivates it. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** New department key. */
  departmentKey?: InputMaybe<Scalars['String']['input']>;
  /** New full name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New password, set by an owner for someone else (others start requestPasswordReset; your own goes through changeMyPassword). Ends the person's earlier tokens. */
  password?: InputMaybe<Scalars['String']['input']>;
};

/** A variant (SKU) of a product. */
export type VariantInput = {
  /** Barcode (EAN-13, UPC…). */
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** Cost price in CNY; needs cost.write. */
  costPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** One value per option axis, in the product's axis order. */
  optionValues?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Price in the base currency (CNY), e.g. "1299.00"; zero or more. */
  price: Scalars['Decimal']['input'];
  /** Stock-keeping unit, unique across the catalogue (letters, digits, - _ . /). */
  sku: Scalars['String']['input'];
  /** Default ACTIVE. */
  status?: InputMaybe<VariantStatus>;
  /** Shipping weight in grams. */
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

/** Whether a variant can be sold. */
export type VariantStatus =
  /** Sellable. */
  | 'ACTIVE'
  /** Not sold (discontinued size or colour); kept for history. */
  | 'INACTIVE';

/** Changes to a variant; omitted fields keep their value. */
export type VariantUpdateInput = {
  /** New barcode. */
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** New cost price in CNY; needs cost.write. */
  costPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** One value per option axis, in the product's axis order. */
  optionValues?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New price in CNY. */
  price?: InputMaybe<Scalars['Decimal']['input']>;
  /** New SKU (must stay unique). */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** New status. */
  status?: InputMaybe<VariantStatus>;
  /** New weight in grams. */
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

/** What kind of place a warehouse is. */
export type WarehouseKind =
  /** A marketplace's fulfilment centre, such as Amazon FBA. */
  | 'MARKETPLACE_FULFILMENT'
  /** An overseas warehouse (海外仓). */
  | 'OVERSEAS'
  /** Our own warehouse. */
  | 'OWN'
  /** A third-party logistics provider (3PL) holding our stock. */
  | 'THIRD_PARTY';

export type SignInMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type SignInMutation = { login: { token?: string | null, expiresAt?: string | null, userErrors: Array<{ code: string, message: string, field?: Array<string> | null }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me?: { id: string, name: string, email: string, department: { key: string, name: string, nameZh: string }, roleAssignments: Array<{ channelIds: Array<string>, role: { key: string, name: string, nameZh?: string | null, permissions: Array<string> } }> } | null };

export type CatalogueProductsQueryVariables = Exact<{
  search?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CatalogueProductsQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, title: string, status: ProductStatus, images: Array<{ id: string }>, translations: Array<{ locale: string, title: string, description: string }>, variants: Array<{ id: string, sku: string }> }> } };

export type CatalogueChannelsQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogueChannelsQuery = { channels: Array<{ id: string, key: string, name: string, kind: ChannelKind, marketplaces: Array<{ id: string, label: string, locale?: string | null }> }> };

export type CatalogueListingsQueryVariables = Exact<{
  filter?: InputMaybe<ListingFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CatalogueListingsQuery = { listings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, sku: string, title: string, status: ListingStatus, locale?: string | null, itemId?: string | null, updatedAt: string, channel: { id: string, key: string, name: string }, price?: { amount: string, currency: string } | null, issues: Array<{ code: string, message: string, severity: string, attributeNames: Array<string> }>, lastError?: { code: string, message: string, reason: string, explanation: { en: string, zh: string } } | null }> } };

export type ListingRowFieldsFragment = { id: string, sku: string, title: string, status: ListingStatus, locale?: string | null, itemId?: string | null, updatedAt: string, channel: { id: string, key: string, name: string }, price?: { amount: string, currency: string } | null, issues: Array<{ code: string, message: string, severity: string, attributeNames: Array<string> }>, lastError?: { code: string, message: string, reason: string, explanation: { en: string, zh: string } } | null };

export type ProductDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProductDetailQuery = { product?: { id: string, title: string, description: string, status: ProductStatus, brand?: string | null, titleEn: string, images: Array<{ id: string, url: string, alt: string, position: number }>, translations: Array<{ locale: string, title: string, description: string }>, variants: Array<{ id: string, sku: string, optionValues: Array<string>, status: VariantStatus, price: { amount: string, currency: string }, stock: { onHand: number, reserved: number, available: number } }> } | null };

export type VariantListingsQueryVariables = Exact<{
  sku: Scalars['String']['input'];
}>;


export type VariantListingsQuery = { listings: { nodes: Array<{ id: string, sku: string, title: string, status: ListingStatus, locale?: string | null, itemId?: string | null, updatedAt: string, channel: { id: string, key: string, name: string }, price?: { amount: string, currency: string } | null, issues: Array<{ code: string, message: string, severity: string, attributeNames: Array<string> }>, lastError?: { code: string, message: string, reason: string, explanation: { en: string, zh: string } } | null }> } };

export type SyncRunFieldsFragment = { id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } };

export type ChannelHealthFieldsFragment = { id: string, key: string, name: string, kind: ChannelKind, status: ChannelStatus, currency: string, lastError?: string | null, warehouseCodes: Array<string>, marketplaces: Array<{ id: string, label: string, currency: string, locale?: string | null }>, warnings: Array<{ code: ChannelWarningCode, message: string, at: string }>, operationErrors: Array<{ operation: string, code: string, message: string, since: string }>, schedule: { ordersEveryMinutes: number, returnsEveryMinutes: number, reconcileEveryHours: number } };

export type ChannelsOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type ChannelsOverviewQuery = { channels: Array<{ id: string, key: string, name: string, kind: ChannelKind, status: ChannelStatus, currency: string, lastError?: string | null, warehouseCodes: Array<string>, marketplaces: Array<{ id: string, label: string, currency: string, locale?: string | null }>, warnings: Array<{ code: ChannelWarningCode, message: string, at: string }>, operationErrors: Array<{ operation: string, code: string, message: string, since: string }>, schedule: { ordersEveryMinutes: number, returnsEveryMinutes: number, reconcileEveryHours: number } }> };

export type ChannelSummaryQueryVariables = Exact<{
  channelId: Scalars['ID']['input'];
}>;


export type ChannelSummaryQuery = { syncRuns: { nodes: Array<{ id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } }> }, active: { totalCount: number }, pending: { totalCount: number }, publishing: { totalCount: number }, draft: { totalCount: number }, error: { totalCount: number }, delisted: { totalCount: number } };

export type ChannelDetailQueryVariables = Exact<{
  channelId: Scalars['ID']['input'];
}>;


export type ChannelDetailQuery = { channel?: { id: string, key: string, name: string, kind: ChannelKind, status: ChannelStatus, currency: string, lastError?: string | null, warehouseCodes: Array<string>, marketplaces: Array<{ id: string, label: string, currency: string, locale?: string | null }>, warnings: Array<{ code: ChannelWarningCode, message: string, at: string }>, operationErrors: Array<{ operation: string, code: string, message: string, since: string }>, schedule: { ordersEveryMinutes: number, returnsEveryMinutes: number, reconcileEveryHours: number } } | null, syncRuns: { nodes: Array<{ id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } }> }, listingDrift: Array<{ id: string, field: DriftField, expected?: string | null, actual?: string | null, foundAt: string, fixedAt?: string | null, listing: { id: string, sku: string, status: ListingStatus } }> };

export type SyncRunErrorsQueryVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type SyncRunErrorsQuery = { syncRun?: { id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, errors: Array<{ id: string, scope: string, kind: SyncErrorKind, code: string, message: string, reason: string, externalId?: string | null, raw?: unknown | null, createdAt: string, resolvedAt?: string | null, explanation: { en: string, zh: string } }>, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } } | null };

export type StartSyncMutationVariables = Exact<{
  channelId: Scalars['ID']['input'];
  scopes: Array<SyncScope> | SyncScope;
}>;


export type StartSyncMutation = { syncChannel: { syncRun?: { id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } } | null, userErrors: Array<{ code: string, message: string, field?: Array<string> | null }> } };

export type RetrySyncRunMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type RetrySyncRunMutation = { retrySyncErrors: { retried: number, userErrors: Array<{ code: string, message: string, field?: Array<string> | null }> } };

export type SyncRunLiveSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type SyncRunLiveSubscription = { syncRunUpdated: { id: string, status: SyncRunStatus, statusMessage?: string | null, scopes: Array<SyncScope>, trigger: SyncTrigger, requestedBy: string, repeats: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, waitingUntil?: string | null, counts: { fetched: number, created: number, updated: number, skipped: number, failed: number }, jobs: { total: number, done: number, failed: number } } };

export type OrderRowFieldsFragment = { id: string, number: string, channelKey?: string | null, externalId?: string | null, status: OrderStatus, placedAt: string, onHold: boolean, holdReasons: Array<HoldReason>, totals: { total: { amount: string, currency: string } }, baseTotals?: { total: { amount: string, currency: string } } | null };

export type HeldOrdersQueryVariables = Exact<{
  holdReason?: InputMaybe<HoldReason>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type HeldOrdersQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, number: string, channelKey?: string | null, externalId?: string | null, status: OrderStatus, placedAt: string, onHold: boolean, holdReasons: Array<HoldReason>, totals: { total: { amount: string, currency: string } }, baseTotals?: { total: { amount: string, currency: string } } | null }> } };

export type OrderSearchQueryVariables = Exact<{
  filter?: InputMaybe<OrderFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type OrderSearchQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, number: string, channelKey?: string | null, externalId?: string | null, status: OrderStatus, placedAt: string, onHold: boolean, holdReasons: Array<HoldReason>, totals: { total: { amount: string, currency: string } }, baseTotals?: { total: { amount: string, currency: string } } | null }> } };

export type OrderDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type OrderDetailQuery = { order?: { marketplaceStatus?: string | null, fulfilledBy: FulfilledBy, paymentStatus: string, paidAt?: string | null, shippedAt?: string | null, cancelledAt?: string | null, currency: string, baseCurrency?: string | null, baseRate?: string | null, baseRateMissing: boolean, buyerMessage: string, sellerMemo: string, id: string, number: string, channelKey?: string | null, externalId?: string | null, status: OrderStatus, placedAt: string, onHold: boolean, holdReasons: Array<HoldReason>, buyer: { name?: string | null, nickname?: string | null, phone?: string | null, email?: string | null }, shippingAddress: { name?: string | null, phone?: string | null, country?: string | null, province?: string | null, city?: string | null, district?: string | null, address1?: string | null, address2?: string | null, postalCode?: string | null }, lines: Array<{ id: string, sku: string, title: string, optionText: string, mapped: boolean, quantity: number, quantityShipped: number, unitPrice: { amount: string, currency: string }, discount: { amount: string, currency: string }, paid: { amount: string, currency: string } }>, totals: { subtotal: { amount: string, currency: string }, shipping: { amount: string, currency: string }, discount: { amount: string, currency: string }, tax: { amount: string, currency: string }, adjustment: { amount: string, currency: string }, total: { amount: string, currency: string }, refunded: { amount: string, currency: string } }, baseTotals?: { subtotal: { amount: string, currency: string }, shipping: { amount: string, currency: string }, discount: { amount: string, currency: string }, tax: { amount: string, currency: string }, adjustment: { amount: string, currency: string }, total: { amount: string, currency: string }, refunded: { amount: string, currency: string } } | null, shipments: Array<{ id: string, number: string, status: ShipmentStatus, carrier: string, service?: string | null, trackingNumber: string, trackingUrl?: string | null, warehouseCode: string, shippedAt: string, deliveredAt?: string | null, lines: Array<{ sku: string, quantity: number }> }>, returns: Array<{ id: string, number: string, type: ReturnType, status: ReturnStatus, reason: string, createdAt: string, refundedAmount: { amount: string, currency: string }, lines: Array<{ sku: string, quantity: number, receivedSellable: number, receivedDamaged: number }> }>, channelReturns: Array<{ id: string, externalId: string, type: ReturnType, status: ReturnStatus, marketplaceStatus: string, reason?: string | null, linked: boolean, modifiedAt: string, amount?: { amount: string, currency: string } | null }>, history: Array<{ at: string, by: string, from?: OrderStatus | null, to: OrderStatus, note: string, source: string }>, notes: Array<{ id: string, kind: OrderNoteKind, text: string, author: string, createdAt: string }> } | null };

export type ReleaseOrderMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  reason?: InputMaybe<HoldReason>;
}>;


export type ReleaseOrderMutation = { releaseOrder: { order?: { id: string, onHold: boolean, holdReasons: Array<HoldReason>, status: OrderStatus } | null, userErrors: Array<{ code: string, message: string, field?: Array<string> | null }> } };

export type MapOrderLineSkuMutationVariables = Exact<{
  orderLineId: Scalars['ID']['input'];
  sku: Scalars['String']['input'];
}>;


export type MapOrderLineSkuMutation = { mapOrderLineSku: { order?: { id: string, onHold: boolean, holdReasons: Array<HoldReason>, status: OrderStatus } | null, userErrors: Array<{ code: string, message: string, field?: Array<string> | null }> } };

export type PrintWarehousesQueryVariables = Exact<{ [key: string]: never; }>;


export type PrintWarehousesQuery = { warehouses: Array<{ code: string, name: string, kind: WarehouseKind, active: boolean }> };

export type PickListHtmlQueryVariables = Exact<{
  warehouseCode: Scalars['String']['input'];
}>;


export type PickListHtmlQuery = { pickListExport: string };

export type WaybillHtmlQueryVariables = Exact<{
  warehouseCode: Scalars['String']['input'];
}>;


export type WaybillHtmlQuery = { waybillExport: string };

export type SalesRowFieldsFragment = { key?: string | null, orders: number, units: number, ordersWithoutBaseRate: number, revenue?: { amount: string, currency: string } | null, baseRevenue?: { amount: string, currency: string } | null };

export type SalesByChannelQueryVariables = Exact<{
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
}>;


export type SalesByChannelQuery = { orderStats: Array<{ key?: string | null, orders: number, units: number, ordersWithoutBaseRate: number, revenue?: { amount: string, currency: string } | null, baseRevenue?: { amount: string, currency: string } | null }> };

export type SalesByDayQueryVariables = Exact<{
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  channelKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type SalesByDayQuery = { orderStats: Array<{ key?: string | null, orders: number, units: number, ordersWithoutBaseRate: number, revenue?: { amount: string, currency: string } | null, baseRevenue?: { amount: string, currency: string } | null }> };

export type StockWarehousesQueryVariables = Exact<{ [key: string]: never; }>;


export type StockWarehousesQuery = { warehouses: Array<{ code: string, name: string, kind: WarehouseKind, channelKey?: string | null, country: string, active: boolean }> };

export type StockLevelsQueryVariables = Exact<{
  filter?: InputMaybe<StockLevelFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type StockLevelsQuery = { stockLevels: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, sku: string, warehouseCode: string, onHand: number, reserved: number, available: number, incoming: number, safetyStock: number, damaged: number, updatedAt: string }> } };

export type SkuLedgerQueryVariables = Exact<{
  sku: Scalars['String']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SkuLedgerQuery = { stockLevels: { nodes: Array<{ id: string, warehouseCode: string, onHand: number, reserved: number, available: number, incoming: number, safetyStock: number, damaged: number }> }, stockMovements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, createdAt: string, type: MovementType, warehouseCode: string, quantity: number, damagedDelta: number, onHandAfter: number, reservedAfter: number, reason: string, referenceType?: string | null, referenceId?: string | null, actor: string }> } };

export type StockChecksQueryVariables = Exact<{ [key: string]: never; }>;


export type StockChecksQuery = { stockDiscrepancies: Array<{ sku: string, warehouseCode: string, onHand: number, ledgerOnHand: number, reserved: number, reservationsReserved: number, damaged: number, ledgerDamaged: number }>, lowStock: Array<{ id: string, sku: string, warehouseCode: string, onHand: number, reserved: number, available: number, incoming: number, safetyStock: number }>, replenishmentSuggestions: Array<{ sku: string, available: number, incoming: number, safetyStock: number, averageDailyShipped: string, leadTimeDays: number, reviewPeriodDays: number, suggestedQuantity: number, supplierName?: string | null, usesDefaults: boolean }> };

export type FulfilmentInboundQueryVariables = Exact<{
  channelKey: Scalars['String']['input'];
}>;


export type FulfilmentInboundQuery = { fulfilmentInboundSuggestions: Array<{ sku: string, warehouseCode: string, available: number, inbound: number, averageDailySold: string, daysOfCover?: string | null, safetyStock: number, suggestedQuantity: number, sendableQuantity: number, sourceWarehouseCode?: string | null, sourceAvailable: number }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ListingRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment ListingRowFields on Listing {
  id
  sku
  title
  status
  locale
  itemId
  updatedAt
  channel {
    id
    key
    name
  }
  price {
    amount
    currency
  }
  issues {
    code
    message
    severity
    attributeNames
  }
  lastError {
    code
    message
    reason
    explanation {
      en
      zh
    }
  }
}
    `, {"fragmentName":"ListingRowFields"}) as unknown as TypedDocumentString<ListingRowFieldsFragment, unknown>;
export const SyncRunFieldsFragmentDoc = new TypedDocumentString(`
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}
    `, {"fragmentName":"SyncRunFields"}) as unknown as TypedDocumentString<SyncRunFieldsFragment, unknown>;
export const ChannelHealthFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChannelHealthFields on Channel {
  id
  key
  name
  kind
  status
  currency
  lastError
  warehouseCodes
  marketplaces {
    id
    label
    currency
    locale
  }
  warnings {
    code
    message
    at
  }
  operationErrors {
    operation
    code
    message
    since
  }
  schedule {
    ordersEveryMinutes
    returnsEveryMinutes
    reconcileEveryHours
  }
}
    `, {"fragmentName":"ChannelHealthFields"}) as unknown as TypedDocumentString<ChannelHealthFieldsFragment, unknown>;
export const OrderRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderRowFields on Order {
  id
  number
  channelKey
  externalId
  status
  placedAt
  onHold
  holdReasons
  totals {
    total {
      amount
      currency
    }
  }
  baseTotals {
    total {
      amount
      currency
    }
  }
}
    `, {"fragmentName":"OrderRowFields"}) as unknown as TypedDocumentString<OrderRowFieldsFragment, unknown>;
export const SalesRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment SalesRowFields on OrderStatsRow {
  key
  orders
  units
  revenue {
    amount
    currency
  }
  baseRevenue {
    amount
    currency
  }
  ordersWithoutBaseRate
}
    `, {"fragmentName":"SalesRowFields"}) as unknown as TypedDocumentString<SalesRowFieldsFragment, unknown>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    expiresAt
    userErrors {
      code
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    name
    email
    department {
      key
      name
      nameZh
    }
    roleAssignments {
      channelIds
      role {
        key
        name
        nameZh
        permissions
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CatalogueProductsDocument = new TypedDocumentString(`
    query CatalogueProducts($search: String, $after: String) {
  products(first: 25, after: $after, filter: {search: $search}) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      title
      status
      images {
        id
      }
      translations {
        locale
        title
        description
      }
      variants {
        id
        sku
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogueProductsQuery, CatalogueProductsQueryVariables>;
export const CatalogueChannelsDocument = new TypedDocumentString(`
    query CatalogueChannels {
  channels {
    id
    key
    name
    kind
    marketplaces {
      id
      label
      locale
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogueChannelsQuery, CatalogueChannelsQueryVariables>;
export const CatalogueListingsDocument = new TypedDocumentString(`
    query CatalogueListings($filter: ListingFilter, $after: String) {
  listings(filter: $filter, first: 50, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...ListingRowFields
    }
  }
}
    fragment ListingRowFields on Listing {
  id
  sku
  title
  status
  locale
  itemId
  updatedAt
  channel {
    id
    key
    name
  }
  price {
    amount
    currency
  }
  issues {
    code
    message
    severity
    attributeNames
  }
  lastError {
    code
    message
    reason
    explanation {
      en
      zh
    }
  }
}`) as unknown as TypedDocumentString<CatalogueListingsQuery, CatalogueListingsQueryVariables>;
export const ProductDetailDocument = new TypedDocumentString(`
    query ProductDetail($id: ID!) {
  product(id: $id) {
    id
    title
    titleEn: title(locale: "en-US")
    description
    status
    brand
    images {
      id
      url
      alt
      position
    }
    translations {
      locale
      title
      description
    }
    variants {
      id
      sku
      optionValues
      status
      price {
        amount
        currency
      }
      stock {
        onHand
        reserved
        available
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProductDetailQuery, ProductDetailQueryVariables>;
export const VariantListingsDocument = new TypedDocumentString(`
    query VariantListings($sku: String!) {
  listings(filter: {sku: $sku}, first: 20) {
    nodes {
      ...ListingRowFields
    }
  }
}
    fragment ListingRowFields on Listing {
  id
  sku
  title
  status
  locale
  itemId
  updatedAt
  channel {
    id
    key
    name
  }
  price {
    amount
    currency
  }
  issues {
    code
    message
    severity
    attributeNames
  }
  lastError {
    code
    message
    reason
    explanation {
      en
      zh
    }
  }
}`) as unknown as TypedDocumentString<VariantListingsQuery, VariantListingsQueryVariables>;
export const ChannelsOverviewDocument = new TypedDocumentString(`
    query ChannelsOverview {
  channels {
    ...ChannelHealthFields
  }
}
    fragment ChannelHealthFields on Channel {
  id
  key
  name
  kind
  status
  currency
  lastError
  warehouseCodes
  marketplaces {
    id
    label
    currency
    locale
  }
  warnings {
    code
    message
    at
  }
  operationErrors {
    operation
    code
    message
    since
  }
  schedule {
    ordersEveryMinutes
    returnsEveryMinutes
    reconcileEveryHours
  }
}`) as unknown as TypedDocumentString<ChannelsOverviewQuery, ChannelsOverviewQueryVariables>;
export const ChannelSummaryDocument = new TypedDocumentString(`
    query ChannelSummary($channelId: ID!) {
  syncRuns(filter: {channelId: $channelId}, first: 20) {
    nodes {
      ...SyncRunFields
    }
  }
  active: listings(filter: {channelId: $channelId, status: ACTIVE}, first: 1) {
    totalCount
  }
  pending: listings(filter: {channelId: $channelId, status: PENDING}, first: 1) {
    totalCount
  }
  publishing: listings(
    filter: {channelId: $channelId, status: PUBLISHING}
    first: 1
  ) {
    totalCount
  }
  draft: listings(filter: {channelId: $channelId, status: DRAFT}, first: 1) {
    totalCount
  }
  error: listings(filter: {channelId: $channelId, status: ERROR}, first: 1) {
    totalCount
  }
  delisted: listings(filter: {channelId: $channelId, status: DELISTED}, first: 1) {
    totalCount
  }
}
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}`) as unknown as TypedDocumentString<ChannelSummaryQuery, ChannelSummaryQueryVariables>;
export const ChannelDetailDocument = new TypedDocumentString(`
    query ChannelDetail($channelId: ID!) {
  channel(id: $channelId) {
    ...ChannelHealthFields
  }
  syncRuns(filter: {channelId: $channelId}, first: 30) {
    nodes {
      ...SyncRunFields
    }
  }
  listingDrift(channelId: $channelId, first: 50) {
    id
    field
    expected
    actual
    foundAt
    fixedAt
    listing {
      id
      sku
      status
    }
  }
}
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}
fragment ChannelHealthFields on Channel {
  id
  key
  name
  kind
  status
  currency
  lastError
  warehouseCodes
  marketplaces {
    id
    label
    currency
    locale
  }
  warnings {
    code
    message
    at
  }
  operationErrors {
    operation
    code
    message
    since
  }
  schedule {
    ordersEveryMinutes
    returnsEveryMinutes
    reconcileEveryHours
  }
}`) as unknown as TypedDocumentString<ChannelDetailQuery, ChannelDetailQueryVariables>;
export const SyncRunErrorsDocument = new TypedDocumentString(`
    query SyncRunErrors($runId: ID!) {
  syncRun(id: $runId) {
    ...SyncRunFields
    errors(first: 50) {
      id
      scope
      kind
      code
      message
      reason
      explanation {
        en
        zh
      }
      externalId
      raw
      createdAt
      resolvedAt
    }
  }
}
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}`) as unknown as TypedDocumentString<SyncRunErrorsQuery, SyncRunErrorsQueryVariables>;
export const StartSyncDocument = new TypedDocumentString(`
    mutation StartSync($channelId: ID!, $scopes: [SyncScope!]!) {
  syncChannel(input: {channelId: $channelId, scopes: $scopes}) {
    syncRun {
      ...SyncRunFields
    }
    userErrors {
      code
      message
      field
    }
  }
}
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}`) as unknown as TypedDocumentString<StartSyncMutation, StartSyncMutationVariables>;
export const RetrySyncRunDocument = new TypedDocumentString(`
    mutation RetrySyncRun($runId: ID!) {
  retrySyncErrors(input: {runId: $runId}) {
    retried
    userErrors {
      code
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RetrySyncRunMutation, RetrySyncRunMutationVariables>;
export const SyncRunLiveDocument = new TypedDocumentString(`
    subscription SyncRunLive($runId: ID!) {
  syncRunUpdated(runId: $runId) {
    ...SyncRunFields
  }
}
    fragment SyncRunFields on SyncRun {
  id
  status
  statusMessage
  scopes
  trigger
  requestedBy
  repeats
  createdAt
  startedAt
  finishedAt
  waitingUntil
  counts {
    fetched
    created
    updated
    skipped
    failed
  }
  jobs {
    total
    done
    failed
  }
}`) as unknown as TypedDocumentString<SyncRunLiveSubscription, SyncRunLiveSubscriptionVariables>;
export const HeldOrdersDocument = new TypedDocumentString(`
    query HeldOrders($holdReason: HoldReason, $after: String) {
  orders(
    filter: {onHold: true, holdReason: $holdReason}
    first: 25
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...OrderRowFields
    }
  }
}
    fragment OrderRowFields on Order {
  id
  number
  channelKey
  externalId
  status
  placedAt
  onHold
  holdReasons
  totals {
    total {
      amount
      currency
    }
  }
  baseTotals {
    total {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<HeldOrdersQuery, HeldOrdersQueryVariables>;
export const OrderSearchDocument = new TypedDocumentString(`
    query OrderSearch($filter: OrderFilter, $after: String) {
  orders(filter: $filter, first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...OrderRowFields
    }
  }
}
    fragment OrderRowFields on Order {
  id
  number
  channelKey
  externalId
  status
  placedAt
  onHold
  holdReasons
  totals {
    total {
      amount
      currency
    }
  }
  baseTotals {
    total {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<OrderSearchQuery, OrderSearchQueryVariables>;
export const OrderDetailDocument = new TypedDocumentString(`
    query OrderDetail($id: ID!) {
  order(id: $id) {
    ...OrderRowFields
    marketplaceStatus
    fulfilledBy
    paymentStatus
    paidAt
    shippedAt
    cancelledAt
    currency
    baseCurrency
    baseRate
    baseRateMissing
    buyer {
      name
      nickname
      phone
      email
    }
    buyerMessage
    sellerMemo
    shippingAddress {
      name
      phone
      country
      province
      city
      district
      address1
      address2
      postalCode
    }
    lines {
      id
      sku
      title
      optionText
      mapped
      quantity
      quantityShipped
      unitPrice {
        amount
        currency
      }
      discount {
        amount
        currency
      }
      paid {
        amount
        currency
      }
    }
    totals {
      subtotal {
        amount
        currency
      }
      shipping {
        amount
        currency
      }
      discount {
        amount
        currency
      }
      tax {
        amount
        currency
      }
      adjustment {
        amount
        currency
      }
      total {
        amount
        currency
      }
      refunded {
        amount
        currency
      }
    }
    baseTotals {
      subtotal {
        amount
        currency
      }
      shipping {
        amount
        currency
      }
      discount {
        amount
        currency
      }
      tax {
        amount
        currency
      }
      adjustment {
        amount
        currency
      }
      total {
        amount
        currency
      }
      refunded {
        amount
        currency
      }
    }
    shipments {
      id
      number
      status
      carrier
      service
      trackingNumber
      trackingUrl
      warehouseCode
      shippedAt
      deliveredAt
      lines {
        sku
        quantity
      }
    }
    returns {
      id
      number
      type
      status
      reason
      createdAt
      refundedAmount {
        amount
        currency
      }
      lines {
        sku
        quantity
        receivedSellable
        receivedDamaged
      }
    }
    channelReturns {
      id
      externalId
      type
      status
      marketplaceStatus
      reason
      amount {
        amount
        currency
      }
      linked
      modifiedAt
    }
    history {
      at
      by
      from
      to
      note
      source
    }
    notes {
      id
      kind
      text
      author
      createdAt
    }
  }
}
    fragment OrderRowFields on Order {
  id
  number
  channelKey
  externalId
  status
  placedAt
  onHold
  holdReasons
  totals {
    total {
      amount
      currency
    }
  }
  baseTotals {
    total {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<OrderDetailQuery, OrderDetailQueryVariables>;
export const ReleaseOrderDocument = new TypedDocumentString(`
    mutation ReleaseOrder($id: ID!, $reason: HoldReason) {
  releaseOrder(id: $id, reason: $reason) {
    order {
      id
      onHold
      holdReasons
      status
    }
    userErrors {
      code
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReleaseOrderMutation, ReleaseOrderMutationVariables>;
export const MapOrderLineSkuDocument = new TypedDocumentString(`
    mutation MapOrderLineSku($orderLineId: ID!, $sku: String!) {
  mapOrderLineSku(orderLineId: $orderLineId, sku: $sku) {
    order {
      id
      onHold
      holdReasons
      status
    }
    userErrors {
      code
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<MapOrderLineSkuMutation, MapOrderLineSkuMutationVariables>;
export const PrintWarehousesDocument = new TypedDocumentString(`
    query PrintWarehouses {
  warehouses {
    code
    name
    kind
    active
  }
}
    `) as unknown as TypedDocumentString<PrintWarehousesQuery, PrintWarehousesQueryVariables>;
export const PickListHtmlDocument = new TypedDocumentString(`
    query PickListHtml($warehouseCode: String!) {
  pickListExport(format: HTML, warehouseCode: $warehouseCode)
}
    `) as unknown as TypedDocumentString<PickListHtmlQuery, PickListHtmlQueryVariables>;
export const WaybillHtmlDocument = new TypedDocumentString(`
    query WaybillHtml($warehouseCode: String!) {
  waybillExport(format: HTML, warehouseCode: $warehouseCode)
}
    `) as unknown as TypedDocumentString<WaybillHtmlQuery, WaybillHtmlQueryVariables>;
export const SalesByChannelDocument = new TypedDocumentString(`
    query SalesByChannel($from: DateTime!, $to: DateTime!) {
  orderStats(from: $from, to: $to, groupBy: CHANNEL) {
    ...SalesRowFields
  }
}
    fragment SalesRowFields on OrderStatsRow {
  key
  orders
  units
  revenue {
    amount
    currency
  }
  baseRevenue {
    amount
    currency
  }
  ordersWithoutBaseRate
}`) as unknown as TypedDocumentString<SalesByChannelQuery, SalesByChannelQueryVariables>;
export const SalesByDayDocument = new TypedDocumentString(`
    query SalesByDay($from: DateTime!, $to: DateTime!, $channelKey: String) {
  orderStats(from: $from, to: $to, groupBy: DAY, channelKey: $channelKey) {
    ...SalesRowFields
  }
}
    fragment SalesRowFields on OrderStatsRow {
  key
  orders
  units
  revenue {
    amount
    currency
  }
  baseRevenue {
    amount
    currency
  }
  ordersWithoutBaseRate
}`) as unknown as TypedDocumentString<SalesByDayQuery, SalesByDayQueryVariables>;
export const StockWarehousesDocument = new TypedDocumentString(`
    query StockWarehouses {
  warehouses {
    code
    name
    kind
    channelKey
    country
    active
  }
}
    `) as unknown as TypedDocumentString<StockWarehousesQuery, StockWarehousesQueryVariables>;
export const StockLevelsDocument = new TypedDocumentString(`
    query StockLevels($filter: StockLevelFilter, $after: String) {
  stockLevels(filter: $filter, first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      sku
      warehouseCode
      onHand
      reserved
      available
      incoming
      safetyStock
      damaged
      updatedAt
    }
  }
}
    `) as unknown as TypedDocumentString<StockLevelsQuery, StockLevelsQueryVariables>;
export const SkuLedgerDocument = new TypedDocumentString(`
    query SkuLedger($sku: String!, $after: String) {
  stockLevels(filter: {sku: $sku}, first: 50) {
    nodes {
      id
      warehouseCode
      onHand
      reserved
      available
      incoming
      safetyStock
      damaged
    }
  }
  stockMovements(filter: {sku: $sku}, first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      createdAt
      type
      warehouseCode
      quantity
      damagedDelta
      onHandAfter
      reservedAfter
      reason
      referenceType
      referenceId
      actor
    }
  }
}
    `) as unknown as TypedDocumentString<SkuLedgerQuery, SkuLedgerQueryVariables>;
export const StockChecksDocument = new TypedDocumentString(`
    query StockChecks {
  stockDiscrepancies {
    sku
    warehouseCode
    onHand
    ledgerOnHand
    reserved
    reservationsReserved
    damaged
    ledgerDamaged
  }
  lowStock(first: 50) {
    id
    sku
    warehouseCode
    onHand
    reserved
    available
    incoming
    safetyStock
  }
  replenishmentSuggestions(first: 50) {
    sku
    available
    incoming
    safetyStock
    averageDailyShipped
    leadTimeDays
    reviewPeriodDays
    suggestedQuantity
    supplierName
    usesDefaults
  }
}
    `) as unknown as TypedDocumentString<StockChecksQuery, StockChecksQueryVariables>;
export const FulfilmentInboundDocument = new TypedDocumentString(`
    query FulfilmentInbound($channelKey: String!) {
  fulfilmentInboundSuggestions(channelKey: $channelKey, first: 50) {
    sku
    warehouseCode
    available
    inbound
    averageDailySold
    daysOfCover
    safetyStock
    suggestedQuantity
    sendableQuantity
    sourceWarehouseCode
    sourceAvailable
  }
}
    `) as unknown as TypedDocumentString<FulfilmentInboundQuery, FulfilmentInboundQueryVariables>;