import crypto from 'node:crypto';
import { BusinessRefusal, invalidParameter, missingParameter } from './ae-envelope';
import type { AeCall, AeMethods } from './ae-method';
import type { AeState, Raw, SimProduct, SimSku } from './ae-state';
import { formatPacific } from './ae-time';
import { compareDecimal, DECIMAL } from './money';
import { idDigits, parseWireJson, wireId } from './wire-json';

/**
 * Products (aliexpress.md §5 "Product post / edit", "Stock / price"): the photo bank, posting and
 * editing with multi-language subjects and descriptions, the mandatory brand attribute and
 * photo-bank images, taking products off sale and back, reading them, and the batch stock and
 * price updates with their limits and per-product failures.
 */

export const POST = 'aliexpress.solution.product.post';
export const EDIT = 'aliexpress.solution.product.edit';
export const INVENTORY_UPDATE = 'aliexpress.solution.batch.product.inventory.update';
export const PRICE_UPDATE = 'aliexpress.solution.batch.product.price.update';
export const PHOTOBANK_UPLOAD = 'aliexpress.photobank.redefining.uploadimageforsdk';
/**
 * Taking products off sale and back. The metadata snapshot has no delisting method; these are the
 * documented AliExpress ones (IOP and TOP SDKs: `product_ids`, ids separated by `;`, answer
 * `result{success, modify_count, error_code, error_message, error_details}`) [U: not in the
 * metadata snapshot].
 */
export const OFFLINE = 'aliexpress.postproduct.redefining.offlineaeproduct';
export const ONLINE = 'aliexpress.postproduct.redefining.onlineaeproduct';
/** Reading products back [U: shapes from the SDKs' GlobalAeopFindProductResultDto, not the metadata snapshot]. */
export const INFO = 'aliexpress.solution.product.info.get';
export const LIST = 'aliexpress.solution.product.list.get';

/** Product languages (`language`, and each subject's and description's) [M]. */
export const LANGUAGES = new Set(['en', 'ru', 'es', 'fr', 'it', 'tr', 'pt', 'de', 'nl', 'in', 'ar', 'ja', 'ko', 'th', 'vi', 'iw']);
/** The brand attribute, mandatory since 2021-10-15 [S]. */
export const BRAND_ATTRIBUTE_ID = 2;
/** At most 20 products per batch call, 200 SKUs per product [M]. */
export const MAX_BATCH_PRODUCTS = 20;
export const MAX_BATCH_SKUS = 200;
/** At most this many ids per off/on-sale call [U]. */
const MAX_STATUS_IDS = 50;
const MAX_IMAGE_BYTES = 3 * 1024 * 1024;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/** A refusal of post/edit: `result{success:false, error_code, error_message}` [U: the metadata lists only product_id]. */
function productRefusal(code: string, message: string): BusinessRefusal {
  return new BusinessRefusal({ result: { success: false, error_code: code, error_message: message } }, code, message);
}

function numberIn(value: unknown, min: number, max: number): boolean {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max;
}

function decimalIn(value: unknown, min: string, max: string): value is string {
  return typeof value === 'string' && DECIMAL.test(value) && compareDecimal(value, min) >= 0 && compareDecimal(value, max) <= 0;
}

/** Every image URL a product request names must be in the seller's photo bank (since 2022-08-11, [S]). */
function checkImages(state: AeState, dto: Raw): void {
  const urls: string[] = [];
  if (dto.main_image_urls_list !== undefined) {
    const list = dto.main_image_urls_list as unknown[];
    if (list.length < 1 || list.length > 6) throw productRefusal('IMAGE_COUNT_INVALID', 'main_image_urls_list holds 1 to 6 images');
    urls.push(...(list as string[]));
  }
  for (const m of (dto.marketing_images as Raw[] | undefined) ?? []) if (typeof m.image_url === 'string') urls.push(m.image_url);
  for (const sku of (dto.sku_info_list as Raw[] | undefined) ?? []) {
    for (const a of (sku.sku_attributes_list as Raw[] | undefined) ?? []) {
      for (const key of ['sku_image_url', 'sku_image']) if (typeof a[key] === 'string' && a[key]) urls.push(a[key] as string);
    }
  }
  const outside = urls.filter((u) => !state.photos.has(u.trim()));
  if (outside.length) {
    throw productRefusal('IMAGE_NOT_IN_PHOTOBANK', `images must be uploaded with ${PHOTOBANK_UPLOAD} first; not in the photo bank: ${outside.slice(0, 3).join(', ')}`);
  }
}

