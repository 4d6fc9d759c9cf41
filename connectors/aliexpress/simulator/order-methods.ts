import { BusinessRefusal } from './ae-envelope';
import type { AeMethods } from './ae-method';
import type { AeState, Raw } from './ae-state';
import { formatPacific, parsePacific } from './ae-time';
import {
  changeOrder,
  createdAt,
  detailOf,
  INFO_GET,
  listItemOf,
  modifiedAt,
  ORDER_GET,
  ORDER_STATUSES,
  QUERIED_SEPARATELY,
  setOrderStatus,
} from './order-records';
import { idDigits } from './wire-json';

/**
 * Orders (aliexpress.md §5, §9.5, §9.7): the order list by created or modified time in US
 * Pacific time, paged by current_page/page_size with total_count/total_page; the detail by id
 * with the extra information its bit flag asks for; fulfilment with its status rules.
 */

export const FULFILL = 'aliexpress.solution.order.fulfill';

/** The largest page order.get serves [U: not documented; 50, as AliExpress's older order list allowed]. */
export const DEFAULT_MAX_ORDER_PAGE_SIZE = 50;

/**
 * Logistics service keys fulfil takes (service_name), as aliexpress.logistics.redefining.
 * listlogisticsservice names them, with their display names [U: a common subset; the real list
 * is per seller]. `other` needs tracking_website.
 */
export const LOGISTICS_SERVICES: Readonly<Record<string, string>> = {
  CAINIAO_STANDARD: 'AliExpress Standard Shipping',
  CAINIAO_PREMIUM: 'AliExpress Premium Shipping',
  CAINIAO_ECONOMY: 'AliExpress Saver Shipping',
  CAINIAO_SUPER_ECONOMY: 'Cainiao Super Economy',
  AE_CN_SUPER_ECONOMY_G: 'Cainiao Super Economy Global',
  EMS: 'EMS',
  E_EMS: 'e-EMS',
  CPAM: 'China Post Registered Air Mail',
  CPAP: 'China Post Air Parcel',
  YANWEN_JYT: 'Yanwen',
  SF: 'SF Express',
  SF_EPARCEL: 'SF eParcel',
  DHL: 'DHL',
  UPS: 'UPS Express Saver',
  UPSE: 'UPS Expedited',
  FEDEX: 'Fedex IP',
  FEDEX_IE: 'Fedex IE',
  TNT: 'TNT',
  ARAMEX: 'ARAMEX',
  USPS: 'USPS',
  DPD: 'DPD',
  other: 'Seller Shipping Method',
};

/** The statuses fulfil accepts (§9.7). */
const FULFILLABLE = new Set(['WAIT_SELLER_SEND_GOODS', 'SELLER_PART_SEND_GOODS']);

