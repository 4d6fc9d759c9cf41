import { stringifyJsonExact } from '../sdk/exact-json';

/**
 * The business parameters of each AliExpress call, built as plain objects with the metadata's
 * names ([M]: ../shared/marketplaces/specs/aliexpress-top-metadata; requests.test.ts walks every
 * builder against it), and how they go on the wire: an object or array parameter is one form
 * field holding its JSON text, signed exactly as sent; ids the metadata types as Number are
 * bare integers in that text, written from BigInt so a 64-bit product or order id keeps every
 * digit.
 */

/** A 64-bit id as the BigInt the JSON text writes bare. */
export function idNumber(id: string): bigint {
  if (!/^\d{1,20}$/.test(id.trim())) throw new Error(`${id} is not a numeric AliExpress id`);
  return BigInt(id.trim());
}

/** Business parameters on the wire: objects and arrays as JSON text, other values as text; absent ones left out. */
export function wireParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'object' ? stringifyJsonExact(v) : String(v);
  }
  return out;
}

// --- Orders -------------------------------------------------------------------------------

/** `OrderQuery` (order.get `param0`): dates are US Pacific wall-clock text. */
export interface OrderQuery {
  current_page: number;
  page_size: number;
  create_date_start?: string;
  create_date_end?: string;
  modified_date_start?: string;
  modified_date_end?: string;
  order_status?: string;
  order_status_list?: string[];
  buyer_login_id?: string;
}

export function orderListParams(query: OrderQuery): { param0: OrderQuery } {
  return { param0: query };
}

/**
 * order.info.get `param1`. `ext_info_bit_flag` is left out: left empty, every detail comes back
 * (issue, loan, logistics, buyer, refund), and the metadata's own example contradicts its bit
 * order, so no mask is trusted.
 */
export function orderDetailParams(orderId: string): { param1: { order_id: bigint } } {
  return { param1: { order_id: idNumber(orderId) } };
}

export interface FulfilArgs {
  orderId: string;
  /** `all`: every unit still to ship goes in this parcel; `part`: some stay behind. */
  sendType: 'all' | 'part';
  /** The logistics service key (`CAINIAO_STANDARD`, `EMS`…, or `other`). */
  serviceName: string;
  trackingNumber: string;
  /** Required when the service is `other`: where the buyer follows the parcel. */
  trackingWebsite?: string | null;
  /** English remarks, at most 512 characters. */
  description?: string | null;
}

export function fulfilParams(a: FulfilArgs): Record<string, string> {
  const out: Record<string, string> = { out_ref: a.orderId, send_type: a.sendType, service_name: a.serviceName, logistics_no: a.trackingNumber };
  if (a.trackingWebsite) out.tracking_website = a.trackingWebsite;
  if (a.description) out.description = a.description.slice(0, 512);
  return out;
}

// --- Stock and prices ----------------------------------------------------------------------

/** At most this many products per batch call, and SKUs per product ([M], §5). */
export const MAX_BATCH_PRODUCTS = 20;
export const MAX_BATCH_SKUS = 200;

export interface SkuInventory {
  sku_code: string;
  inventory: number;
}

export interface SkuPrice {
  sku_code: string;
  price: string;
  /** Left out, AliExpress erases the SKU's discount: always sent when there is one. */
  discount_price?: string;
}

export interface ProductUpdate<T> {
  product_id: bigint;
  multiple_sku_update_list: T[];
}

/** The parameter name is AliExpress's own spelling (`mutiple`), part of the API. */
export function inventoryParams(products: ProductUpdate<SkuInventory>[]): { mutiple_product_update_list: ProductUpdate<SkuInventory>[] } {
  return { mutiple_product_update_list: products };
}

export function priceParams(products: ProductUpdate<SkuPrice>[]): { mutiple_product_update_list: ProductUpdate<SkuPrice>[] } {
  return { mutiple_product_update_list: products };
}

/**
 * Splits per-product SKU updates into calls of at most `maxProducts` products and `maxSkus` SKUs
 * per product. A product with more SKUs is split into several entries, never two in the same
 * call (whether one call may name a product twice is not said, so it never does).
 */
export function chunkProductUpdates<T>(products: { productId: string; skus: T[] }[], maxProducts = MAX_BATCH_PRODUCTS, maxSkus = MAX_BATCH_SKUS): { productId: string; skus: T[] }[][] {
  const pieces: { productId: string; skus: T[] }[] = [];
  for (const p of products) for (let i = 0; i < p.skus.length; i += maxSkus) pieces.push({ productId: p.productId, skus: p.skus.slice(i, i + maxSkus) });
  const calls: { productId: string; skus: T[] }[][] = [];
  for (const piece of pieces) {
    // The first call with room that does not name this product yet.
    let call = calls.find((c) => c.length < maxProducts && !c.some((x) => x.productId === piece.productId));
    if (!call) calls.push((call = []));
    call.push(piece);
  }
  return calls;
}

