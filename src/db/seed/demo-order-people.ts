import { createHash } from 'node:crypto';

/**
 * Who buys in the demo's order history, where it goes and how it travels: buyers and addresses
 * as each marketplace hands them over (Taobao and Tmall mask the receiver, eBay and AliExpress
 * give them in full, Amazon gives the shipping address with a relay email), the carriers that
 * take parcels from our warehouses and their tracking number shapes, the buyers' messages and
 * return reasons. Made-up people at made-up doors; the numbers only look like real ones.
 */

/** Where an order is sold: a channel's marketplace, with the buyers' country and clock. */
export interface DemoMarket {
  channelKey: string;
  /** The marketplace id the order carries (eBay site, Amazon marketplace); null where the channel has none. */
  marketplaceId: string | null;
  currency: string;
  /** Sold at home (CNY, Chinese text) or abroad (English text, the channel's price rule). */
  domestic: boolean;
}

export interface DemoBuyer {
  id: string;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  email: string | null;
}

export interface DemoAddress {
  name: string;
  phone: string | null;
  country: string;
  province: string | null;
  city: string;
  district: string | null;
  address1: string;
  address2: string | null;
  postalCode: string | null;
}

/** Hours the buyers' clock is ahead of UTC (no summer time: the demo's 90 days need no more). */
export type UtcOffset = number;

/** A deterministic unit float [0, 1) of some text: picks that must not move the PRNG's sequence. */
export function unitOf(...parts: (string | number)[]): number {
  return createHash('sha1').update(parts.join('\u001f')).digest().readUInt32BE(0) / 4294967296;
}

/** `n` decimal digits drawn from a hash of `parts` (the first one not 0). */
export function digitsOf(n: number, ...parts: (string | number)[]): string {
  let out = '';
  for (let k = 0; out.length < n; k++) out += BigInt(`0x${createHash('sha1').update([...parts, k].join('\u001f')).digest('hex')}`).toString().slice(1);
  return (String(1 + (Number(out[0]) % 9)) + out.slice(1)).slice(0, n);
}

const pick = <T>(items: readonly T[], u: number): T => items[Math.floor(u * items.length) % items.length];

// ---- China (Taobao, Tmall) -------------------------------------------------------------

const CN_PLACES = [
  { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路', zip: '310012' },
  { province: '浙江省', city: '宁波市', district: '鄞州区', street: '天童南路', zip: '315100' },
  { province: '上海', city: '上海市', district: '浦东新区', street: '世纪大道', zip: '200120' },
  { province: '上海', city: '上海市', district: '徐汇区', street: '漕溪北路', zip: '200030' },
  { province: '北京', city: '北京市', district: '朝阳区', street: '建国路', zip: '100022' },
  { province: '北京', city: '北京市', district: '海淀区', street: '中关村大街', zip: '100080' },
  { province: '广东省', city: '深圳市', district: '南山区', street: '科技园路', zip: '518057' },
  { province: '广东省', city: '广州市', district: '天河区', street: '天河路', zip: '510620' },
  { province: '江苏省', city: '南京市', district: '鼓楼区', street: '中山北路', zip: '210008' },
  { province: '江苏省', city: '苏州市', district: '工业园区', street: '星湖街', zip: '215021' },
  { province: '四川省', city: '成都市', district: '武侯区', street: '天府大道', zip: '610041' },
  { province: '湖北省', city: '武汉市', district: '洪山区', street: '珞喻路', zip: '430074' },
  { province: '山东省', city: '青岛市', district: '市南区', street: '香港中路', zip: '266071' },
  { province: '福建省', city: '厦门市', district: '思明区', street: '湖滨南路', zip: '361004' },
  { province: '陕西省', city: '西安市', district: '雁塔区', street: '长安南路', zip: '710061' },
  { province: '重庆', city: '重庆市', district: '渝北区', street: '新南路', zip: '401147' },
];
const CN_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '林', '何', '高', '罗'];
const CN_MOBILE_PREFIXES = ['138', '139', '137', '136', '135', '150', '151', '152', '158', '159', '186', '187', '188', '189', '177', '199'];

