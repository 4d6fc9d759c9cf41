import type { CarrierCode } from '../sdk/types';

/**
 * TOP logistics company codes (`taobao.logistics.companies.get`, the `company_code` of
 * `logistics.offline.send`): the codes a channel's carrier table maps our carrier names to. The
 * reference names POST and ZJS [M]; the rest are the common domestic carriers as
 * companies.get lists them [U: a common subset, not the whole list, so the list is open: staff
 * may map a name to a code not here]. Aliases are the names staff write on shipments.
 */
export const TOP_CARRIERS: CarrierCode[] = [
  { code: 'SF', name: '顺丰速运', aliases: ['顺丰', 'SF Express', 'S.F. Express'] },
  { code: 'ZTO', name: '中通快递', aliases: ['中通', 'ZTO Express'] },
  { code: 'YTO', name: '圆通速递', aliases: ['圆通', 'YTO Express'] },
  { code: 'STO', name: '申通快递', aliases: ['申通', 'STO Express'] },
  { code: 'YUNDA', name: '韵达快递', aliases: ['韵达', 'Yunda Express'] },
  { code: 'EMS', name: 'EMS', aliases: ['中国邮政速递', 'China EMS'] },
  { code: 'POST', name: '中国邮政', aliases: ['邮政', '邮政包裹', 'China Post'] },
  { code: 'JD', name: '京东快递', aliases: ['京东', 'JD Logistics'] },
  { code: 'ZJS', name: '宅急送', aliases: ['ZJS Express'] },
  { code: 'HTKY', name: '百世快递', aliases: ['百世', '百世汇通', 'Best Express'] },
  { code: 'TTKDEX', name: '天天快递', aliases: ['天天'] },
  { code: 'DBL', name: '德邦快递', aliases: ['德邦', 'Deppon'] },
  { code: 'OTHER', name: '其他', aliases: ['其它'] },
];