// --- Products ------------------------------------------------------------------------------

export interface SingleLanguageTitle {
  language: string;
  subject: string;
}

export interface SingleLanguageDescription {
  language: string;
  web_detail?: string;
  mobile_detail?: string;
}

export interface ProductAttribute {
  aliexpress_attribute_name_id?: number;
  aliexpress_attribute_value_id?: number;
  attribute_name?: string;
  attribute_value?: string;
}

export interface SkuAttribute {
  sku_attribute_name_id?: number;
  sku_attribute_value_id?: number;
  /** Deprecated by AliExpress in favour of the id, sent only when staff gave no id. */
  sku_attribute_name?: string;
  sku_attribute_value?: string;
  sku_image_url?: string;
}

export interface SkuInfo {
  sku_code: string;
  price: string;
  discount_price?: string;
  inventory: number;
  sku_attributes_list?: SkuAttribute[];
  ean_code?: string;
}

/** `PostProductRequestDto` as the connector fills it (the metadata's tree; fields we never send are not typed). */
export interface PostProductRequest {
  language: string;
  multi_language_subject_list: SingleLanguageTitle[];
  multi_language_description_list?: SingleLanguageDescription[];
  aliexpress_category_id: number;
  main_image_urls_list: string[];
  attribute_list: ProductAttribute[];
  sku_info_list: SkuInfo[];
  inventory_deduction_strategy: string;
  weight: string;
  package_length: number;
  package_height: number;
  package_width: number;
  freight_template_id: number;
  shipping_lead_time: number;
  service_policy_id: number;
  product_unit?: number;
  size_chart_id?: number;
  brand_name?: string;
}

export function productPostParams(dto: PostProductRequest): { post_product_request: PostProductRequest } {
  return { post_product_request: dto };
}

/**
 * `edit_product_request`: the same DTO with `product_id`, without `language` (fixed once the
 * product is up) and `product_unit` (the edit call does not take it, [M]). Without
 * `sku_info_list` the SKUs stay as they are; with it, they are replaced by the list ([M]), so a
 * list that leaves a SKU out deletes it.
 */
export type EditProductRequest = Omit<Partial<PostProductRequest>, 'language' | 'product_unit'> & { product_id: bigint };

/** A SKU attribute as the edit call names its fields: the picture is `sku_image` there, `sku_image_url` in post ([M]). */
type EditSkuAttribute = Omit<SkuAttribute, 'sku_image_url'> & { sku_image?: string };
type EditSkuInfo = Omit<SkuInfo, 'sku_attributes_list'> & { sku_attributes_list?: EditSkuAttribute[] };
export type EditProductWire = Omit<EditProductRequest, 'sku_info_list'> & { sku_info_list?: EditSkuInfo[] };

export function productEditParams(dto: EditProductRequest): { edit_product_request: EditProductWire } {
  // A caller handing over a post request as it is must not send what edit does not take.
  const { sku_info_list: skus, ...rest } = dto as EditProductRequest & { language?: unknown; product_unit?: unknown };
  delete rest.language;
  delete rest.product_unit;
  const wire: EditProductWire = { ...rest };
  if (skus) {
    wire.sku_info_list = skus.map(({ sku_attributes_list: attrs, ...sku }) => {
      if (!attrs) return sku;
      return { ...sku, sku_attributes_list: attrs.map(({ sku_image_url: image, ...a }) => (image ? { ...a, sku_image: image } : a)) };
    });
  }
  return { edit_product_request: wire };
}

/** aliexpress.solution.product.info.get (not in the reference's snapshot; the same metadata source, apiId 42383) [U]. */
export function productInfoParams(productId: string): { product_id: bigint } {
  return { product_id: idNumber(productId) };
}

/** aliexpress.solution.product.list.get's `ItemListQuery` (apiId 42384) [U]: `product_status_type` is required. */
export interface ProductListQuery {
  product_status_type: 'onSelling' | 'offline' | 'auditing' | 'editingRequired';
  current_page: number;
  page_size: number;
  sku_code?: string;
}

export function productListParams(query: ProductListQuery): { aeop_a_e_product_list_query: ProductListQuery } {
  return { aeop_a_e_product_list_query: query };
}

/** aliexpress.postproduct.redefining.offlineaeproduct / onlineaeproduct [U]: product ids joined by `;`, at most 50. */
export function productIdsParams(productIds: string[]): { product_ids: string } {
  return { product_ids: productIds.map((id) => idNumber(id).toString()).join(';') };
}