/** A Taobao/Tmall buyer and receiver as TOP gives them: masked name, phone and street (the buyer's nick masked too). */
export function chineseBuyer(seed: string): { buyer: DemoBuyer; address: DemoAddress } {
  const place = pick(CN_PLACES, unitOf(seed, 'place'));
  const surname = pick(CN_SURNAMES, unitOf(seed, 'surname'));
  const phone = `${pick(CN_MOBILE_PREFIXES, unitOf(seed, 'mobile'))}****${digitsOf(4, seed, 'phone')}`;
  const nick = `${pick(['t', 'tb', 'x', 'm', 'l', 'z', '小', '阿'], unitOf(seed, 'nick'))}**${digitsOf(1, seed, 'nick-tail')}`;
  return {
    // TOP's buyer_open_uid: an opaque id per buyer and app.
    buyer: { id: `AAH${digitsOf(6, seed, 'uid')}${pick(['Gq', 'Kx', 'Rm', 'Tz', 'Wb'], unitOf(seed, 'uid-tail'))}-DEMO${digitsOf(4, seed, 'uid-2')}`, name: `${surname}**`, nickname: nick, phone, email: null },
    address: {
      name: `${surname}**`, phone, country: 'CN', province: place.province, city: place.city, district: place.district,
      address1: `${place.street}***号`, address2: null, postalCode: place.zip,
    },
  };
}

// ---- abroad ------------------------------------------------------------------------------

interface Place {
  country: string;
  province: string | null;
  city: string;
  zip: string;
  street: string;
  offset: UtcOffset;
}

/** AliExpress buyers: the countries the demo's AliExpress store sells most to. */
const AE_PLACES: Place[] = [
  { country: 'RU', province: 'Москва', city: 'Москва', zip: '125009', street: 'ул. Тверская, д. 7, кв. 12', offset: 3 },
  { country: 'RU', province: 'Санкт-Петербург', city: 'Санкт-Петербург', zip: '191186', street: 'Невский пр., д. 28, кв. 4', offset: 3 },
  { country: 'BR', province: 'SP', city: 'São Paulo', zip: '01310-100', street: 'Av. Paulista, 1578, apto 81', offset: -3 },
  { country: 'ES', province: 'Madrid', city: 'Madrid', zip: '28013', street: 'Calle Mayor 12, 3º B', offset: 1 },
  { country: 'FR', province: 'Île-de-France', city: 'Paris', zip: '75011', street: '14 rue Oberkampf', offset: 1 },
  { country: 'PL', province: 'mazowieckie', city: 'Warszawa', zip: '00-001', street: 'ul. Marszałkowska 84/92 m. 5', offset: 1 },
  { country: 'KR', province: '서울특별시', city: '강남구', zip: '06236', street: '테헤란로 152, 1203호', offset: 9 },
  { country: 'IL', province: null, city: 'Tel Aviv', zip: '6423902', street: 'Rothschild Blvd 22, Apt 7', offset: 2 },
  { country: 'US', province: 'CA', city: 'Los Angeles', zip: '90012', street: '200 N Spring St, Apt 1104', offset: -8 },
  { country: 'CL', province: 'Región Metropolitana', city: 'Santiago', zip: '8320000', street: 'Av. Libertador Bernardo O’Higgins 1302', offset: -3 },
];
const AE_NAMES: Record<string, string[]> = {
  RU: ['Ivan Petrov', 'Anna Smirnova', 'Dmitry Volkov', 'Olga Kuznetsova'],
  BR: ['Lucas Oliveira', 'Mariana Souza', 'Rafael Lima'],
  ES: ['Javier García', 'Lucía Fernández', 'Pablo Martín'],
  FR: ['Camille Laurent', 'Hugo Bernard', 'Léa Dubois'],
  PL: ['Piotr Nowak', 'Agnieszka Kowalska'],
  KR: ['김민준', '이서연'],
  IL: ['Noa Levi', 'Yossi Cohen'],
  US: ['Kevin Nguyen', 'Ashley Brooks'],
  CL: ['Camila Rojas', 'Matías Soto'],
};

const US_PLACES: Place[] = [
  { country: 'US', province: 'NY', city: 'Brooklyn', zip: '11201', street: '85 Clinton St Apt 3F', offset: -5 },
  { country: 'US', province: 'TX', city: 'Austin', zip: '78701', street: '401 Congress Ave Unit 1520', offset: -6 },
  { country: 'US', province: 'CA', city: 'San Jose', zip: '95113', street: '60 S Market St Apt 810', offset: -8 },
  { country: 'US', province: 'IL', city: 'Chicago', zip: '60614', street: '2211 N Clark St', offset: -6 },
  { country: 'US', province: 'FL', city: 'Miami', zip: '33131', street: '1000 Brickell Ave Apt 2304', offset: -5 },
  { country: 'US', province: 'WA', city: 'Seattle', zip: '98101', street: '1521 2nd Ave Apt 1707', offset: -8 },
  { country: 'US', province: 'GA', city: 'Atlanta', zip: '30309', street: '1280 W Peachtree St NW Apt 508', offset: -5 },
  { country: 'US', province: 'CO', city: 'Denver', zip: '80202', street: '1801 Wynkoop St Apt 412', offset: -7 },
  { country: 'US', province: 'MA', city: 'Boston', zip: '02116', street: '500 Boylston St Apt 9C', offset: -5 },
];
const US_NAMES = [
  'Michael Carter', 'Jessica Miller', 'David Thompson', 'Emily Johnson', 'Daniel Harris', 'Sarah Wilson',
  'Christopher Lee', 'Amanda Clark', 'Brian Walker', 'Lauren Young', 'Jason Allen', 'Megan King',
];

