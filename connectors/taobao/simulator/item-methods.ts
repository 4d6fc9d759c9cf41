import { formatTopTime } from '../top-time';
import { checkPriceInSkuRange, findItem, liveSkus, propertiesName, renderItem, renderSku, syncItemNum } from './item-render';
import { SimHttpError } from '../../sdk/simulator';
import { selectFields, TOP_FIELDS } from './method-fields';
import { businessError, invalidArgument, missingArgument } from './top-envelope';
import type { TopMethods } from './top-method';
import { fen, idListParam, idParam, intParam, optional, pageBody, paging, priceParam, required, timeParam } from './top-params';
import type { Raw, SimItem, SimSku, TopState } from './top-state';

/**
 * The item and SKU methods taobao.md §5 "Listings" names: reads with `fields` projection, SKU
 * price and quantity updates, listing and delisting. The classic taobao.item.add / item.update
 * are not served (22 Invalid Method): the reference says not to build against them.
 */

const MAX_NUM = 900_000_000;
const PROPERTIES = /^\d+:-?\d+(;\d+:-?\d+)*$/;

/** Title length as TOP counts it: 60 characters, a Chinese character counting as two [U]. */
function titleLength(title: string): number {
  let n = 0;
  for (const ch of title) n += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return n;
}

/** A SKU of an item staff create by hand: merchant code, price, quantity, and its properties when they chose them. */
export interface HandMadeSku {
  outer_id?: unknown;
  price?: unknown;
  quantity?: unknown;
  properties?: unknown;
}

