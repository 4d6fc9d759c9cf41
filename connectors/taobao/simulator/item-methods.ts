import { formatTopTime } from '../top-time';
import { checkPriceInSkuRange, findItem, liveSkus, propertiesName, renderItem, renderSku, syncItemNum } from './item-render';
import { businessError, invalidArgument, missingArgument } from './top-envelope';
import { parseFields, project } from './top-fields';
import type { TopMethods } from './top-method';
import { idListParam, idParam, intParam, optional, pageBody, paging, priceParam, required, timeParam } from './top-params';
import type { Raw, SimItem, SimSku } from './top-state';

/**
 * The item and SKU methods (taobao.md §5 "Listings"): reads with `fields` projection, the
 * classic item.add/update [U: retired on real TOP, kept because the connector still calls
 * them], SKU price and quantity updates, listing and delisting.
 */

const MAX_NUM = 900_000_000;
const PROPERTIES = /^\d+:-?\d+(;\d+:-?\d+)*$/;

/** Title length as TOP counts it: 60 characters, a Chinese character counting as two [U]. */
function titleLength(title: string): number {
  let n = 0;
  for (const ch of title) n += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return n;
}

function splitList(value: string | null): string[] {
  return value === null ? [] : value.split(',').map((s) => s.trim());
}

/** The SKUs item.add creates from `sku_properties` and its parallel comma lists. */
function skusFromParams(params: Record<string, string>, newId: () => bigint, now: Date): SimSku[] {
  const props = splitList(optional(params, 'sku_properties'));
  if (props.length === 0) return [];
  const quantities = splitList(required(params, 'sku_quantities'));
  const prices = splitList(required(params, 'sku_prices'));
  const outerIds = splitList(optional(params, 'sku_outer_ids'));
  if (quantities.length !== props.length) throw invalidArgument('sku_quantities', 'sku_quantities 的个数必须与 sku_properties 相同');
  if (prices.length !== props.length) throw invalidArgument('sku_prices', 'sku_prices 的个数必须与 sku_properties 相同');
  if (outerIds.length && outerIds.length !== props.length) throw invalidArgument('sku_outer_ids', 'sku_outer_ids 的个数必须与 sku_properties 相同');
  const seen = new Set<string>();
  return props.map((p, i) => {
    if (!PROPERTIES.test(p)) throw invalidArgument('sku_properties', `SKU 属性 ${p} 格式应为 pid:vid;pid:vid`);
    if (seen.has(p)) throw invalidArgument('sku_properties', `SKU 属性 ${p} 重复`);
    seen.add(p);
    const quantity = intParam({ sku_quantities: quantities[i] }, 'sku_quantities', { min: 0, max: MAX_NUM, required: true })!;
    const price = priceParam({ sku_prices: prices[i] }, 'sku_prices', true)!;
    return { skuId: newId(), properties: p, propertiesName: propertiesName(p), quantity, price, outerId: outerIds[i] || null, status: 'normal' as const, created: now, modified: now };
  });
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
      const spec = parseFields(params);
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
      return pageBody(rows, page, 'items', 'item', (i) => project(renderItem(i, state), spec));
    },
  },

  'taobao.item.seller.get': {
    needsSession: true,
    run({ params, state }) {
      const spec = parseFields(params);
      const item = findItem(state, idParam(params, 'num_iid'));
      return { item: project(renderItem(item, state), spec) };
    },
  },

  'taobao.item.skus.get': {
    needsSession: true,
    run({ params, state }) {
      const spec = parseFields(params);
      const ids = idListParam(params, 'num_iids', 40);
      // Items that are not the seller's are left out, not refused [U].
      const skus = ids.flatMap((id) => {
        const item = state.items.get(id.toString());
        return item ? item.skus.map((s) => project(renderSku(s, item.numIid), spec)) : [];
      });
      return skus.length ? { skus: { sku: skus } } : {};
    },
  },

  'taobao.item.add': {
    needsSession: true,
    run({ params, state, now }) {
      const num = intParam(params, 'num', { required: true, min: 0, max: MAX_NUM })!;
      const price = priceParam(params, 'price', true)!;
      const type = required(params, 'type');
      if (type !== 'fixed' && type !== 'auction') throw invalidArgument('type', 'type 可选值 fixed(一口价), auction(拍卖)');
      const stuffStatus = required(params, 'stuff_status');
      if (!['new', 'second', 'unused'].includes(stuffStatus)) throw invalidArgument('stuff_status', 'stuff_status 可选值 new, second, unused');
      const title = required(params, 'title');
      if (titleLength(title) > 60) throw invalidArgument('title', '宝贝标题不能超过60字符（一个汉字算两个字符）');
      const desc = required(params, 'desc');
      if (desc.length > 25000) throw invalidArgument('desc', '宝贝描述不能超过25000字符');
      const location = { state: required(params, 'location.state'), city: required(params, 'location.city') };
      const cid = idParam(params, 'cid');
      const approve = optional(params, 'approve_status') ?? 'onsale';
      if (approve !== 'onsale' && approve !== 'instock') throw invalidArgument('approve_status', 'approve_status 可选值 onsale, instock');
      const skus = skusFromParams(params, () => state.newSkuId(), now);
      if (skus.length) {
        const sum = skus.reduce((n, s) => n + s.quantity, 0);
        if (sum !== num) throw businessError('isv.item-num-not-equal-sku-quantity-sum', `商品数量 ${num} 必须等于所有SKU数量之和 ${sum}`);
        checkPriceInSkuRange(price, skus.map((s) => s.price));
      }
      const item: SimItem = {
        numIid: state.newNumIid(),
        title,
        desc,
        cid,
        outerId: optional(params, 'outer_id'),
        num,
        price,
        approveStatus: approve,
        type,
        stuffStatus,
        location,
        picUrl: optional(params, 'pic_path'),
        barcode: optional(params, 'barcode'),
        created: now,
        modified: now,
        listTime: approve === 'onsale' ? now : null,
        delistTime: null,
        skus,
      };
      state.items.set(item.numIid.toString(), item);
      return { item: { num_iid: item.numIid, created: formatTopTime(now) } };
    },
  },

  'taobao.item.update': {
    needsSession: true,
    run({ params, state, now }) {
      const item = findItem(state, idParam(params, 'num_iid'));
      const price = priceParam(params, 'price');
      const num = intParam(params, 'num', { min: 0, max: MAX_NUM });
      const title = optional(params, 'title');
      if (title !== null && titleLength(title) > 60) throw invalidArgument('title', '宝贝标题不能超过60字符（一个汉字算两个字符）');
      const skus = liveSkus(item);
      if (num !== null && skus.length) throw businessError('isv.item-num-follows-skus', '商品有SKU时数量等于SKU数量之和，请更新SKU库存');
      if (price !== null) checkPriceInSkuRange(price, skus.map((s) => s.price));
      if (price !== null) item.price = price;
      if (num !== null) item.num = num;
      if (title !== null) item.title = title;
      item.desc = optional(params, 'desc') ?? item.desc;
      item.outerId = optional(params, 'outer_id') ?? item.outerId;
      item.modified = now;
      return { item: { num_iid: item.numIid, modified: formatTopTime(now) } };
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