const DE_PLACES: Place[] = [
  { country: 'DE', province: 'Bayern', city: 'München', zip: '80331', street: 'Sendlinger Str. 28', offset: 1 },
  { country: 'DE', province: 'Berlin', city: 'Berlin', zip: '10435', street: 'Kastanienallee 12', offset: 1 },
  { country: 'DE', province: 'Hamburg', city: 'Hamburg', zip: '20354', street: 'Große Bleichen 21', offset: 1 },
  { country: 'DE', province: 'Nordrhein-Westfalen', city: 'Köln', zip: '50667', street: 'Hohe Str. 94', offset: 1 },
  { country: 'DE', province: 'Hessen', city: 'Frankfurt am Main', zip: '60313', street: 'Zeil 106', offset: 1 },
];
const DE_NAMES = ['Lukas Müller', 'Sophie Schneider', 'Maximilian Fischer', 'Hannah Weber', 'Felix Schäfer', 'Lena Wagner', 'Jonas Becker'];

const CA_PLACES: Place[] = [
  { country: 'CA', province: 'ON', city: 'Toronto', zip: 'M5V 2T6', street: '200 Wellington St W Unit 1801', offset: -5 },
  { country: 'CA', province: 'BC', city: 'Vancouver', zip: 'V6B 1A1', street: '788 Richards St Apt 2203', offset: -8 },
  { country: 'CA', province: 'QC', city: 'Montréal', zip: 'H3B 4W8', street: '1250 boul. René-Lévesque O', offset: -5 },
  { country: 'CA', province: 'AB', city: 'Calgary', zip: 'T2P 2M5', street: '310 8 Ave SW Unit 905', offset: -7 },
];
const CA_NAMES = ['Olivia Tremblay', 'Liam Gagnon', 'Emma Roy', 'Noah Côté', 'Chloé Bouchard'];

const CALLING_CODES: Record<string, string> = { US: '1', CA: '1', DE: '49', RU: '7', BR: '55', ES: '34', FR: '33', PL: '48', KR: '82', IL: '972', CL: '56' };

/** A phone number of the country: North America's 555-01xx numbers are kept for fiction; elsewhere nine digits after the country code. */
function phoneIn(country: string, seed: string): string {
  const code = CALLING_CODES[country] ?? '1';
  return code === '1' ? `+1 ${digitsOf(3, seed, 'area')}-555-01${digitsOf(2, seed, 'line').slice(0, 2)}` : `+${code} ${digitsOf(9, seed, 'phone')}`;
}

/** Buyers abroad as each marketplace names them, with their clock. */
export function foreignBuyer(market: DemoMarket, seed: string): { buyer: DemoBuyer; address: DemoAddress; offset: UtcOffset } {
  const u = (what: string) => unitOf(seed, what);
  let place: Place;
  let name: string;
  if (market.channelKey === 'aliexpress-sim') {
    place = pick(AE_PLACES, u('place'));
    name = pick(AE_NAMES[place.country], u('name'));
  } else if (market.currency === 'EUR') {
    place = pick(DE_PLACES, u('place'));
    name = pick(DE_NAMES, u('name'));
  } else if (market.currency === 'CAD') {
    place = pick(CA_PLACES, u('place'));
    name = pick(CA_NAMES, u('name'));
  } else {
    place = pick(US_PLACES, u('place'));
    name = pick(US_NAMES, u('name'));
  }
  const phone = market.channelKey === 'amazon-sim' ? null : phoneIn(place.country, seed);
  // eBay: the buyer's user name; AliExpress: a numeric buyer id and login; Amazon: a buyer id and an email relay address.
  const username = `${name.toLowerCase().normalize('NFKD').replace(/[^a-z]+/g, '').slice(0, 8) || 'buyer'}_${digitsOf(2, seed, 'ebay-user')}`;
  const relay = `${digitsOf(11, seed, 'relay').replace(/\d/g, (d) => 'abcdefghkm'[Number(d)])}@marketplace.amazon.com`;
  const buyer: DemoBuyer =
    market.channelKey === 'aliexpress-sim'
      ? { id: digitsOf(10, seed, 'ae-buyer'), name, nickname: `${place.country.toLowerCase()}${digitsOf(7, seed, 'ae-nick')}`, phone, email: null }
      : market.channelKey === 'ebay-sim'
        ? { id: username, name, nickname: username, phone, email: null }
        : { id: `A${digitsOf(12, seed, 'amzn-buyer')}`, name, nickname: null, phone: null, email: relay };
  return {
    buyer,
    address: { name, phone, country: place.country, province: place.province, city: place.city, district: null, address1: place.street, address2: null, postalCode: place.zip },
    offset: place.offset,
  };
}