/** Subjects or descriptions by language: known languages, the main one among them [M: "Must contains the original locale"]. */
function checkLanguages(list: unknown, main: string, what: string): void {
  const entries = list as Raw[];
  for (const e of entries) if (typeof e.language !== 'string' || !LANGUAGES.has(e.language)) throw productRefusal('LANGUAGE_INVALID', `${what}: unsupported language ${JSON.stringify(e.language)}`);
  if (!entries.some((e) => e.language === main)) throw productRefusal('MAIN_LANGUAGE_MISSING', `${what} must contain the product's main language ${main}`);
}

function checkSubjects(list: unknown, main: string): void {
  checkLanguages(list, main, 'multi_language_subject_list');
  for (const e of list as Raw[]) {
    const s = e.subject;
    if (typeof s !== 'string' || s.trim().length === 0 || [...s].length > 218) throw productRefusal('SUBJECT_INVALID', `the ${String(e.language)} subject must be 1 to 218 characters`);
  }
}

function checkBrand(attributes: unknown): void {
  const list = (attributes as Raw[] | undefined) ?? [];
  const brand = list.find((a) => String(a.aliexpress_attribute_name_id) === String(BRAND_ATTRIBUTE_ID));
  if (!brand || (brand.aliexpress_attribute_value_id === undefined && (typeof brand.attribute_value !== 'string' || !brand.attribute_value.trim()))) {
    throw productRefusal('BRAND_REQUIRED', `the brand attribute (aliexpress_attribute_name_id ${BRAND_ATTRIBUTE_ID}) with a value is mandatory`);
  }
}

/** The SKUs of a post or edit (all of them: an edit's list replaces the product's). */
function readSkus(list: unknown): SimSku[] {
  const skus = (list as Raw[]).map((s, i): SimSku => {
    const { sku_code, price, discount_price, inventory, ...extra } = s;
    if (typeof sku_code !== 'string' || !sku_code.trim()) throw productRefusal('SKU_CODE_REQUIRED', `sku_info_list[${i}].sku_code is required`);
    if (!decimalIn(price, '0.01', '999999')) throw productRefusal('PRICE_INVALID', `${sku_code}: price must be a decimal string from 0.01 to 999999`);
    if (discount_price !== undefined && discount_price !== null && discount_price !== '' && (!decimalIn(discount_price, '0.01', '999999') || compareDecimal(discount_price, price) >= 0)) {
      throw productRefusal('DISCOUNT_PRICE_INVALID', `${sku_code}: discount_price must be below the price`);
    }
    // "stock. Maximum:999999, minumum:1" [M].
    if (!numberIn(inventory, 1, 999999) || !Number.isInteger(Number(inventory))) throw productRefusal('INVENTORY_INVALID', `${sku_code}: inventory must be a whole number from 1 to 999999`);
    return { sku_code, price, discount_price: typeof discount_price === 'string' && discount_price ? discount_price : null, inventory: Number(inventory), extra };
  });
  const codes = new Set<string>();
  for (const s of skus) {
    if (codes.has(s.sku_code)) throw productRefusal('SKU_CODE_DUPLICATE', `sku_code ${s.sku_code} appears twice in sku_info_list`);
    codes.add(s.sku_code);
  }
  return skus;
}

/** The package and logistics fields of a post, by the ranges the metadata gives. */
function checkShipping(dto: Raw): void {
  if (dto.weight !== undefined && !decimalIn(dto.weight, '0.001', '500')) throw productRefusal('WEIGHT_INVALID', 'weight is in kg, a decimal string from 0.001 to 500');
  for (const f of ['package_length', 'package_height', 'package_width']) if (dto[f] !== undefined && !numberIn(dto[f], 1, 700)) throw productRefusal('PACKAGE_SIZE_INVALID', `${f} is in cm, from 1 to 700`);
  if (dto.inventory_deduction_strategy !== undefined && !['place_order_withhold', 'payment_success_deduct'].includes(String(dto.inventory_deduction_strategy))) {
    throw productRefusal('PARAM_INVALID', 'inventory_deduction_strategy is place_order_withhold or payment_success_deduct');
  }
  if (dto.shipping_lead_time !== undefined && !numberIn(dto.shipping_lead_time, 1, 60)) throw productRefusal('PARAM_INVALID', 'shipping_lead_time is 1 to 60 days');
}