/** An item as staff create it in the back office (千牛): what `POST /__sim/items` takes. */
export interface HandMadeItem {
  title?: unknown;
  cid?: unknown;
  outer_id?: unknown;
  price?: unknown;
  num?: unknown;
  approve_status?: unknown;
  skus?: HandMadeSku[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

/**
 * Creates an item the way staff do by hand. The classic item.add is retired (taobao.md §5), so
 * the simulator no longer creates items through the API: tests and the demo make them here,
 * as a seller's staff would in the back office, and the connector links them.
 */
export function createHandMadeItem(state: TopState, body: HandMadeItem, now: Date): SimItem {
  const title = text(body.title);
  if (!title) throw new SimHttpError(400, 'an item needs a title');
  if (titleLength(title) > 60) throw new SimHttpError(400, '宝贝标题不能超过60字符（一个汉字算两个字符）');
  const skus: SimSku[] = (body.skus ?? []).map((k, i) => {
    const price = priceParam({ price: text(k.price) ?? '' }, 'price', true)!;
    const quantity = intParam({ quantity: text(k.quantity) ?? '0' }, 'quantity', { min: 0, max: MAX_NUM })!;
    const properties = text(k.properties) ?? `1627207:${28320 + i}`;
    if (!PROPERTIES.test(properties)) throw new SimHttpError(400, `SKU properties ${properties} must be pid:vid;pid:vid`);
    return { skuId: state.newSkuId(), properties, propertiesName: propertiesName(properties), quantity, price, outerId: text(k.outer_id), status: 'normal' as const, created: now, modified: now };
  });
  if (new Set(skus.map((k) => k.properties)).size !== skus.length) throw new SimHttpError(400, 'two SKUs have the same properties');
  const price = text(body.price) ? priceParam({ price: text(body.price)! }, 'price', true)! : skus.map((k) => k.price).sort((a, b) => (fen(a) < fen(b) ? -1 : 1))[0];
  if (!price) throw new SimHttpError(400, 'an item without SKUs needs a price');
  checkPriceInSkuRange(price, skus.map((k) => k.price));
  const approve = text(body.approve_status) ?? 'onsale';
  if (approve !== 'onsale' && approve !== 'instock') throw new SimHttpError(400, 'approve_status is onsale or instock');
  const item: SimItem = {
    numIid: state.newNumIid(),
    title,
    desc: title,
    cid: BigInt(text(body.cid) ?? '50000436'),
    outerId: text(body.outer_id),
    num: skus.length ? skus.reduce((n, k) => n + k.quantity, 0) : intParam({ num: text(body.num) ?? '0' }, 'num', { min: 0, max: MAX_NUM })!,
    price,
    approveStatus: approve,
    type: 'fixed',
    stuffStatus: 'new',
    location: { state: '浙江', city: '杭州' },
    picUrl: null,
    barcode: null,
    created: now,
    modified: now,
    listTime: approve === 'onsale' ? now : null,
    delistTime: null,
    skus,
  };
  state.items.set(item.numIid.toString(), item);
  return item;
}

function quantityType(params: Record<string, string>): 1 | 2 {
  const type = intParam(params, 'type', { min: 1, max: 2, fallback: 1 });
  return type === 2 ? 2 : 1;
}

/** type 1 sets (never below 0); type 2 adds, clamped at 0 (§11.8). */
function applyQuantity(current: number, value: number, type: 1 | 2, name: string): number {
  if (type === 1) {
    if (value < 0) throw invalidArgument(name, '全量更新时库存必须大于等于0');
    return Math.min(value, MAX_NUM);
  }
  return Math.min(Math.max(0, current + value), MAX_NUM);
}

/** The `item` answer of the quantity updates: num_iid, num, modified and the SKUs touched. */
function quantityAnswer(item: SimItem, touched: SimSku[]): Raw {
  const out: Raw = { num_iid: item.numIid, num: item.num, modified: formatTopTime(item.modified) };
  if (touched.length) out.skus = { sku: touched.map((s) => ({ sku_id: s.skuId, quantity: s.quantity, modified: formatTopTime(s.modified) })) };
  return out;
}

type OrderBy = { column: 'list_time' | 'delist_time' | 'num' | 'modified' | 'sold_quantity'; desc: boolean };

function orderBy(params: Record<string, string>): OrderBy {
  const v = optional(params, 'order_by') ?? 'list_time:desc';
  const m = /^(list_time|delist_time|num|modified|sold_quantity)(?::(asc|desc))?$/.exec(v.trim());
  if (!m) throw invalidArgument('order_by', 'order_by 格式为 column:asc 或 column:desc');
  return { column: m[1] as OrderBy['column'], desc: m[2] !== 'asc' };
}

function sortKey(item: SimItem, column: OrderBy['column']): number {
  switch (column) {
    case 'list_time':
      return item.listTime?.getTime() ?? 0;
    case 'delist_time':
      return item.delistTime?.getTime() ?? 0;
    case 'num':
      return item.num;
    case 'modified':
      return item.modified.getTime();
    default:
      return 0; // nothing is sold in the simulator
  }
}

export const itemMethods: TopMethods = {
  'taobao.items.onsale.get': {
    needsSession: true,
    run({ params, state }) {
      const fields = selectFields('taobao.items.onsale.get', params);
      // 200 per page, and no use_has_next on this method (§5).
      const page = paging(params, 200, false);
      const q = optional(params, 'q');
      const cid = optional(params, 'cid');
      const from = timeParam(params, 'start_modified');
      const to = timeParam(params, 'end_modified');
      const order = orderBy(params);
      const rows = [...state.items.values()]
        .filter((i) => i.approveStatus === 'onsale')
        .filter((i) => !q || i.title.includes(q))
        .filter((i) => !cid || i.cid.toString() === cid.trim())
        .filter((i) => (!from || i.modified >= from) && (!to || i.modified <= to))
        .sort((a, b) => (sortKey(a, order.column) - sortKey(b, order.column)) * (order.desc ? -1 : 1) || (a.numIid < b.numIid ? 1 : -1));
      return pageBody(rows, page, 'items', 'item', (i) => TOP_FIELDS.project(renderItem(i, state), fields));
    },
  },

  'taobao.item.seller.get': {
    needsSession: true,
    run({ params, state }) {
      const fields = selectFields('taobao.item.seller.get', params);
      const item = findItem(state, idParam(params, 'num_iid'));
      return { item: TOP_FIELDS.project(renderItem(item, state), fields) };
    },
  },

  'taobao.item.skus.get': {
    needsSession: true,
    run({ params, state }) {
      const fields = selectFields('taobao.item.skus.get', params);
      const ids = idListParam(params, 'num_iids', 40);
      // Items that are not the seller's are left out, not refused [U].
      const skus = ids.flatMap((id) => {
        const item = state.items.get(id.toString());
        return item ? item.skus.map((s) => TOP_FIELDS.project(renderSku(s, item.numIid), fields)) : [];
      });
      return skus.length ? { skus: { sku: skus } } : {};
    },
  },

  'taobao.item.sku.update': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      const properties = required(params, 'properties').trim();
      const sku = liveSkus(item).find((s) => s.properties === properties);
      if (!sku) throw businessError('isv.sku-not-exist', `商品 ${item.numIid} 没有属性为 ${properties} 的SKU`);
      const quantity = intParam(params, 'quantity', { min: 0, max: MAX_NUM });
      const price = priceParam(params, 'price');
      const itemPrice = priceParam(params, 'item_price');
      const newItemPrice = itemPrice ?? item.price;
      checkPriceInSkuRange(newItemPrice, liveSkus(item).map((s) => (s === sku && price !== null ? price : s.price)));
      if (price !== null) sku.price = price;
      if (quantity !== null) sku.quantity = quantity;
      sku.outerId = optional(params, 'outer_id') ?? sku.outerId;
      sku.modified = now;
      item.price = newItemPrice;
      syncItemNum(item);
      item.modified = now;
      return { sku: { sku_id: sku.skuId, num_iid: item.numIid, modified: formatTopTime(now) } };
    },
  },

