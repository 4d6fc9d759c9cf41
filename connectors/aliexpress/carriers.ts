import type { CarrierCode } from '../sdk/types';

/**
 * AliExpress logistics service keys: what `aliexpress.solution.order.fulfill` takes as
 * `service_name` (the keys `aliexpress.logistics.redefining.listlogisticsservice` lists, [M]).
 * A channel's carrier table maps our carrier names to them; its default service (or the
 * shipment's own) is sent when it names one. These are the common keys of sellers shipping from
 * China [U: a common subset, not the platform's list, which differs by seller and route], so the
 * list is open: staff may map a name to a key not here. `OTHER` is AliExpress's `other`: the
 * parcel's tracking website must come with it (the shipment's tracking URL).
 */
export const AE_CARRIERS: CarrierCode[] = [
  { code: 'CAINIAO_STANDARD', name: 'AliExpress Standard Shipping (Cainiao)', aliases: ['AliExpress Standard Shipping', 'Cainiao Standard', '菜鸟标准'] },
  { code: 'CAINIAO_PREMIUM', name: 'AliExpress Premium Shipping (Cainiao)', aliases: ['AliExpress Premium Shipping', 'Cainiao Premium'] },
  { code: 'CAINIAO_ECONOMY', name: 'AliExpress Saver Shipping (Cainiao)', aliases: ['AliExpress Saver Shipping', 'Cainiao Economy', '菜鸟经济'] },
  { code: 'CAINIAO_SUPER_ECONOMY', name: 'Cainiao Super Economy', aliases: ['菜鸟超级经济'] },
  { code: 'CPAM', name: 'China Post Registered Air Mail', aliases: ['China Post', '中国邮政挂号小包', '中国邮政', '邮政小包'] },
  { code: 'EMS', name: 'China EMS', aliases: ['中国邮政速递', 'EMS'] },
  { code: 'EMS_ZX_ZX_US', name: 'ePacket', aliases: ['e邮宝', 'ePacket'] },
  { code: 'YANWEN_JYT', name: 'Yanwen Economic Air Mail', aliases: ['Yanwen', '燕文'] },
  { code: 'SF', name: 'SF Express', aliases: ['顺丰', '顺丰速运', 'S.F. Express'] },
  { code: 'DHL', name: 'DHL', aliases: ['DHL Express'] },
  { code: 'UPS', name: 'UPS Express Saver', aliases: ['United Parcel Service'] },
  { code: 'FEDEX_IE', name: 'FedEx International Economy', aliases: ['FedEx', 'Federal Express'] },
  { code: 'TNT', name: 'TNT' },
  { code: 'ARAMEX', name: 'Aramex' },
  { code: 'OTHER', name: 'Other (with a tracking website)', aliases: ['其他', '其它', 'Seller\u2019s Shipping Method'] },
];

/** The `service_name` AliExpress wants for "other": lower case ([M]: "When serviceName=other"). */
export const OTHER_SERVICE = 'other';

/** Whether a service key is AliExpress's "other", in any case. */
export function isOtherService(key: string): boolean {
  return key.trim().toLowerCase() === OTHER_SERVICE;
}
