import type { CarrierCode } from '../sdk/types';

/**
 * eBay shipping carrier codes: what `createShippingFulfillment` takes as `shippingCarrierCode`.
 * The Fulfillment contract sends us to the Trading API's GeteBayDetails
 * (`ShippingCarrierDetails.ShippingCarrier`) for the valid values, which are the
 * ShippingCarrierCodeType tokens: `USPS`, `UPS`, `FedEx`, `DHL`, `DeutschePost`, `Hermes`,
 * `AustraliaPost`, `ChinaPost`, `Chronopost`, `Correos`, `Seur`... in eBay's own mixed case. The
 * upper-snake spellings (`FEDEX`, `ROYAL_MAIL`, `DEUTSCHE_POST`) are the Post-Order API's enum, a
 * different API: they are aliases here, so a carrier table row or a staff entry written that way
 * still maps to the code createShippingFulfillment knows.
 *
 * A common subset for the US, UK, German, French, Italian, Spanish, Canadian and Australian sites
 * [U: the exact spelling of the codes not seen in a source above (RoyalMail, ParcelForce, GLS,
 * DPD, CanadaPost, Purolator, PosteItaliane, Colissimo, Yodel, Evri) is from eBay's carrier lists
 * as commonly used]; the list is open, so staff may map a name to a code that is not here.
 */
export const EBAY_CARRIERS: CarrierCode[] = [
  { code: 'USPS', name: 'U.S. Postal Service', aliases: ['United States Postal Service', 'US Postal Service'] },
  { code: 'UPS', name: 'UPS', aliases: ['United Parcel Service'] },
  { code: 'FedEx', name: 'FedEx', aliases: ['FEDEX', 'Federal Express'] },
  { code: 'DHL', name: 'DHL', aliases: ['DHL Express', 'DHL Paket'] },
  { code: 'DHLGlobalMail', name: 'DHL eCommerce (Global Mail)', aliases: ['DHL eCommerce', 'DHL Global Mail', 'DHL_GLOBAL_MAIL'] },
  { code: 'RoyalMail', name: 'Royal Mail', aliases: ['ROYAL_MAIL'] },
  { code: 'ParcelForce', name: 'Parcelforce Worldwide', aliases: ['PARCELFORCE', 'Parcelforce'] },
  { code: 'Yodel', name: 'Yodel', aliases: ['YODEL'] },
  { code: 'Evri', name: 'Evri (Hermes UK)', aliases: ['EVRI', 'Hermes UK'] },
  { code: 'DeutschePost', name: 'Deutsche Post', aliases: ['DEUTSCHE_POST', 'Deutsche Post AG'] },
  { code: 'Hermes', name: 'Hermes', aliases: ['HERMES', 'Hermes Germany'] },
  { code: 'GLS', name: 'GLS' },
  { code: 'DPD', name: 'DPD' },
  { code: 'TNT', name: 'TNT' },
  { code: 'Colissimo', name: 'Colissimo (La Poste)', aliases: ['COLISSIMO', 'La Poste'] },
  { code: 'Chronopost', name: 'Chronopost', aliases: ['CHRONOPOST'] },
  { code: 'PosteItaliane', name: 'Poste Italiane', aliases: ['POSTE_ITALIANE'] },
  { code: 'Bartolini', name: 'BRT Bartolini', aliases: ['BARTOLINI', 'BRT'] },
  { code: 'Correos', name: 'Correos', aliases: ['CORREOS'] },
  { code: 'Seur', name: 'Seur', aliases: ['SEUR'] },
  { code: 'CanadaPost', name: 'Canada Post', aliases: ['CANADA_POST', 'Postes Canada'] },
  { code: 'Purolator', name: 'Purolator', aliases: ['PUROLATOR'] },
  { code: 'AustraliaPost', name: 'Australia Post', aliases: ['AUSTRALIA_POST', 'AusPost'] },
  { code: 'ChinaPost', name: 'China Post', aliases: ['CHINA_POST', '中国邮政', '中国邮政挂号小包', '邮政小包'] },
  { code: 'Other', name: 'Other carrier', aliases: ['OTHER', '其他', '其它'] },
];
