import type { RefusalExplanation } from '../sdk/types';

/**
 * What staff read beside Amazon's own code and message (`Listing.lastError`, `SyncError`), in
 * English and Chinese: SP-API's common error codes (amazon.md §6; the codes beyond InvalidInput
 * are [U] as SP-API answers them), Login with Amazon's grant refusals, the Listings issue codes
 * staff meet most [U], and the connector's own codes (refusals made before anything is sent).
 */
export const AMAZON_REFUSALS: Record<string, RefusalExplanation> = {
  // SP-API's error codes.
  InvalidInput: {
    reason: 'MARKETPLACE_REFUSED',
    en: 'Amazon refused the request as sent (invalid input): read Amazon’s message for the field it names, correct it and try again.',
    zh: '亚马逊拒绝了提交的请求（输入无效）：请根据亚马逊提示修改相应字段后重试。',
  },
  NotFound: { reason: 'NOT_FOUND', en: 'Amazon has no such order or listing for this seller.', zh: '该卖家在亚马逊上没有此订单或商品。' },
  Unauthorized: {
    reason: 'CREDENTIALS_REFUSED',
    en: 'Amazon refused the access token even after a refresh: the seller must authorise the app again (new refresh token), or the app lacks the SP-API role this call needs.',
    zh: '亚马逊拒绝了访问令牌（刷新后仍被拒绝）：请卖家重新授权应用（新的刷新令牌），或应用缺少该接口所需的 SP-API 角色。',
  },
  AccessDenied: {
    reason: 'PERMISSION_DENIED',
    en: 'Amazon does not let this app make this call for the seller: grant the app the SP-API role it needs in the Developer Central.',
    zh: '亚马逊不允许该应用为此卖家调用该接口：请在开发者中心为应用授予所需的 SP-API 角色。',
  },
  QuotaExceeded: { reason: 'RATE_LIMITED', en: 'Over Amazon’s usage plan for this call: the call waits for the plan to refill and goes again.', zh: '超出亚马逊该接口的调用额度：将等待额度恢复后自动重试。' },
  InternalFailure: { reason: 'MARKETPLACE_UNAVAILABLE', en: 'Amazon had an internal failure; the call is tried again.', zh: '亚马逊内部错误，将自动重试。' },
  ServiceUnavailable: { reason: 'MARKETPLACE_UNAVAILABLE', en: 'Amazon’s service is unavailable for now; the call is tried again.', zh: '亚马逊服务暂时不可用，将自动重试。' },
  // Login with Amazon (the refresh grant).
  invalid_grant: {
    reason: 'CREDENTIALS_REFUSED',
    en: 'Login with Amazon refused the refresh token (revoked, or for another app): the seller must authorise the app again and the new refresh token be entered.',
    zh: 'Login with Amazon 拒绝了刷新令牌（已撤销或属于其他应用）：请卖家重新授权并填写新的刷新令牌。',
  },
  invalid_client: { reason: 'CREDENTIALS_REFUSED', en: 'Login with Amazon refused the app’s client id or secret: check the channel’s clientId and clientSecret.', zh: 'Login with Amazon 拒绝了应用的 Client ID 或密钥：请检查 clientId 和 clientSecret。' },
  unauthorized_client: { reason: 'CREDENTIALS_REFUSED', en: 'Login with Amazon does not let this app use the refresh grant: check the app’s LWA settings.', zh: 'Login with Amazon 不允许该应用使用刷新授权：请检查应用的 LWA 设置。' },
  // Listings issue codes staff meet most [U].
  '90220': { reason: 'LISTING_INCOMPLETE', en: 'Amazon needs an attribute the product type requires: add the attribute Amazon names to the listing.', zh: '亚马逊需要该商品类型的必填属性：请在商品属性中补充亚马逊提示的属性。' },
  '99010': { reason: 'LISTING_INCOMPLETE', en: 'Amazon needs more product data (a required attribute is missing or invalid).', zh: '亚马逊需要更多商品信息（缺少或填写错误的必填属性）。' },
  '8541': { reason: 'LISTING_CONFLICT', en: 'The listing’s data conflicts with Amazon’s catalogue for that ASIN: check the identifiers and attributes.', zh: '商品信息与亚马逊目录中该 ASIN 的数据冲突：请检查商品编码和属性。' },
  '8572': { reason: 'LISTING_INCOMPLETE', en: 'Amazon needs a product identifier (UPC/EAN/GTIN) or an exemption for the brand.', zh: '亚马逊需要商品编码（UPC/EAN/GTIN）或品牌豁免。' },
  '18027': { reason: 'LISTING_ON_HOLD', en: 'Amazon holds the listing for review (a restricted or approval-required product).', zh: '亚马逊暂停了该商品以待审核（受限或需审批的商品）。' },
  // The connector's own codes.
  CREDENTIALS_MISSING: { reason: 'CREDENTIALS_REFUSED', en: 'The channel’s credentials lack the app’s clientId, clientSecret or the sellerId.', zh: '渠道凭证缺少应用的 clientId、clientSecret 或 sellerId。' },
  NO_REFRESH_TOKEN: { reason: 'CREDENTIALS_REFUSED', en: 'The channel has no refresh token: the seller must authorise the app and the refresh token be entered.', zh: '渠道没有刷新令牌：请卖家授权应用并填写刷新令牌。' },
  MARKETPLACES_MIXED_REGIONS: {
    reason: 'CHANNEL_SETUP',
    en: 'An Amazon channel is one seller account in one region (NA, EU or FE): its marketplaces must all be in that region. Make one channel per region.',
    zh: '一个亚马逊渠道对应一个地区（北美、欧洲或远东）的卖家账户：其所有站点必须属于同一地区。请按地区分别建立渠道。',
  },
  REGION_MISMATCH: { reason: 'CHANNEL_SETUP', en: 'The channel’s region setting does not match the region of its marketplaces.', zh: '渠道的地区设置与其站点所属地区不一致。' },
  REGION_INVALID: { reason: 'CHANNEL_SETUP', en: 'The channel’s region setting must be NA, EU or FE.', zh: '渠道的地区设置必须为 NA、EU 或 FE。' },
  MARKETPLACE_UNKNOWN: { reason: 'CHANNEL_SETUP', en: 'The channel names an Amazon marketplace the connector does not know.', zh: '渠道包含连接器不认识的亚马逊站点。' },
  CURRENCY_MISMATCH: { reason: 'CURRENCY_MISMATCH', en: 'The price is in another currency than the Amazon marketplace sells in.', zh: '价格币种与亚马逊站点币种不一致。' },
  INVALID_PRICE: { reason: 'INVALID_PRICE', en: 'Amazon takes positive prices with at most two decimals.', zh: '亚马逊价格必须为正数，最多两位小数。' },
  INVALID_QUANTITY: { reason: 'INVALID_QUANTITY', en: 'A quantity must be a whole number of 0 or more.', zh: '数量必须为大于等于 0 的整数。' },
  TITLE_REQUIRED: { reason: 'LISTING_INCOMPLETE', en: 'An Amazon listing needs a title in each marketplace’s language.', zh: '亚马逊商品在每个站点都需要该站点语言的标题。' },
  NO_MARKETPLACE: { reason: 'LISTING_INCOMPLETE', en: 'The listing could be priced on none of the channel’s Amazon marketplaces.', zh: '该商品无法在渠道的任何亚马逊站点定价。' },
  SUBMISSION_INVALID: { reason: 'MARKETPLACE_REFUSED', en: 'Amazon refused the listing (status INVALID): read the issues Amazon listed per attribute, correct them and publish again.', zh: '亚马逊拒绝了该商品（INVALID）：请按亚马逊列出的各属性问题修改后重新发布。' },
  LISTING_NOT_FOUND: { reason: 'LISTING_NOT_FOUND', en: 'Amazon has no listing of this SKU on the channel’s marketplaces: publish it again.', zh: '亚马逊在渠道站点上没有此 SKU 的商品：请重新发布。' },
  AMAZON_FULFILLED: {
    reason: 'AMAZON_FULFILLED',
    en: 'Amazon fulfils this order or SKU (FBA): Amazon ships it and keeps its stock, so we send neither a shipment nor a quantity.',
    zh: '该订单或 SKU 由亚马逊配送（FBA）：由亚马逊发货并管理库存，我们不推送发货或库存。',
  },
  ORDER_NOT_FOUND: { reason: 'ORDER_NOT_FOUND', en: 'Amazon has no such order for this seller.', zh: '该卖家在亚马逊上没有此订单。' },
  LINE_NOT_FOUND: { reason: 'ORDER_NOT_FOUND', en: 'The Amazon order has none of the items the parcel names.', zh: '亚马逊订单中没有包裹所列的商品。' },
  NOTHING_TO_SHIP: { reason: 'ORDER_ALREADY_SHIPPED', en: 'Amazon shows every unit of the order shipped already: the parcel was not sent.', zh: '亚马逊显示该订单已全部发货，此包裹未推送。' },
  TRACKING_REQUIRED: { reason: 'TRACKING_REQUIRED', en: 'Amazon shipment confirmations need a tracking number.', zh: '亚马逊发货确认需要运单号。' },
  CARRIER_REQUIRED: { reason: 'CARRIER_UNMAPPED', en: 'The parcel names no carrier (Amazon needs a carrier code, or Other with the carrier’s name).', zh: '包裹没有承运商（亚马逊需要承运商代码，或 Other 加承运商名称）。' },
  FEED_FATAL: { reason: 'MARKETPLACE_REFUSED', en: 'Amazon could not process the bulk feed (FATAL): the values are sent again.', zh: '亚马逊无法处理批量上传文件（FATAL）：将重新推送。' },
  FEED_CANCELLED: { reason: 'MARKETPLACE_UNAVAILABLE', en: 'The bulk feed was cancelled before Amazon processed it: the values are sent again.', zh: '批量上传文件在处理前被取消：将重新推送。' },
  FEED_NO_RESULT: { reason: 'MARKETPLACE_UNAVAILABLE', en: 'Amazon’s feed report said nothing of this SKU: it is sent again.', zh: '亚马逊的上传报告未提及此 SKU：将重新推送。' },
};