// ---- parcels -----------------------------------------------------------------------------

/** A carrier the demo ships with, and its tracking numbers' shape. */
interface Carrier {
  name: string;
  tracking(seed: string): string;
  weight: number;
}

const CN_CARRIERS: Carrier[] = [
  { name: '顺丰速运', tracking: (s) => `SF${digitsOf(13, s, 'sf')}`, weight: 35 },
  { name: '中通快递', tracking: (s) => `7${digitsOf(13, s, 'zto')}`, weight: 30 },
  { name: '圆通速递', tracking: (s) => `YT${digitsOf(13, s, 'yto')}`, weight: 20 },
  { name: '韵达快递', tracking: (s) => `43${digitsOf(13, s, 'yd')}`, weight: 15 },
];
const CARRIERS_ABROAD: Record<string, Carrier[]> = {
  'aliexpress-sim': [{ name: 'Cainiao', tracking: (s) => `LP00${digitsOf(12, s, 'cn')}`, weight: 1 }],
  EBAY_US: [
    { name: 'YunExpress', tracking: (s) => `YT${digitsOf(16, s, 'yun')}`, weight: 3 },
    { name: 'USPS', tracking: (s) => `9400${digitsOf(18, s, 'usps')}`, weight: 1 },
  ],
  EBAY_DE: [{ name: 'DHL', tracking: (s) => `00340434${digitsOf(12, s, 'dhl')}`, weight: 1 }],
  ATVPDKIKX0DER: [
    { name: 'UPS', tracking: (s) => `1Z${digitsOf(16, s, 'ups')}`, weight: 2 },
    { name: 'YunExpress', tracking: (s) => `YT${digitsOf(16, s, 'yun')}`, weight: 1 },
  ],
  A2EUQ1WTGCTBG2: [{ name: 'Canada Post', tracking: (s) => digitsOf(16, s, 'cpc'), weight: 1 }],
};

/** The carrier and tracking number of a parcel of an order sold on `market`. */
export function parcelOf(market: DemoMarket, seed: string): { carrier: string; trackingNumber: string } {
  const carriers = market.domestic ? CN_CARRIERS : CARRIERS_ABROAD[market.marketplaceId ?? market.channelKey] ?? CARRIERS_ABROAD['aliexpress-sim'];
  const total = carriers.reduce((n, c) => n + c.weight, 0);
  let u = unitOf(seed, 'carrier') * total;
  const carrier = carriers.find((c) => (u -= c.weight) < 0) ?? carriers[0];
  return { carrier: carrier.name, trackingNumber: carrier.tracking(seed) };
}

// ---- words -------------------------------------------------------------------------------

const CN_MESSAGES = ['请尽快发货，谢谢', '麻烦发顺丰，急用', '送人的，请不要放价格单', '请帮忙检查一下有没有线头', '周末在家，工作日放快递柜', '面试要穿，拜托周五前到'];
const MESSAGES_ABROAD = ['Please ship as soon as possible, thank you!', 'It is a gift, please do not include the invoice.', 'Please pack it well.', 'Bitte gut verpacken, danke!'];

/** What a buyer wrote with the order, if anything (about one in seven at home, one in twenty abroad). */
export function buyerMessageOf(market: DemoMarket, seed: string): string {
  const u = unitOf(seed, 'message');
  if (market.domestic) return u < 0.14 ? pick(CN_MESSAGES, u / 0.14) : '';
  if (u >= 0.05) return '';
  const pool = market.currency === 'EUR' ? MESSAGES_ABROAD : MESSAGES_ABROAD.slice(0, 3);
  return pick(pool, u / 0.05);
}

/** Why buyers send goods back, at home and abroad. */
export const RETURN_REASONS = {
  domestic: ['尺码偏小，想退', '颜色和图片有色差', '面料有瑕疵，袖口开线', '七天无理由退货', '穿着不合身'],
  abroad: ['Too small', 'Not as described: the colour is darker', 'Changed my mind', 'Item arrived with a loose seam'],
};
