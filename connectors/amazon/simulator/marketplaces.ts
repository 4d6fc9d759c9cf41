/**
 * Amazon's marketplaces the simulator serves, by region (a seller account lives in one region and
 * sells in its marketplaces). Ids: Amazon's documented marketplace ids (US is [O]; the others are
 * [U] in amazon.md, taken from Amazon's marketplace-id table as the connector's catalogue does).
 */

export type Region = 'NA' | 'EU' | 'FE';

export interface Marketplace {
  id: string;
  country: string;
  name: string;
  currency: string;
  locale: string;
  region: Region;
  /** The fulfillment channel code of Amazon-fulfilled stock in this region (`AMAZON_NA`…). */
  afnChannel: string;
}

const m = (id: string, country: string, name: string, currency: string, locale: string, region: Region): Marketplace => ({ id, country, name, currency, locale, region, afnChannel: `AMAZON_${region}` });

export const MARKETPLACES: Marketplace[] = [
  m('ATVPDKIKX0DER', 'US', 'Amazon.com', 'USD', 'en_US', 'NA'),
  m('A2EUQ1WTGCTBG2', 'CA', 'Amazon.ca', 'CAD', 'en_CA', 'NA'),
  m('A1AM78C64UM0Y8', 'MX', 'Amazon.com.mx', 'MXN', 'es_MX', 'NA'),
  m('A2Q3Y263D00KWC', 'BR', 'Amazon.com.br', 'BRL', 'pt_BR', 'NA'),
  m('A1F83G8C2ARO7P', 'UK', 'Amazon.co.uk', 'GBP', 'en_GB', 'EU'),
  m('A1PA6795UKMFR9', 'DE', 'Amazon.de', 'EUR', 'de_DE', 'EU'),
  m('A13V1IB3VIYZZH', 'FR', 'Amazon.fr', 'EUR', 'fr_FR', 'EU'),
  m('APJ6JRA9NG5V4', 'IT', 'Amazon.it', 'EUR', 'it_IT', 'EU'),
  m('A1RKKUPIHCS9HS', 'ES', 'Amazon.es', 'EUR', 'es_ES', 'EU'),
  m('A1805IZSGTT6HS', 'NL', 'Amazon.nl', 'EUR', 'nl_NL', 'EU'),
  m('A2NODRKZP88ZB9', 'SE', 'Amazon.se', 'SEK', 'sv_SE', 'EU'),
  m('A1C3SOZRARQ6R3', 'PL', 'Amazon.pl', 'PLN', 'pl_PL', 'EU'),
  m('A1VC38T7YXB528', 'JP', 'Amazon.co.jp', 'JPY', 'ja_JP', 'FE'),
  m('A39IBJ37TRP1C6', 'AU', 'Amazon.com.au', 'AUD', 'en_AU', 'FE'),
  m('A19VAU5U5O7RUS', 'SG', 'Amazon.sg', 'SGD', 'en_SG', 'FE'),
];

export function marketplace(id: string): Marketplace | undefined {
  return MARKETPLACES.find((x) => x.id === id);
}

export const REGIONS: Region[] = ['NA', 'EU', 'FE'];
