import { formatTopTime } from '../top-time';
import { businessError } from './top-envelope';
import { fen } from './top-params';
import type { Raw, SimItem, SimSku, TopState } from './top-state';

/** Items and SKUs in TOP's Item/Sku shapes (absent values left out, as TOP does). */

function compact(record: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

export function renderSku(sku: SimSku, numIid: bigint): Raw {
  return compact({
    sku_id: sku.skuId,
    num_iid: numIid,
    properties: sku.properties,
    properties_name: sku.propertiesName,
    quantity: sku.quantity,
    price: sku.price,
    outer_id: sku.outerId,
    status: sku.status,
    created: formatTopTime(sku.created),
    modified: formatTopTime(sku.modified),
  });
}

export function renderItem(item: SimItem, state: TopState): Raw {
  return compact({
    num_iid: item.numIid,
    title: item.title,
    nick: state.seller.nick,
    type: item.type,
    cid: item.cid,
    desc: item.desc,
    outer_id: item.outerId,
    num: item.num,
    price: item.price,
    approve_status: item.approveStatus,
    stuff_status: item.stuffStatus,
    location: item.location,
    pic_url: item.picUrl,
    barcode: item.barcode,
    created: formatTopTime(item.created),
    modified: formatTopTime(item.modified),
    list_time: item.listTime ? formatTopTime(item.listTime) : null,
    delist_time: item.delistTime ? formatTopTime(item.delistTime) : null,
    // A deleted SKU is gone from the item; skus.get still shows it, with status delete [U].
    skus: liveSkus(item).length ? { sku: liveSkus(item).map((s) => renderSku(s, item.numIid)) } : null,
  });
}

/** The item, or the isv error TOP gives for an item that is not the seller's [U sub_code]. */
export function findItem(state: TopState, numIid: bigint): SimItem {
  const item = state.items.get(numIid.toString());
  if (!item) throw businessError('isv.item-not-exist', `商品 ${numIid} 不存在或不属于当前卖家`);
  return item;
}

export const liveSkus = (item: SimItem) => item.skus.filter((s) => s.status === 'normal');

/**
 * TOP keeps an item's price inside the range its SKU prices span (taobao.item.sku.update
 * metadata, [M]: "修改后的sku价格要保证商品的价格在所有sku价格所形成的价格区间内"); `item_price`
 * exists to move the item's price along with a SKU's.
 */
export function checkPriceInSkuRange(itemPrice: string, skuPrices: string[]): void {
  if (skuPrices.length === 0) return;
  const p = fen(itemPrice);
  const all = skuPrices.map(fen);
  const min = all.reduce((a, b) => (b < a ? b : a));
  const max = all.reduce((a, b) => (b > a ? b : a));
  if (p < min || p > max) {
    throw businessError('isv.item-price-not-in-sku-price-range', `商品价格 ${itemPrice} 必须在所有SKU价格形成的区间内；可用 item_price 同时修改商品价格`);
  }
}

/** Item num is the sum of its SKUs' quantities (taobao.item.sku.update metadata, [M]). */
export function syncItemNum(item: SimItem): void {
  const skus = liveSkus(item);
  if (skus.length) item.num = skus.reduce((n, s) => n + s.quantity, 0);
}

/** Sales-property names for `properties_name`: a few ids as seen in TOP examples [U], the rest generic. */
const PROPERTY_NAMES: Record<string, string> = { '1627207': '颜色分类', '20509': '尺码', '122216343': '套餐类型' };
const VALUE_NAMES: Record<string, string> = { '28320': '白色', '28326': '红色', '28338': '蓝色', '28341': '黑色', '28314': 'S', '28315': 'M', '28316': 'L', '28317': 'XL' };

export function propertiesName(properties: string): string {
  return properties
    .split(';')
    .map((pv) => {
      const [pid, vid] = pv.split(':');
      return `${pid}:${vid}:${PROPERTY_NAMES[pid] ?? `属性${pid}`}:${VALUE_NAMES[vid] ?? `自定义${vid}`}`;
    })
    .join(';');
}