function productOf(state: AeState, id: unknown): SimProduct | undefined {
  const digits = idDigits(id);
  return digits === null ? undefined : state.products.get(digits);
}

/** The batch updates' shared walk: limits, then each product on its own, all its SKUs or none. */
function batchUpdate(call: AeCall, apply: (product: SimProduct, skus: Raw[], entry: Raw) => string | null): Raw {
  const list = call.values.mutiple_product_update_list as Raw[];
  const refuseAll = (code: string, message: string) => new BusinessRefusal({ update_success: false, update_error_code: code, update_error_message: message }, code, message);
  if (list.length === 0) throw refuseAll('PARAM_INVALID', 'mutiple_product_update_list is empty');
  if (list.length > MAX_BATCH_PRODUCTS) throw refuseAll('PRODUCT_COUNT_EXCEED_LIMIT', `at most ${MAX_BATCH_PRODUCTS} products per call; ${list.length} were sent`);
  const succeeded: Raw[] = [];
  const failed: Raw[] = [];
  for (const entry of list) {
    const product = productOf(call.state, entry.product_id);
    const skus = entry.multiple_sku_update_list as Raw[];
    // Ids go back as AliExpress writes them, bare numbers, however the caller sent them.
    const digits = idDigits(entry.product_id);
    const fail = (code: string, message: string) => failed.push({ product_id: digits === null ? entry.product_id : wireId(digits), error_code: code, error_message: message });
    if (!product) {
      fail('PRODUCT_NOT_FOUND', `product ${String(entry.product_id)} does not exist or does not belong to this seller`);
      continue;
    }
    if (!skus.length) {
      fail('SKU_LIST_EMPTY', `multiple_sku_update_list of product ${product.productId} is empty`);
      continue;
    }
    if (skus.length > MAX_BATCH_SKUS) {
      fail('SKU_COUNT_EXCEED_LIMIT', `at most ${MAX_BATCH_SKUS} SKUs per product; ${skus.length} were sent`);
      continue;
    }
    const unknown = skus.find((s) => !product.skus.some((k) => k.sku_code === s.sku_code));
    if (unknown) {
      fail('SKU_NOT_FOUND', `product ${product.productId} has no SKU ${String(unknown.sku_code)}`);
      continue;
    }
    const problem = apply(product, skus, entry);
    if (problem) {
      fail(problem.split(':')[0], problem.slice(problem.indexOf(':') + 1).trim());
      continue;
    }
    product.modified = call.now;
    succeeded.push({ product_id: product.productId });
  }
  // "Only all the products … updated successfully will make the success to be true" [M]; empty lists are left out [U].
  const body: Raw = { update_success: failed.length === 0 };
  if (succeeded.length) body.update_successful_list = succeeded;
  if (failed.length) body.update_failed_list = failed;
  if (!succeeded.length) throw new BusinessRefusal(body, String(failed[0].error_code), String(failed[0].error_message));
  return body;
}