function whole(value: unknown): number | null {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** Changes armed to strike once an order list answer has carried their orders (an order changing while a client pages). */
function fireArmed(state: AeState, served: Raw[], now: number): void {
  if (!state.armed.length) return;
  const read = new Set(served.map((o) => String(o.id)));
  for (const armed of state.armed) {
    for (const id of [...armed.ids]) {
      if (!read.has(id)) continue;
      armed.ids.delete(id);
      const order = state.orders.get(id);
      if (order) changeOrder(order, armed.change, now);
    }
  }
  state.armed = state.armed.filter((a) => a.ids.size > 0);
}

export function orderMethods(maxPageSize: number): AeMethods {
  const listRefusal = (now: number, code: string, message: string) =>
    new BusinessRefusal({ result: { success: false, error_code: code, error_message: message, time_stamp: formatPacific(now) } }, code, message);

  return {
    [ORDER_GET]: {
      run({ values, state, now }) {
        const q = values.param0 as Raw;
        // current_page and page_size are present (the metadata requires them); here their values.
        const page = whole(q.current_page);
        const size = whole(q.page_size);
        if (page === null || page < 1) throw listRefusal(now, 'PARAM_INVALID', 'current_page must be a whole number from 1');
        if (size === null || size < 1 || size > maxPageSize) throw listRefusal(now, 'PARAM_INVALID', `page_size must be a whole number from 1 to ${maxPageSize}`);

        // Every date is a US Pacific wall-clock time (§5); both ends are inclusive [U].
        const bound = (name: string): number | null => {
          const v = q[name];
          if (v === undefined || v === null || v === '') return null;
          const ms = parsePacific(v);
          if (ms === null) throw listRefusal(now, 'PARAM_INVALID', `${name} must be a US Pacific time yyyy-MM-dd HH:mm:ss, not ${JSON.stringify(v)}`);
          return ms;
        };
        const [cFrom, cTo, mFrom, mTo] = ['create_date_start', 'create_date_end', 'modified_date_start', 'modified_date_end'].map(bound);

        // order_status_list wins over order_status when both are given [U].
        const asked = Array.isArray(q.order_status_list) && q.order_status_list.length ? (q.order_status_list as string[]) : typeof q.order_status === 'string' && q.order_status ? [q.order_status] : null;
        for (const s of asked ?? []) if (!ORDER_STATUSES.has(s)) throw listRefusal(now, 'PARAM_INVALID', `unknown order status ${s}`);
        const statuses = asked ? new Set(asked) : null;
        const buyer = typeof q.buyer_login_id === 'string' && q.buyer_login_id ? q.buyer_login_id : null;

        const rows = [...state.orders.values()]
          .filter((o) => (statuses ? statuses.has(String(o.order_status)) : !QUERIED_SEPARATELY.has(String(o.order_status))))
          .filter((o) => {
            const c = createdAt(o);
            const m = modifiedAt(o);
            return (cFrom === null || c >= cFrom) && (cTo === null || c <= cTo) && (mFrom === null || m >= mFrom) && (mTo === null || m <= mTo);
          })
          .filter((o) => buyer === null || (o.buyerloginid ?? (o.buyer_info as Raw | undefined)?.login_id) === buyer)
          // Newest first by creation, ties by id [U: the order is not documented].
          .sort((a, b) => createdAt(b) - createdAt(a) || (BigInt(String(b.id)) > BigInt(String(a.id)) ? 1 : BigInt(String(b.id)) < BigInt(String(a.id)) ? -1 : 0));

        const served = rows.slice((page - 1) * size, page * size);
        const result: Raw = {
          success: true,
          time_stamp: formatPacific(now),
          current_page: page,
          page_size: size,
          total_count: rows.length,
          total_page: Math.ceil(rows.length / size),
        };
        // An empty page carries no target_list at all [U], as TOP-family answers leave out empty lists.
        if (served.length) result.target_list = served.map(listItemOf);
        fireArmed(state, served, now);
        return { result };
      },
    },

    [INFO_GET]: {
      run({ values, state, now }) {
        const refuse = (code: string, message: string) => new BusinessRefusal({ result: { error_code: code, error_message: message, time_stamp: formatPacific(now) } }, code, message);
        const q = (values.param1 ?? {}) as Raw;
        // The metadata marks neither field required; without an order id there is nothing to read [U: the code].
        const id = idDigits(q.order_id);
        if (id === null) throw refuse('PARAM_INVALID', 'param1.order_id must be the order id');
        let flag: number | null = null;
        if (q.ext_info_bit_flag !== undefined && q.ext_info_bit_flag !== null && q.ext_info_bit_flag !== '') {
          const n = whole(q.ext_info_bit_flag);
          if (n === null || n < 0) throw refuse('PARAM_INVALID', 'ext_info_bit_flag must be a whole number');
          // "Only the last 5 bits take effects."
          flag = n & 31;
        }
        const order = state.orders.get(id);
        if (!order) throw refuse('ORDER_NOT_FOUND', `order ${id} does not exist or does not belong to this seller`);
        return { result: { time_stamp: formatPacific(now), data: detailOf(order, flag) } };
      },
    },

    [FULFILL]: {
      run({ values, state, now }) {
        const refuse = (code: string, message: string) => new BusinessRefusal({ result: { result_success: false, result_error_code: code, result_error_desc: message } }, code, message);
        const v = values as Record<string, string | undefined>;
        const id = idDigits(v.out_ref);
        const order = id === null ? undefined : state.orders.get(id);
        if (!order) throw refuse('ORDER_NOT_FOUND', `order ${String(v.out_ref)} does not exist or does not belong to this seller`);
        const sendType = String(v.send_type).trim();
        if (sendType !== 'all' && sendType !== 'part') throw refuse('PARAM_INVALID', 'send_type must be all or part');
        const service = String(v.service_name).trim();
        if (!Object.hasOwn(LOGISTICS_SERVICES, service)) throw refuse('LOGISTICS_SERVICE_INVALID', `${service} is not a logistics service key of this seller (aliexpress.logistics.redefining.listlogisticsservice)`);
        const website = v.tracking_website?.trim() || null;
        if (service === 'other' && !website) throw refuse('TRACKING_WEBSITE_REQUIRED', 'tracking_website is required when service_name is other');
        if (website && !/^https?:\/\/\S+$/i.test(website)) throw refuse('PARAM_INVALID', 'tracking_website must be an http(s) URL');
        const trackingNo = String(v.logistics_no).trim();
        if (!/^[A-Za-z0-9-]{4,50}$/.test(trackingNo)) throw refuse('LOGISTICS_NO_INVALID', 'logistics_no must be 4-50 letters, digits or -');
        const description = v.description ?? null;
        // "Only in English, and the length is limited to 512 characters" [M]; read as printable ASCII.
        if (description !== null && (description.length > 512 || !/^[\x20-\x7e\r\n\t]*$/.test(description))) throw refuse('PARAM_INVALID', 'description is English text of at most 512 characters');

        const status = String(order.order_status);
        if (status === 'RISK_CONTROL' || status === 'RISK_CONTROL_HOLD') throw refuse('ORDER_IN_RISK_CONTROL', 'the order is in its 24-hour risk control review and cannot be shipped yet');
        if (!FULFILLABLE.has(status)) throw refuse('ORDER_STATUS_NOT_ALLOWED', `an order in ${status} cannot be shipped (only WAIT_SELLER_SEND_GOODS or SELLER_PART_SEND_GOODS)`);
        const logistics = Array.isArray(order.logistic_info_list) ? (order.logistic_info_list as Raw[]) : [];
        // [U] AliExpress refuses a tracking number already declared on the order.
        if (logistics.some((l) => l.logistics_no === trackingNo)) throw refuse('LOGISTICS_NO_DUPLICATE', `logistics_no ${trackingNo} is already declared on order ${id}`);

        const at = formatPacific(now);
        logistics.push({
          logistics_no: trackingNo,
          logistics_type_code: service,
          logistics_service_name: LOGISTICS_SERVICES[service],
          gmt_send: at,
          have_tracking_info: false,
          receive_status: 'default',
          ship_order_id: state.newShipOrderId(),
        });
        order.logistic_info_list = logistics;
        setOrderStatus(order, sendType === 'part' ? 'SELLER_PART_SEND_GOODS' : 'WAIT_BUYER_ACCEPT_GOODS', now);
        state.shipments.push({ orderId: id!, sendType, serviceName: service, logisticsNo: trackingNo, trackingWebsite: website, description, at: now });
        return { result: { result_success: true } };
      },
    },
  };
}