  'taobao.item.quantity.update': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      const quantity = intParam(params, 'quantity', { required: true, min: -MAX_NUM, max: MAX_NUM })!;
      const type = quantityType(params);
      const skuIdText = optional(params, 'sku_id');
      const outerId = optional(params, 'outer_id');
      let sku: SimSku | undefined;
      // sku_id wins over outer_id when both are given (§5).
      if (skuIdText !== null) {
        if (!/^\d{1,19}$/.test(skuIdText.trim())) throw invalidArgument('sku_id', 'sku_id 必须是数字 ID');
        sku = liveSkus(item).find((s) => s.skuId === BigInt(skuIdText.trim()));
        if (!sku) throw businessError('isv.sku-not-exist', `商品 ${item.numIid} 没有 SKU ${skuIdText}`);
      } else if (outerId !== null) {
        sku = liveSkus(item).find((s) => s.outerId === outerId);
        if (!sku) throw businessError('isv.sku-not-exist', `商品 ${item.numIid} 没有商家编码为 ${outerId} 的SKU`);
      } else if (liveSkus(item).length) {
        throw businessError('isv.item-num-follows-skus', '商品有SKU时请指定 sku_id 或 outer_id 更新SKU库存');
      }
      if (sku) {
        sku.quantity = applyQuantity(sku.quantity, quantity, type, 'quantity');
        sku.modified = now;
        syncItemNum(item);
      } else {
        item.num = applyQuantity(item.num, quantity, type, 'quantity');
      }
      item.modified = now;
      return { item: quantityAnswer(item, sku ? [sku] : []) };
    },
  },

  'taobao.skus.quantity.update': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      const type = quantityType(params);
      const bySkuId = optional(params, 'skuid_quantities');
      const byOuterId = optional(params, 'outerid_quantities');
      // outerid_quantities only counts when skuid_quantities is empty (metadata, [M]).
      const name = bySkuId !== null ? 'skuid_quantities' : 'outerid_quantities';
      const text = bySkuId ?? byOuterId;
      if (text === null) throw missingArgument('skuid_quantities');
      const pairs = text.split(';').filter((s) => s.trim());
      if (pairs.length > 20) throw invalidArgument(name, `${name} 最多20个SKU`);
      // Every pair is checked before any is applied: the batch lands whole or not at all.
      const changes = pairs.flatMap((pair) => {
        const m = /^\s*([^:]+?)\s*:\s*(-?\d+)\s*$/.exec(pair);
        if (!m) throw invalidArgument(name, `${pair} 格式应为 key:库存`);
        const value = Number(m[2]);
        const targets = bySkuId !== null ? liveSkus(item).filter((s) => s.skuId.toString() === m[1]) : liveSkus(item).filter((s) => s.outerId === m[1]);
        if (!targets.length) throw businessError('isv.sku-not-exist', `商品 ${item.numIid} 没有 SKU ${m[1]}`);
        if (type === 1 && value < 0) throw invalidArgument(name, '全量更新时库存必须大于等于0');
        return targets.map((sku) => ({ sku, value }));
      });
      for (const { sku, value } of changes) {
        sku.quantity = applyQuantity(sku.quantity, value, type, name);
        sku.modified = now;
      }
      syncItemNum(item);
      item.modified = now;
      return { item: quantityAnswer(item, [...new Set(changes.map((c) => c.sku))]) };
    },
  },

  'taobao.item.update.listing': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      const num = intParam(params, 'num', { required: true, min: 1, max: MAX_NUM })!;
      // With SKUs the listed quantity is their sum and num is ignored [U, from the method's doc].
      if (!liveSkus(item).length) item.num = num;
      item.approveStatus = 'onsale';
      item.listTime = now;
      item.modified = now;
      return { item: { num_iid: item.numIid, modified: formatTopTime(now) } };
    },
  },

  'taobao.item.update.delisting': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      item.approveStatus = 'instock';
      item.delistTime = now;
      item.modified = now;
      return { item: { num_iid: item.numIid, modified: formatTopTime(now) } };
    },
  },
};