/** The product as product.info.get answers it (wire lists already wrapped: the method has no metadata to write them). */
function renderProduct(state: AeState, p: SimProduct): Raw {
  const f = p.fields;
  const subjects = ((f.multi_language_subject_list as Raw[] | undefined) ?? []).map((s) => ({ locale: s.language, subject: s.subject }));
  const descriptions = ((f.multi_language_description_list as Raw[] | undefined) ?? []).map((d) => ({ locale: d.language, web_detail: d.web_detail, mobile_detail: d.mobile_detail }));
  const attributes = ((f.attribute_list as Raw[] | undefined) ?? []).map((a) =>
    Object.fromEntries(
      Object.entries({ attr_name_id: a.aliexpress_attribute_name_id, attr_value_id: a.aliexpress_attribute_value_id, attr_name: a.attribute_name, attr_value: a.attribute_value }).filter(([, v]) => v !== undefined),
    ),
  );
  const main = subjects.find((s) => s.locale === p.language)?.subject ?? f.subject;
  const out: Raw = {
    product_id: p.productId,
    product_status_type: p.status,
    subject: main,
    currency_code: state.currency,
    category_id: f.aliexpress_category_id ?? f.category_id,
    freight_template_id: f.freight_template_id,
    promise_template_id: f.service_policy_id,
    delivery_time: f.shipping_lead_time,
    reduce_strategy: f.inventory_deduction_strategy,
    gross_weight: f.weight,
    package_length: f.package_length,
    package_width: f.package_width,
    package_height: f.package_height,
    product_unit: f.product_unit,
    sizechart_id: f.size_chart_id,
    group_id: f.group_id,
    image_u_r_ls: ((f.main_image_urls_list as string[] | undefined) ?? []).join(';'),
    gmt_create: formatPacific(p.created),
    gmt_modified: formatPacific(p.modified),
    owner_member_id: state.userNick,
    multi_language_subject_list: { global_subject: subjects },
    multi_language_description_list: { global_description: descriptions },
    aeop_ae_product_propertys: { global_aeop_ae_product_property: attributes },
    aeop_ae_product_s_k_us: {
      global_aeop_ae_product_sku: p.skus.map((s) => {
        const props = ((s.extra.sku_attributes_list as Raw[] | undefined) ?? []).map((a) =>
          Object.fromEntries(
            Object.entries({ sku_property_id: a.sku_attribute_name_id, property_value_id: a.sku_attribute_value_id, property_value_definition_name: a.sku_attribute_value, sku_image: a.sku_image_url ?? a.sku_image }).filter(([, v]) => v !== undefined),
          ),
        );
        const id = props.length ? props.map((a) => `${String(a.sku_property_id)}:${String(a.property_value_id)}`).join(';') : '<none>';
        const sku: Raw = { id, sku_code: s.sku_code, sku_price: s.price, ipm_sku_stock: s.inventory, sku_stock: s.inventory > 0, currency_code: state.currency };
        if (s.discount_price !== null) sku.sku_discount_price = s.discount_price;
        if (typeof s.extra.ean_code === 'string') sku.barcode = s.extra.ean_code;
        if (props.length) sku.aeop_s_k_u_property_list = { global_aeop_sku_property: props };
        return sku;
      }),
    },
  };
  if (f.multi_country_price_configuration !== undefined) out.multi_country_price_configuration = f.multi_country_price_configuration;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== null));
}

/** Parses a JSON-string parameter of a method without metadata. */
function jsonParam(params: Readonly<Record<string, string>>, name: string, required: boolean): Raw | undefined {
  const raw = params[name];
  if (raw === undefined || raw.trim() === '') {
    if (required) throw missingParameter(name);
    return undefined;
  }
  try {
    const v = parseWireJson(raw);
    if (!isObject(v)) throw new Error('not an object');
    return v;
  } catch {
    throw invalidParameter(name, 'must be a JSON object string');
  }
}

/** Takes products off sale or puts them back (the two methods differ only in the status they set). */
function setStatus(status: SimProduct['status']) {
  return ({ params, state, now }: AeCall): Raw => {
    const raw = params.product_ids;
    if (raw === undefined || raw.trim() === '') throw missingParameter('product_ids');
    const ids = raw.split(';').map((s) => s.trim()).filter(Boolean);
    if (ids.length > MAX_STATUS_IDS || ids.some((s) => !/^\d{1,19}$/.test(s))) throw invalidParameter('product_ids', `up to ${MAX_STATUS_IDS} product ids separated by ;`);
    const missing = ids.filter((id) => !state.products.has(id));
    const found = ids.filter((id) => state.products.has(id));
    for (const id of found) {
      const p = state.products.get(id)!;
      p.status = status;
      p.modified = now;
    }
    const result: Raw = { success: missing.length === 0, modify_count: found.length };
    if (missing.length) {
      result.error_code = 'PRODUCT_NOT_FOUND';
      result.error_message = `products not found: ${missing.join(';')}`;
      result.error_details = { error_detail: [{ error_code: 'PRODUCT_NOT_FOUND', product_ids: { number: missing.map((m) => BigInt(m)) } }] };
    }
    if (!found.length) throw new BusinessRefusal({ result }, 'PRODUCT_NOT_FOUND', String(result.error_message));
    return { result };
  };
}

