import type { RefusalExplanation } from '../sdk/types';

/**
 * What staff read beside eBay's own errorId and message (`Listing.lastError`, `SyncError`), in
 * English and Chinese: the Inventory API's common errorIds (ebay.md §7 [O]), the token and quota
 * errors, and the connector's own codes (refusals made before anything is sent).
 */
export const EBAY_REFUSALS: Record<string, RefusalExplanation> = {
  // eBay's errorIds.
  '25001': { reason: 'MARKETPLACE_UNAVAILABLE', en: 'eBay had a system error; the call is tried again.', zh: 'eBay 系统错误，将自动重试。' },
  '25002': {
    reason: 'MARKETPLACE_REFUSED',
    en: 'eBay refused the listing as sent (a user error): read eBay’s message for the field it names, correct it and publish again.',
    zh: 'eBay 拒绝了提交的商品（用户错误）：请根据 eBay 提示修改相应字段后重新发布。',
  },
  '25003': { reason: 'INVALID_PRICE', en: 'eBay refused the price (too low, too high or in the wrong currency for the site).', zh: 'eBay 拒绝了价格（过低、过高或与站点币种不符）。' },
  '25004': { reason: 'INVALID_QUANTITY', en: 'eBay refused the quantity: it must be a whole number of 0 or more.', zh: 'eBay 拒绝了数量：必须为大于等于 0 的整数。' },
  '25005': { reason: 'INVALID_CATEGORY', en: 'eBay does not take this category on the site (not a leaf category, or not on that site): set the listing’s eBay category.', zh: '该站点不接受此类目（非末级类目或不属于该站点）：请修改商品的 eBay 类目。' },
  '25007': {
    reason: 'LISTING_INCOMPLETE',
    en: 'eBay refused the fulfilment (shipping) policy: check the channel’s fulfillmentPolicyId for that site (setting fulfillmentPolicyId.EBAY_XX).',
    zh: 'eBay 拒绝了运费政策：请检查渠道在该站点的 fulfillmentPolicyId 设置（fulfillmentPolicyId.EBAY_XX）。',
  },
  '25008': {
    reason: 'LISTING_INCOMPLETE',
    en: 'eBay refused the payment policy: check the channel’s paymentPolicyId for that site (setting paymentPolicyId.EBAY_XX).',
    zh: 'eBay 拒绝了付款政策：请检查渠道在该站点的 paymentPolicyId 设置（paymentPolicyId.EBAY_XX）。',
  },
  '25009': {
    reason: 'LISTING_INCOMPLETE',
    en: 'eBay refused the return policy: check the channel’s returnPolicyId for that site (setting returnPolicyId.EBAY_XX).',
    zh: 'eBay 拒绝了退货政策：请检查渠道在该站点的 returnPolicyId 设置（returnPolicyId.EBAY_XX）。',
  },
  '25012': { reason: 'LISTING_INCOMPLETE', en: 'eBay does not know the inventory location: check the channel’s merchantLocationKey setting.', zh: 'eBay 找不到库存地点：请检查渠道的 merchantLocationKey 设置。' },
  '25014': { reason: 'IMAGES_REQUIRED', en: 'eBay refused the pictures: at least one https image is needed, at most 24 (12 per variation).', zh: 'eBay 拒绝了图片：至少需要一张 https 图片，最多 24 张（每个变体 12 张）。' },
  '25015': { reason: 'IMAGES_REQUIRED', en: 'eBay could not read a picture: check the image URLs (https, reachable, large enough).', zh: 'eBay 无法读取图片：请检查图片地址（https、可访问、尺寸足够）。' },
  '25017': { reason: 'LISTING_INCOMPLETE', en: 'eBay needs more fields before publishing (title, description, aspects the category requires, condition…).', zh: 'eBay 发布前需要更多信息（标题、描述、类目必填属性、成色等）。' },
  '25020': { reason: 'LISTING_INCOMPLETE', en: 'eBay refused the package weight or size: set the listing’s packageWeightAndSize attribute.', zh: 'eBay 拒绝了包裹重量或尺寸：请设置商品的 packageWeightAndSize 属性。' },
  '25021': { reason: 'LISTING_INCOMPLETE', en: 'eBay does not take this item condition in the category: set the condition (setting or attribute).', zh: '该类目不接受此商品成色：请在设置或属性中修改 condition。' },
  '25701': { reason: 'LISTING_NOT_FOUND', en: 'eBay no longer has this SKU: publish the listing again.', zh: 'eBay 上已没有此 SKU：请重新发布。' },
  '25096': { reason: 'LISTING_ON_HOLD', en: 'eBay put the listing on hold for a policy violation: fix it in eBay Seller Hub, then update the listing.', zh: 'eBay 因违反政策暂停了该商品：请在 eBay 卖家中心处理后再更新。' },
  '25097': { reason: 'LISTING_ON_HOLD', en: 'eBay put the listing on hold: it cannot be revised until eBay releases it.', zh: 'eBay 暂停了该商品，解除前无法修改。' },
  '25753': { reason: 'MARKETPLACE_REFUSED', en: 'eBay refused the listing start date (it is in the past).', zh: 'eBay 拒绝了上架开始时间（早于当前时间）。' },
  '1001': { reason: 'CREDENTIALS_REFUSED', en: 'eBay refused the access token and a new one could not be obtained: the seller must authorise the app again.', zh: 'eBay 拒绝了访问令牌且无法刷新：请卖家重新授权应用。' },
  '1100': {
    reason: 'USER_TOKEN_REQUIRED',
    en: 'eBay refused the token for the Sell APIs: the channel needs the seller’s User token (consent with the sell.inventory and sell.fulfillment scopes), not an Application token.',
    zh: 'eBay 拒绝了该令牌访问卖家 API：渠道需要卖家授权的用户令牌（包含 sell.inventory 和 sell.fulfillment 权限），而不是应用令牌。',
  },
  '2001': { reason: 'RATE_LIMITED', en: 'Over eBay’s call quota for this app and seller: the calls wait and go again.', zh: '超出 eBay 对该应用和卖家的调用配额：将等待后重试。' },
  invalid_grant: {
    reason: 'CREDENTIALS_REFUSED',
    en: 'eBay refused the refresh token (expired, revoked or for another app): the seller must authorise the app again and the new refresh token be entered.',
    zh: 'eBay 拒绝了刷新令牌（已过期、已撤销或属于其他应用）：请卖家重新授权并填写新的刷新令牌。',
  },
  invalid_client: { reason: 'CREDENTIALS_REFUSED', en: 'eBay refused the app’s client id or secret: check the channel’s clientId and clientSecret.', zh: 'eBay 拒绝了应用的 Client ID 或密钥：请检查 clientId 和 clientSecret。' },
  invalid_scope: {
    reason: 'USER_TOKEN_REQUIRED',
    en: 'The seller’s consent does not cover the scopes needed (sell.inventory, sell.fulfillment): authorise the app again with them.',
    zh: '卖家授权未包含所需权限（sell.inventory、sell.fulfillment）：请重新授权。',
  },
  // The connector's own codes.
  NO_REFRESH_TOKEN: { reason: 'USER_TOKEN_REQUIRED', en: 'The channel has no refresh token: the seller must authorise the app (User token).', zh: '渠道没有刷新令牌：请卖家授权应用（用户令牌）。' },
  APPLICATION_TOKEN: { reason: 'USER_TOKEN_REQUIRED', en: 'eBay gave an Application token, which cannot call the seller’s APIs: the seller must authorise the app.', zh: 'eBay 返回的是应用令牌，无法调用卖家 API：请卖家授权应用。' },
  LISTING_SETUP_MISSING: {
    reason: 'LISTING_INCOMPLETE',
    en: 'An eBay listing needs a category and, on each site, a fulfilment, payment and return policy and an inventory location: set them in the channel’s settings (per site where they differ) or as listing attributes.',
    zh: 'eBay 商品需要类目，并在每个站点设置运费、付款、退货政策和库存地点：请在渠道设置（不同站点可分别设置）或商品属性中填写。',
  },
  CURRENCY_MISMATCH: { reason: 'CURRENCY_MISMATCH', en: 'The price is in another currency than the eBay site sells in.', zh: '价格币种与 eBay 站点币种不一致。' },
  INVALID_PRICE: { reason: 'INVALID_PRICE', en: 'eBay takes positive prices with at most two decimals.', zh: 'eBay 价格必须为正数，最多两位小数。' },
  TITLE_TOO_LONG: { reason: 'TITLE_TOO_LONG', en: 'eBay titles have at most 80 characters: shorten the title (or its translation).', zh: 'eBay 标题最多 80 个字符：请缩短标题（或其翻译）。' },
  TITLE_REQUIRED: { reason: 'LISTING_INCOMPLETE', en: 'An eBay listing needs a title.', zh: 'eBay 商品需要标题。' },
  ASPECT_TOO_LONG: { reason: 'LISTING_INCOMPLETE', en: 'eBay aspect names have at most 40 characters and values at most 50: shorten the attribute.', zh: 'eBay 属性名最多 40 个字符、属性值最多 50 个字符：请缩短。' },
  NO_SITE: { reason: 'LISTING_INCOMPLETE', en: 'The listing could be priced on none of the channel’s eBay sites.', zh: '该商品无法在渠道的任何 eBay 站点定价。' },
  LISTING_NOT_FOUND: { reason: 'LISTING_NOT_FOUND', en: 'eBay has no offer of this SKU on the channel’s sites: publish the listing again.', zh: 'eBay 在渠道站点上没有此 SKU 的报价：请重新发布。' },
  ORDER_NOT_FOUND: { reason: 'ORDER_NOT_FOUND', en: 'eBay has no such order for this seller.', zh: '该卖家在 eBay 上没有此订单。' },
  LINE_NOT_FOUND: { reason: 'ORDER_NOT_FOUND', en: 'The eBay order has none of the lines the parcel names.', zh: 'eBay 订单中没有包裹所列的订单行。' },
  TRACKING_REQUIRED: { reason: 'TRACKING_REQUIRED', en: 'eBay shipments need a tracking number.', zh: 'eBay 发货需要运单号。' },
  CARRIER_REQUIRED: { reason: 'CARRIER_UNMAPPED', en: 'The parcel names no eBay carrier code: map the carrier in the channel’s carrier table.', zh: '包裹没有 eBay 承运商代码：请在渠道承运商表中映射。' },
};
