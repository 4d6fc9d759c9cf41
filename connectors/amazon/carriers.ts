import type { CarrierCode } from '../sdk/types';

/**
 * Amazon carrier codes: what confirmShipment takes as `packageDetail.carrierCode` (ordersV0.json
 * [O]: required in every marketplace; `carrierName` is required beside `Other`). The model sends
 * us to Amazon's carrier code list for the values, which is not in specs/ [U: the spellings below
 * are Amazon's as its feeds and Seller Central list them]. The list is open: a code that is not
 * here goes as `Other` with the name staff gave (see shipments.ts), so a parcel is never refused
 * for a carrier Amazon does not list.
 */
export const AMAZON_CARRIERS: CarrierCode[] = [
  { code: 'USPS', name: 'U.S. Postal Service', aliases: ['United States Postal Service', 'US Postal Service'] },
  { code: 'UPS', name: 'UPS', aliases: ['United Parcel Service'] },
  { code: 'UPSMI', name: 'UPS Mail Innovations', aliases: ['UPS Mail Innovations'] },
  { code: 'FedEx', name: 'FedEx', aliases: ['FEDEX', 'Federal Express'] },
  { code: 'DHL', name: 'DHL', aliases: ['DHL Express'] },
  { code: 'DHL eCommerce', name: 'DHL eCommerce', aliases: ['DHL Global Mail', 'DHL_ECOMMERCE', 'DHLGlobalMail'] },
  { code: 'OnTrac', name: 'OnTrac', aliases: ['ONTRAC'] },
  { code: 'Lasership', name: 'LaserShip', aliases: ['LASERSHIP', 'LaserShip'] },
  { code: 'Amazon Shipping', name: 'Amazon Shipping', aliases: ['AMAZON_SHIPPING'] },
  { code: 'Canada Post', name: 'Canada Post', aliases: ['CANADA_POST', 'CanadaPost', 'Postes Canada'] },
  { code: 'Purolator', name: 'Purolator', aliases: ['PUROLATOR'] },
  { code: 'Estafeta', name: 'Estafeta', aliases: ['ESTAFETA'] },
  { code: 'Correios', name: 'Correios (Brazil)', aliases: ['CORREIOS'] },
  { code: 'Royal Mail', name: 'Royal Mail', aliases: ['ROYAL_MAIL', 'RoyalMail'] },
  { code: 'Parcelforce', name: 'Parcelforce Worldwide', aliases: ['PARCELFORCE', 'ParcelForce'] },
  { code: 'Yodel', name: 'Yodel', aliases: ['YODEL'] },
  { code: 'Evri', name: 'Evri (Hermes UK)', aliases: ['EVRI', 'Hermes UK'] },
  { code: 'Deutsche Post', name: 'Deutsche Post', aliases: ['DEUTSCHE_POST', 'DeutschePost', 'Deutsche Post AG', 'DHL Paket'] },
  { code: 'Hermes Logistik Gruppe', name: 'Hermes (Germany)', aliases: ['Hermes', 'HERMES', 'Hermes Germany'] },
  { code: 'DPD', name: 'DPD' },
  { code: 'GLS', name: 'GLS' },
  { code: 'TNT', name: 'TNT' },
  { code: 'La Poste', name: 'La Poste', aliases: ['LA_POSTE'] },
  { code: 'Colissimo', name: 'Colissimo', aliases: ['COLISSIMO'] },
  { code: 'Chronopost', name: 'Chronopost', aliases: ['CHRONOPOST'] },
  { code: 'Poste Italiane', name: 'Poste Italiane', aliases: ['POSTE_ITALIANE', 'PosteItaliane'] },
  { code: 'BRT', name: 'BRT Bartolini', aliases: ['BARTOLINI', 'Bartolini'] },
  { code: 'SDA', name: 'SDA Express Courier' },
  { code: 'Correos', name: 'Correos (Spain)', aliases: ['CORREOS'] },
  { code: 'SEUR', name: 'SEUR', aliases: ['Seur'] },
  { code: 'PostNL', name: 'PostNL', aliases: ['POSTNL'] },
  { code: 'PostNord', name: 'PostNord', aliases: ['POSTNORD'] },
  { code: 'InPost', name: 'InPost', aliases: ['INPOST'] },
  { code: 'Poczta Polska', name: 'Poczta Polska', aliases: ['POCZTA_POLSKA'] },
  { code: 'Yamato Transport', name: 'Yamato Transport (クロネコヤマト)', aliases: ['YAMATO', 'Yamato', 'ヤマト運輸', 'クロネコヤマト', '雅玛多'] },
  { code: 'Sagawa Express', name: 'Sagawa Express (佐川急便)', aliases: ['SAGAWA', 'Sagawa', '佐川急便', '佐川'] },
  { code: 'Japan Post', name: 'Japan Post (日本郵便)', aliases: ['JAPAN_POST', '日本郵便', 'ゆうパック', '日本邮政'] },
  { code: 'Australia Post', name: 'Australia Post', aliases: ['AUSTRALIA_POST', 'AusPost', 'AustraliaPost'] },
  { code: 'Singapore Post', name: 'Singapore Post', aliases: ['SINGPOST', 'SingPost'] },
  { code: 'China Post', name: 'China Post', aliases: ['CHINA_POST', 'ChinaPost', '中国邮政', '中国邮政挂号小包', '邮政小包'] },
  { code: 'SF Express', name: 'SF Express (顺丰)', aliases: ['SF', '顺丰', '顺丰速运', 'SF_EXPRESS'] },
  { code: 'Yun Express', name: 'YunExpress (云途)', aliases: ['YunExpress', 'YUN_EXPRESS', '云途', '云途物流'] },
  { code: '4PX', name: '4PX (递四方)', aliases: ['递四方', '4PX Express'] },
  { code: 'Cainiao', name: 'Cainiao (菜鸟)', aliases: ['CAINIAO', '菜鸟'] },
  { code: 'Other', name: 'Other carrier (name given beside it)', aliases: ['OTHER', '其他', '其它'] },
];

/** The known code for what staff or a carrier table gave (a code or an alias, case-insensitive); null when Amazon's list has none. */
export function knownCarrier(given: string): CarrierCode | null {
  const key = given.trim().toLowerCase();
  if (!key) return null;
  return AMAZON_CARRIERS.find((c) => c.code.toLowerCase() === key || (c.aliases ?? []).some((a) => a.toLowerCase() === key)) ?? null;
}