export const productMethods: AeMethods = {
  [PHOTOBANK_UPLOAD]: {
    run({ params, files, state, now }) {
      const refuse = (code: string, message: string) => new BusinessRefusal({ result: { is_success: false, error_code: code, error_message: message } }, code, message);
      const fileName = params.file_name;
      if (fileName === undefined || fileName.trim() === '') throw missingParameter('file_name');
      if (fileName.length > 256) throw invalidParameter('file_name', 'at most 256 characters');
      const file = files.image_bytes;
      const size = file ? file.size : params.image_bytes !== undefined ? Buffer.byteLength(params.image_bytes, 'utf8') : 0;
      if (!file && !params.image_bytes) throw missingParameter('image_bytes');
      if (size > MAX_IMAGE_BYTES) throw refuse('IMAGE_TOO_LARGE', 'an image is at most 3 MB');
      const ext = /\.(jpe?g|png|gif)$/i.exec(fileName)?.[0]?.toLowerCase();
      if (!ext) throw refuse('IMAGE_TYPE_INVALID', 'file_name must end in .jpg, .jpeg, .png or .gif');
      // Photo-bank URLs have this look on AliExpress's CDN [U: the exact host varies].
      const url = `https://ae01.alicdn.com/kf/S${crypto.randomBytes(16).toString('hex')}${ext}`;
      state.photos.set(url, { url, fileName, groupId: params.group_id?.trim() || null, bytes: size, at: now });
      const used = [...state.photos.values()].reduce((n, p) => n + p.bytes, 0);
      return {
        result: {
          is_success: true,
          status: 'SUCCESS',
          photobank_url: url,
          file_name: fileName,
          width: 800,
          height: 800,
          photobank_total_size: '2048',
          photobank_used_size: (used / (1024 * 1024)).toFixed(2),
        },
      };
    },
  },

  [POST]: {
    run({ values, state, now }) {
      const dto = values.post_product_request as Raw;
      const language = String(dto.language);
      if (!LANGUAGES.has(language)) throw productRefusal('LANGUAGE_INVALID', `unsupported main language ${language}`);
      const subjects = dto.multi_language_subject_list ?? (typeof dto.subject === 'string' ? [{ language, subject: dto.subject }] : []);
      checkSubjects(subjects, language);
      if (dto.multi_language_description_list !== undefined) checkLanguages(dto.multi_language_description_list, language, 'multi_language_description_list');
      if (dto.aliexpress_category_id === undefined && dto.category_id === undefined) throw productRefusal('CATEGORY_REQUIRED', 'aliexpress_category_id is required [U]');
      checkBrand(dto.attribute_list);
      checkImages(state, dto);
      checkShipping(dto);
      const skus = readSkus(dto.sku_info_list);
      if (!skus.length) throw productRefusal('SKU_REQUIRED', 'sku_info_list must hold at least one SKU');
      const { sku_info_list: _skus, ...fields } = dto;
      const product: SimProduct = {
        productId: state.newProductId(),
        status: 'onSelling',
        language,
        fields: { ...fields, multi_language_subject_list: subjects },
        skus,
        created: now,
        modified: now,
      };
      state.products.set(product.productId.toString(), product);
      return { result: { product_id: product.productId } };
    },
  },

  [EDIT]: {
    run({ values, state, now }) {
      const dto = values.edit_product_request as Raw;
      const product = productOf(state, dto.product_id);
      if (!product) throw productRefusal('PRODUCT_NOT_FOUND', `product ${String(dto.product_id)} does not exist or does not belong to this seller`);
      if (dto.multi_language_subject_list !== undefined) checkSubjects(dto.multi_language_subject_list, product.language);
      if (dto.multi_language_description_list !== undefined) checkLanguages(dto.multi_language_description_list, product.language, 'multi_language_description_list');
      // The brand stays mandatory: an attribute list that replaces the product's must carry it.
      if (dto.attribute_list !== undefined) checkBrand(dto.attribute_list);
      checkImages(state, dto);
      checkShipping(dto);
      // "If specified this field, all the previous skus will be replaced by the new skus" [M].
      const skus = dto.sku_info_list !== undefined ? readSkus(dto.sku_info_list) : null;
      if (skus && !skus.length) throw productRefusal('SKU_REQUIRED', 'sku_info_list, when given, must hold at least one SKU');
      const { sku_info_list: _skus, product_id: _id, ...fields } = dto;
      product.fields = { ...product.fields, ...fields };
      if (skus) product.skus = skus;
      product.modified = now;
      return { result: { product_id: product.productId } };
    },
  },

  [OFFLINE]: { run: setStatus('offline') },
  [ONLINE]: { run: setStatus('onSelling') },

  [INFO]: {
    run({ params, state }) {
      const raw = params.product_id;
      if (raw === undefined || raw.trim() === '') throw missingParameter('product_id');
      if (!/^\d{1,19}$/.test(raw.trim())) throw invalidParameter('product_id', 'must be a product id');
      const product = state.products.get(raw.trim());
      if (!product) throw new BusinessRefusal({ result: { error_code: 'PRODUCT_NOT_FOUND', error_message: `product ${raw} does not exist or does not belong to this seller` } }, 'PRODUCT_NOT_FOUND', `product ${raw} not found`);
      return { result: renderProduct(state, product) };
    },
  },

  [LIST]: {
    run({ params, state }) {
      const q = jsonParam(params, 'aeop_a_e_product_list_query', true)!;
      const page = Number(q.current_page ?? 1);
      const size = Number(q.page_size ?? 20);
      // "每页查询商品数量。输入值小于100，默认20" (SDK).
      if (!Number.isInteger(page) || page < 1) throw invalidParameter('aeop_a_e_product_list_query.current_page', 'a whole number from 1');
      if (!Number.isInteger(size) || size < 1 || size >= 100) throw invalidParameter('aeop_a_e_product_list_query.page_size', 'a whole number from 1 to 99');
      const statusType = q.product_status_type;
      if (statusType === undefined) throw missingParameter('aeop_a_e_product_list_query.product_status_type');
      if (!['onSelling', 'offline', 'auditing', 'editingRequired'].includes(String(statusType))) throw invalidParameter('aeop_a_e_product_list_query.product_status_type', 'onSelling, offline, auditing or editingRequired');
      const onlyId = q.product_id === undefined ? null : idDigits(q.product_id);
      const rows = [...state.products.values()]
        .filter((p) => p.status === statusType && (onlyId === null || p.productId.toString() === onlyId))
        .sort((a, b) => b.modified - a.modified || (b.productId > a.productId ? 1 : -1));
      const served = rows.slice((page - 1) * size, page * size);
      const result: Raw = { success: true, current_page: page, product_count: rows.length, total_page: Math.ceil(rows.length / size) };
      if (served.length) {
        result.aeop_a_e_product_display_d_t_o_list = {
          item_display_dto: served.map((p) => {
            const prices = p.skus.map((s) => s.discount_price ?? s.price).sort(compareDecimal);
            const subject = ((p.fields.multi_language_subject_list as Raw[] | undefined) ?? []).find((s) => s.language === p.language)?.subject;
            return {
              product_id: p.productId,
              subject,
              product_min_price: prices[0],
              product_max_price: prices[prices.length - 1],
              currency_code: state.currency,
              image_u_r_ls: ((p.fields.main_image_urls_list as string[] | undefined) ?? []).join(';'),
              freight_template_id: p.fields.freight_template_id,
              gmt_create: formatPacific(p.created),
              gmt_modified: formatPacific(p.modified),
              owner_member_id: state.userNick,
            };
          }),
        };
      }
      return { result };
    },
  },

  [INVENTORY_UPDATE]: {
    run(call) {
      return batchUpdate(call, (product, skus) => {
        for (const s of skus) if (!numberIn(s.inventory, 0, 999999) || !Number.isInteger(Number(s.inventory))) return `INVENTORY_INVALID: ${String(s.sku_code)}: inventory must be a whole number from 0 to 999999`;
        for (const s of skus) product.skus.find((k) => k.sku_code === s.sku_code)!.inventory = Number(s.inventory);
        return null;
      });
    },
  },

  [PRICE_UPDATE]: {
    run(call) {
      return batchUpdate(call, (product, skus, entry) => {
        for (const s of skus) {
          if (!decimalIn(s.price, '0.01', '999999')) return `PRICE_INVALID: ${String(s.sku_code)}: price must be a decimal string from 0.01 to 999999`;
          const d = s.discount_price;
          if (d !== undefined && d !== null && d !== '' && (!decimalIn(d, '0.01', '999999') || compareDecimal(d as string, s.price as string) >= 0)) {
            return `DISCOUNT_PRICE_INVALID: ${String(s.sku_code)}: discount_price must be below the price`;
          }
        }
        for (const s of skus) {
          const sku = product.skus.find((k) => k.sku_code === s.sku_code)!;
          sku.price = s.price as string;
          // "discount_price of an sku. If not set, the discount_price will be erased." [M]
          sku.discount_price = typeof s.discount_price === 'string' && s.discount_price !== '' ? s.discount_price : null;
        }
        if (entry.multi_country_price_configuration !== undefined) product.fields.multi_country_price_configuration = entry.multi_country_price_configuration;
        return null;
      });
    },
  },
};
