import { createHash } from 'node:crypto';
import { buildSearchText } from '../../catalog/search-text';
import { CatalogRows, CategoryRow, ProductRow, VariantRow } from '../../catalog/catalog-rows';
import { demoImageUrl } from './demo-images';

/**
 * The demo apparel shop's catalogue as plain rows (insert them with catalog-rows.ts).
 *
 * Everything here is deterministic: the same seed gives the same rows, ids included (ids are
 * hashes of what a row is, values come from a seeded PRNG, dates from a fixed base), so tests
 * and screenshots can rely on them. Titles are in zh-CN (the default locale) with an en-US
 * translation, and de-DE and fr-CA ones for the suits and shirts (the products the demo lists
 * on eBay.de, and on Amazon.ca in French); prices are CNY decimal strings.
 */

// ---------------------------------------------------------------------------------------
// Deterministic building blocks.

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's seeded PRNG (mulberry32): the same seed gives the same draws. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** `count` distinct items, in the order they appear in `items`. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }
}

/** A name-based uuid (SHA-1, version 5 layout): the same parts always give the same id. */
function stableUuid(...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Completes 12 digits into an EAN-13 by appending its check digit. */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 needs 12 digits, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + ((10 - (sum % 10)) % 10);
}

function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A shelf price in cents between min and max yuan, ending the way Chinese shops price (1299, 459, 39.90). */
function retailCents(rng: Rng, minYuan: number, maxYuan: number): number {
  const yuan = minYuan + rng.float() * (maxYuan - minYuan);
  if (yuan >= 1000) return (Math.round(yuan / 100) * 100 - 1) * 100;
  if (yuan >= 100) return (Math.round(yuan / 10) * 10 - 1) * 100;
  return Math.round(yuan) * 100 - 10;
}

/** Cost at 35–55 % of the price. */
function costCents(rng: Rng, priceCents: number): number {
  return Math.round(priceCents * (0.35 + rng.float() * 0.2));
}

/** Demo data starts on this date; rows are spaced after it so `created_at` order is stable. */
const BASE_TIME = Date.UTC(2026, 0, 5, 2, 0, 0);

function at(offsetMinutes: number): string {
  return new Date(BASE_TIME + offsetMinutes * 60_000).toISOString();
}

// ---------------------------------------------------------------------------------------
// The shop: categories, colours, sizes, brands.

interface CategoryDef {
  zh: string;
  en: string;
  children?: CategoryDef[];
}

const CATEGORY_TREE: CategoryDef[] = [
  {
    zh: '服装', en: 'Apparel', children: [
      { zh: '男装', en: 'Menswear', children: [
        { zh: '西装', en: 'Suits' }, { zh: '衬衫', en: 'Shirts' }, { zh: '裤装', en: 'Trousers' },
        { zh: 'T恤', en: 'T-Shirts' }, { zh: '外套', en: 'Outerwear' },
      ] },
      { zh: '女装', en: 'Womenswear', children: [
        { zh: '连衣裙', en: 'Dresses' }, { zh: '上衣', en: 'Tops' }, { zh: '半身裙', en: 'Skirts' },
        { zh: '外套', en: 'Coats' }, { zh: '裤装', en: 'Trousers' },
      ] },
    ],
  },
  {
    zh: '配饰', en: 'Accessories', children: [
      { zh: '领带', en: 'Ties' }, { zh: '皮带', en: 'Belts' }, { zh: '袜子', en: 'Socks' }, { zh: '围巾', en: 'Scarves' },
    ],
  },
  { zh: '礼盒套装', en: 'Gift Sets' },
];

/** The category rows and a map from path ("服装/男装/西装") to id. Ids do not depend on the seed. */
function buildCategories(): { rows: CategoryRow[]; idByPath: Map<string, string> } {
  const rows: CategoryRow[] = [];
  const idByPath = new Map<string, string>();
  const walk = (defs: CategoryDef[], parentPath: string | null, parentId: string | null) => {
    defs.forEach((def, position) => {
      const path = parentPath ? `${parentPath}/${def.zh}` : def.zh;
      const id = stableUuid('category', path);
      rows.push({ id, name: def.zh, nameTranslations: { 'en-US': def.en }, parentId, position });
      idByPath.set(path, id);
      if (def.children) walk(def.children, path, id);
    });
  };
  walk(CATEGORY_TREE, null, null);
  return { rows, idByPath };
}

interface Colour {
  zh: string;
  en: string;
  code: string;
}

const COLOURS: Record<string, Colour> = Object.fromEntries(
  ([
    ['黑色', 'Black', 'BLK'], ['藏青', 'Navy', 'NVY'], ['灰色', 'Grey', 'GRY'], ['炭灰', 'Charcoal', 'CHR'],
    ['白色', 'White', 'WHT'], ['浅蓝', 'Light Blue', 'LBL'], ['粉色', 'Pink', 'PNK'], ['卡其', 'Khaki', 'KHK'],
    ['驼色', 'Camel', 'CML'], ['酒红', 'Burgundy', 'BUR'], ['米白', 'Ivory', 'IVR'], ['棕色', 'Brown', 'BRN'],
    ['深蓝', 'Indigo', 'IND'], ['军绿', 'Olive', 'OLV'], ['碎花', 'Floral', 'FLR'], ['条纹', 'Striped', 'STR'],
  ] as const).map(([zh, en, code]) => [zh, { zh, en, code }]),
);

/** A colour's English name (黑色 → Black), as the catalogue's English texts use it; undefined for another value. */
export function englishColour(zh: string): string | undefined {
  return COLOURS[zh]?.en;
}

/** Size values are the same in every locale; `均码` (one size) gets the SKU code OS. */
function sizeCode(size: string): string {
  return size === '均码' ? 'OS' : size;
}

const SIZES = {
  suit: ['48', '50', '52', '54'],
  collar: ['38', '39', '40', '41', '42'],
  waist: ['28', '30', '32', '34', '36'],
  letter: ['S', 'M', 'L', 'XL'],
  women: ['XS', 'S', 'M', 'L'],
  belt: ['105', '115', '125'],
  one: ['均码'],
} as const;

const COLOUR_AXIS = '颜色';
const SIZE_AXIS = '尺码';

// ---------------------------------------------------------------------------------------
// The demo catalogue (about 60 hand-named products).

interface ProductLine {
  /** SKU stem: products are numbered within it (SUIT-001, SUIT-002, …). */
  code: string;
  category: string;
  brands: string[];
  /** Colour pool; every product offers the first and a few more. */
  colours: string[];
  /** Every product offers all of these; null when the product has no size axis. */
  sizes: readonly string[] | null;
  priceYuan: [number, number];
  weightGrams: number;
  descZh: string;
  descEn: string;
  /** German text, where the line has it (the lines the demo lists on eBay.de): each title's third entry and this. */
  descDe?: string;
  /** Canadian French text, where the line has it (the lines the demo lists on Amazon.ca in French): each title's fourth entry and this. */
  descFr?: string;
  titles: [zh: string, en: string, de?: string, fr?: string][];
}

const MENSWEAR = ['墨川 MOCHUAN', '青衫 QINGSHAN'];
const WOMENSWEAR = ['云裳 YUNSHANG', '素锦 SUJIN'];
const CASUAL = ['北岸 BEIAN', '青衫 QINGSHAN'];
const LEATHER = ['匠心 JIANGXIN', '墨川 MOCHUAN'];

const PRODUCT_LINES: ProductLine[] = [
  {
    code: 'SUIT', category: '服装/男装/西装', brands: MENSWEAR, colours: ['黑色', '藏青', '灰色', '炭灰'],
    sizes: SIZES.suit, priceYuan: [1299, 2999], weightGrams: 1400,
    descZh: '精选羊毛混纺面料，立体剪裁，肩线挺括，适合商务通勤与正式场合。',
    descEn: 'Wool-blend fabric and a structured cut with a sharp shoulder line, for the office and formal occasions.',
    descDe: 'Stoff aus Wollmischung, strukturierter Schnitt mit klarer Schulterlinie – fürs Büro und für festliche Anlässe.',
    descFr: 'Tissu en mélange de laine, coupe structurée aux épaules nettes, pour le bureau et les grandes occasions.',
    titles: [
      ['男士修身商务西装', "Men's Slim-Fit Business Suit", 'Herren Business-Anzug, Slim Fit', 'Complet d’affaires ajusté pour homme'],
      ['男士经典双排扣西装', "Men's Classic Double-Breasted Suit", 'Klassischer Zweireiher-Anzug für Herren', 'Complet croisé classique pour homme'],
      ['男士羊毛混纺三件套西装', "Men's Wool-Blend Three-Piece Suit", 'Dreiteiliger Herrenanzug aus Wollmischung', 'Complet trois pièces en mélange de laine pour homme'],
      ['男士休闲单西外套', "Men's Casual Blazer", 'Lässiges Herrensakko', 'Veston sport pour homme'],
      ['男士婚礼礼服西装', "Men's Wedding Tuxedo Suit", 'Hochzeitsanzug für Herren, Smoking', 'Smoking de mariage pour homme'],
      ['男士轻薄夏季西装', "Men's Lightweight Summer Suit", 'Leichter Sommeranzug für Herren', 'Complet d’été léger pour homme'],
    ],
  },
  {
    code: 'SHIRT', category: '服装/男装/衬衫', brands: MENSWEAR, colours: ['白色', '浅蓝', '粉色', '条纹', '灰色'],
    sizes: SIZES.collar, priceYuan: [199, 499], weightGrams: 280,
    descZh: '高支纯棉面料，亲肤透气，领型挺括，按领围选码。',
    descEn: 'Fine long-staple cotton, breathable and soft, with a crisp collar. Sized by collar (cm).',
    descDe: 'Feine langstapelige Baumwolle, atmungsaktiv und weich, mit formstabilem Kragen. Größe nach Kragenweite (cm).',
    descFr: 'Coton fin à fibres longues, respirant et doux, au col bien net. Taille selon le tour de cou (cm).',
    titles: [
      ['男士纯棉免烫商务衬衫', "Men's Non-Iron Cotton Dress Shirt", 'Bügelfreies Herren-Businesshemd aus Baumwolle', 'Chemise habillée en coton sans repassage pour homme'],
      ['男士牛津纺休闲衬衫', "Men's Oxford Casual Shirt", 'Herren-Freizeithemd aus Oxford-Gewebe', 'Chemise décontractée en tissu Oxford pour homme'],
      ['男士法式袖扣衬衫', "Men's French-Cuff Shirt", 'Herrenhemd mit Umschlagmanschetten', 'Chemise à poignets mousquetaires pour homme'],
      ['男士亚麻短袖衬衫', "Men's Linen Short-Sleeve Shirt", 'Kurzärmeliges Herrenhemd aus Leinen', 'Chemise en lin à manches courtes pour homme'],
      ['男士条纹修身衬衫', "Men's Striped Slim-Fit Shirt", 'Gestreiftes Herrenhemd, Slim Fit', 'Chemise ajustée à rayures pour homme'],
      ['男士牛仔衬衫', "Men's Denim Shirt", 'Herren-Jeanshemd', 'Chemise en denim pour homme'],
    ],
  },
  {
    code: 'TROUS', category: '服装/男装/裤装', brands: CASUAL, colours: ['深蓝', '黑色', '卡其', '灰色'],
    sizes: SIZES.waist, priceYuan: [199, 599], weightGrams: 550,
    descZh: '版型利落，面料耐穿有弹性，日常通勤皆宜。按腰围（英寸）选码。',
    descEn: 'A clean cut in hard-wearing fabric with a little stretch, for every day. Sized by waist (inches).',
    titles: [
      ['男士直筒牛仔裤', "Men's Straight-Leg Jeans"],
      ['男士修身弹力牛仔裤', "Men's Slim Stretch Jeans"],
      ['男士商务西裤', "Men's Business Dress Trousers"],
      ['男士休闲卡其裤', "Men's Casual Chinos"],
      ['男士运动束脚裤', "Men's Jogger Pants"],
    ],
  },
  {
    code: 'TEE', category: '服装/男装/T恤', brands: CASUAL, colours: ['白色', '黑色', '灰色', '藏青', '军绿'],
    sizes: SIZES.letter, priceYuan: [79, 199], weightGrams: 200,
    descZh: '精梳棉面料，柔软亲肤，洗后不易变形。',
    descEn: 'Combed cotton that stays soft and keeps its shape wash after wash.',
    titles: [
      ['男士纯棉圆领T恤', "Men's Cotton Crew-Neck T-Shirt"],
      ['男士纯棉V领T恤', "Men's Cotton V-Neck T-Shirt"],
      ['男士重磅宽松T恤', "Men's Heavyweight Oversized T-Shirt"],
      ['男士速干运动T恤', "Men's Quick-Dry Sports T-Shirt"],
      ['男士纯棉Polo衫', "Men's Cotton Polo Shirt"],
    ],
  },
  {
    code: 'COAT', category: '服装/男装/外套', brands: MENSWEAR, colours: ['驼色', '黑色', '藏青', '炭灰'],
    sizes: SIZES.letter, priceYuan: [899, 2999], weightGrams: 1600,
    descZh: '保暖有型，做工考究，秋冬通勤必备。',
    descEn: 'Warm and well made, an autumn and winter staple for the commute.',
    titles: [
      ['男士双面羊毛大衣', "Men's Double-Faced Wool Coat"],
      ['男士经典风衣', "Men's Classic Trench Coat"],
      ['男士轻薄羽绒服', "Men's Lightweight Down Jacket"],
      ['男士飞行员夹克', "Men's Bomber Jacket"],
    ],
  },
  {
    code: 'DRESS', category: '服装/女装/连衣裙', brands: WOMENSWEAR, colours: ['黑色', '碎花', '酒红', '米白', '藏青'],
    sizes: SIZES.women, priceYuan: [299, 1299], weightGrams: 350,
    descZh: '垂感好，显瘦收腰，约会通勤两相宜。',
    descEn: 'Drapes beautifully with a flattering waist, for work or an evening out.',
    titles: [
      ['女士真丝连衣裙', "Women's Silk Dress"],
      ['女士碎花雪纺连衣裙', "Women's Floral Chiffon Dress"],
      ['女士针织修身连衣裙', "Women's Knit Bodycon Dress"],
      ['女士法式复古连衣裙', "Women's French Vintage Dress"],
      ['女士经典小黑裙', "Women's Little Black Dress"],
      ['女士衬衫式连衣裙', "Women's Shirt Dress"],
    ],
  },
  {
    code: 'TOP', category: '服装/女装/上衣', brands: WOMENSWEAR, colours: ['米白', '黑色', '粉色', '浅蓝', '驼色'],
    sizes: SIZES.women, priceYuan: [159, 899], weightGrams: 220,
    descZh: '精选面料，轻盈舒适，百搭不挑人。',
    descEn: 'Light, comfortable fabric that goes with everything.',
    titles: [
      ['女士真丝衬衫', "Women's Silk Blouse"],
      ['女士纯棉T恤', "Women's Cotton T-Shirt"],
      ['女士羊绒针织衫', "Women's Cashmere Sweater"],
      ['女士雪纺衬衫', "Women's Chiffon Blouse"],
      ['女士针织开衫', "Women's Knit Cardigan"],
    ],
  },
  {
    code: 'SKIRT', category: '服装/女装/半身裙', brands: WOMENSWEAR, colours: ['黑色', '卡其', '深蓝', '酒红'],
    sizes: SIZES.women, priceYuan: [199, 499], weightGrams: 300,
    descZh: '高腰设计，拉长身形比例，四季可穿。',
    descEn: 'High-waisted to lengthen the figure, for every season.',
    titles: [
      ['女士A字半身裙', "Women's A-Line Skirt"],
      ['女士百褶中长半身裙', "Women's Pleated Midi Skirt"],
      ['女士牛仔半身裙', "Women's Denim Skirt"],
    ],
  },
  {
    code: 'WCOAT', category: '服装/女装/外套', brands: WOMENSWEAR, colours: ['驼色', '黑色', '米白', '灰色'],
    sizes: SIZES.women, priceYuan: [799, 2599], weightGrams: 1300,
    descZh: '廓形利落，保暖不臃肿，质感出众。',
    descEn: 'A clean silhouette that is warm without bulk, in a fabric with real presence.',
    titles: [
      ['女士双面羊毛大衣', "Women's Double-Faced Wool Coat"],
      ['女士经典风衣', "Women's Classic Trench Coat"],
      ['女士西装外套', "Women's Tailored Blazer"],
      ['女士短款羽绒服', "Women's Short Down Jacket"],
    ],
  },
  {
    code: 'WPANT', category: '服装/女装/裤装', brands: WOMENSWEAR, colours: ['黑色', '米白', '深蓝', '卡其'],
    sizes: SIZES.women, priceYuan: [199, 499], weightGrams: 400,
    descZh: '垂顺面料，显腿长，通勤休闲皆宜。',
    descEn: 'Fluid fabric that lengthens the leg, for work or the weekend.',
    titles: [
      ['女士高腰阔腿裤', "Women's High-Waist Wide-Leg Trousers"],
      ['女士修身牛仔裤', "Women's Skinny Jeans"],
      ['女士九分西装裤', "Women's Cropped Tailored Trousers"],
    ],
  },
  {
    code: 'TIE', category: '配饰/领带', brands: MENSWEAR, colours: ['藏青', '酒红', '黑色', '灰色', '条纹'],
    sizes: null, priceYuan: [129, 399], weightGrams: 80,
    descZh: '桑蚕丝面料，手工缝制，打结饱满有型。',
    descEn: 'Mulberry silk, hand-finished, ties a full and shapely knot.',
    titles: [
      ['男士真丝商务领带', "Men's Silk Business Tie"],
      ['男士窄版休闲领带', "Men's Skinny Casual Tie"],
      ['男士提花婚礼领带', "Men's Jacquard Wedding Tie"],
    ],
  },
  {
    code: 'BELT', category: '配饰/皮带', brands: LEATHER, colours: ['黑色', '棕色', '驼色'],
    sizes: SIZES.belt, priceYuan: [199, 599], weightGrams: 300,
    descZh: '头层牛皮，合金扣头，按长度（厘米）选码，可裁剪。',
    descEn: 'Full-grain cowhide with an alloy buckle. Sized by length (cm); can be trimmed.',
    titles: [
      ['男士头层牛皮自动扣皮带', "Men's Full-Grain Leather Automatic-Buckle Belt"],
      ['男士针扣商务皮带', "Men's Pin-Buckle Business Belt"],
      ['女士细款时装皮带', "Women's Skinny Fashion Belt"],
    ],
  },
  {
    code: 'SOCK', category: '配饰/袜子', brands: CASUAL, colours: ['黑色', '灰色', '藏青', '白色'],
    sizes: SIZES.one, priceYuan: [19, 59], weightGrams: 40,
    descZh: '精梳棉混纺，吸湿透气，不易起球。',
    descEn: 'Combed-cotton blend that wicks moisture and resists pilling.',
    titles: [
      ['男士纯棉商务袜', "Men's Cotton Business Socks"],
      ['女士纯棉隐形船袜', "Women's Cotton No-Show Socks"],
      ['男士羊毛保暖袜', "Men's Wool Thermal Socks"],
    ],
  },
  {
    code: 'SCARF', category: '配饰/围巾', brands: WOMENSWEAR, colours: ['驼色', '灰色', '酒红', '藏青', '米白'],
    sizes: null, priceYuan: [199, 899], weightGrams: 150,
    descZh: '细腻柔软，保暖轻盈，送礼自用皆宜。',
    descEn: 'Fine, soft, warm and light: a gift or a treat.',
    titles: [
      ['羊绒围巾', 'Cashmere Scarf'],
      ['女士真丝方巾', "Women's Silk Square Scarf"],
    ],
  },
];

/** A bundle product: each variant of `base` (limited to `colours`) plus the extra components. */
interface BundleLine {
  title: [zh: string, en: string];
  desc: [zh: string, en: string];
  /** SKU stem of the product whose variants the bundle mirrors, and how many of each it holds. */
  base: string;
  baseQuantity: number;
  colours: string[] | null;
  /** SKUs added to every bundle variant, one each. */
  extras: string[];
  /** Share of the components' total price the bundle sells at. */
  priceFactor: number;
}

const BUNDLE_LINES: BundleLine[] = [
  {
    title: ['男士商务西装礼盒套装（西装+领带+皮带）', "Men's Business Suit Gift Set (Suit, Tie and Belt)"],
    desc: ['修身商务西装搭配真丝领带与牛皮皮带，一套到位，礼盒包装。', 'The slim-fit business suit with a silk tie and a leather belt, gift boxed.'],
    base: 'SUIT-001', baseQuantity: 1, colours: ['黑色', '藏青'], extras: ['TIE-001-NVY', 'BELT-001-BLK-115'], priceFactor: 0.9,
  },
  {
    title: ['商务衬衫领带礼盒', 'Dress Shirt and Tie Gift Box'],
    desc: ['免烫商务衬衫配真丝领带，礼盒包装，送礼首选。', 'The non-iron dress shirt with a silk tie, gift boxed.'],
    base: 'SHIRT-001', baseQuantity: 1, colours: ['白色'], extras: ['TIE-001-NVY'], priceFactor: 0.88,
  },
  {
    title: ['男士纯棉商务袜5双装', "Men's Cotton Business Socks, 5-Pack"],
    desc: ['同色5双装，更划算。', 'Five pairs in one colour, for less.'],
    base: 'SOCK-001', baseQuantity: 5, colours: null, extras: [], priceFactor: 0.8,
  },
];

const BUNDLE_CODE = 'SET';

/** Builds products one at a time into a `CatalogRows`, keeping search text and variant lookups in step. */
class CatalogBuilder {
  readonly rows: CatalogRows;
  readonly idByPath: Map<string, string>;
  readonly variantBySku = new Map<string, VariantRow>();
  private barcodeSeq = 0;

  constructor(private readonly idSpace: string, private readonly barcodePrefix: string) {
    const categories = buildCategories();
    this.idByPath = categories.idByPath;
    this.rows = { categories: categories.rows, products: [], translations: [], options: [], images: [], variants: [], bundleComponents: [] };
  }

  nextBarcode(): string {
    this.barcodeSeq++;
    return ean13(this.barcodePrefix + String(this.barcodeSeq).padStart(12 - this.barcodePrefix.length, '0'));
  }

  addProduct(p: {
    key: string;
    titleZh: string;
    titleEn: string;
    descZh: string;
    descEn: string;
    /** A German title and description, for the products that have them. */
    de?: { title: string; description: string };
    /** A Canadian French title and description, for the products that have them. */
    fr?: { title: string; description: string };
    status: ProductRow['status'];
    category: string;
    brand: string | null;
    createdAt: string;
    updatedAt: string;
    axes: { name: string; values: string[] }[];
    variants: Omit<VariantRow, 'id' | 'productId' | 'position' | 'currency' | 'createdAt' | 'updatedAt'>[];
    images: { url: string; alt: string }[];
  }): ProductRow {
    const productId = stableUuid(this.idSpace, 'product', p.key);
    const categoryId = this.idByPath.get(p.category);
    if (!categoryId) throw new Error(`unknown category ${p.category}`);
    const product: ProductRow = {
      id: productId,
      title: p.titleZh,
      description: p.descZh,
      status: p.status,
      categoryId,
      brand: p.brand,
      searchText: buildSearchText(
        [p.titleZh, p.titleEn, ...(p.de ? [p.de.title] : []), ...(p.fr ? [p.fr.title] : [])],
        p.brand,
        p.variants.map((v) => v.sku),
        p.variants.flatMap((v) => (v.barcode ? [v.barcode] : [])),
      ),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
    this.rows.products.push(product);
    this.rows.translations.push({ id: stableUuid(this.idSpace, 'translation', p.key, 'en-US'), productId, locale: 'en-US', title: p.titleEn, description: p.descEn });
    if (p.de) this.rows.translations.push({ id: stableUuid(this.idSpace, 'translation', p.key, 'de-DE'), productId, locale: 'de-DE', title: p.de.title, description: p.de.description });
    if (p.fr) this.rows.translations.push({ id: stableUuid(this.idSpace, 'translation', p.key, 'fr-CA'), productId, locale: 'fr-CA', title: p.fr.title, description: p.fr.description });
    p.axes.forEach((axis, position) =>
      this.rows.options.push({ id: stableUuid(this.idSpace, 'option', p.key, axis.name), productId, name: axis.name, position, values: axis.values }),
    );
    p.images.forEach((img, position) =>
      this.rows.images.push({ id: stableUuid(this.idSpace, 'image', p.key, position), productId, url: img.url, alt: img.alt, position }),
    );
    p.variants.forEach((v, position) => {
      const row: VariantRow = {
        ...v,
        id: stableUuid(this.idSpace, 'variant', v.sku),
        productId,
        currency: 'CNY',
        position,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      };
      if (this.variantBySku.has(row.sku)) throw new Error(`duplicate SKU ${row.sku}`);
      this.variantBySku.set(row.sku, row);
      this.rows.variants.push(row);
    });
    return product;
  }
}

/** Axes and SKU-ordered variant combinations for the chosen colours × sizes. */
function combinations(colours: string[], sizes: readonly string[] | null): { axes: { name: string; values: string[] }[]; combos: { colour: string; size: string | null }[] } {
  const axes = [{ name: COLOUR_AXIS, values: colours }];
  if (sizes) axes.push({ name: SIZE_AXIS, values: [...sizes] });
  const combos = colours.flatMap((colour): { colour: string; size: string | null }[] =>
    sizes ? sizes.map((size) => ({ colour, size })) : [{ colour, size: null }],
  );
  return { axes, combos };
}

function skuOf(stem: string, colour: string, size: string | null): string {
  return [stem, COLOURS[colour].code, ...(size ? [sizeCode(size)] : [])].join('-');
}

const IMAGE_VIEWS = ['正面', '细节', '上身效果'];

/** 1–3 pictures of the product in its first colour (see demo-images.ts: drawn here, no image host). */
function demoImages(rng: Rng, colour: string, title: string): { url: string; alt: string }[] {
  return Array.from({ length: rng.int(1, 3) }, (_, i) => ({
    url: demoImageUrl(COLOURS[colour]?.code ?? '', i),
    alt: `${title} ${IMAGE_VIEWS[i]}`,
  }));
}

/**
 * The demo apparel shop: about 60 products over the category tree, each with colour × size
 * variants, an en-US translation (and de-DE and fr-CA ones for the suits and shirts), 1–3 images, and
 * three bundles (a suit with its tie and belt, a shirt with a tie, a five-pack of socks). Mostly ACTIVE, a few DRAFT and DELISTED.
 */
export function generateDemoCatalog(seed = 42): CatalogRows {
  const rng = new Rng(seed);
  const b = new CatalogBuilder(`demo:${seed}`, '697');
  const plain = PRODUCT_LINES.flatMap((line) => line.titles.map((title, i) => ({ line, title, n: i + 1 })));
  // The first product of each line stays ACTIVE: the bundles are built from them.
  const candidates = plain.filter((p) => p.n > 1);
  const notActive = rng.sample(candidates, 6);
  const statusOf = new Map(notActive.map((p, i) => [p, i % 2 === 0 ? 'DRAFT' : 'DELISTED'] as const));

  let minute = 0;
  for (const item of plain) {
    const { line, title, n } = item;
    const stem = `${line.code}-${String(n).padStart(3, '0')}`;
    const colours = [line.colours[0], ...rng.sample(line.colours.slice(1), rng.int(1, Math.min(3, line.colours.length - 1)))];
    const { axes, combos } = combinations(colours, line.sizes);
    const price = retailCents(rng, ...line.priceYuan);
    const weight = Math.round(line.weightGrams * (0.9 + rng.float() * 0.2));
    const status = statusOf.get(item) ?? 'ACTIVE';
    minute += rng.int(60, 720);
    b.addProduct({
      key: stem,
      titleZh: title[0],
      titleEn: title[1],
      descZh: `${title[0]}。${line.descZh}`,
      descEn: `${title[1]}. ${line.descEn}`,
      de: title[2] && line.descDe ? { title: title[2], description: `${title[2]}. ${line.descDe}` } : undefined,
      fr: title[3] && line.descFr ? { title: title[3], description: `${title[3]}. ${line.descFr}` } : undefined,
      status,
      category: line.category,
      brand: rng.pick(line.brands),
      createdAt: at(minute),
      updatedAt: at(minute + rng.int(0, 14 * 24 * 60)),
      axes,
      variants: combos.map((c) => {
        const sizeStep = c.size && line.sizes ? line.sizes.indexOf(c.size) : 0;
        return {
          sku: skuOf(stem, c.colour, c.size),
          optionValues: c.size ? [c.colour, c.size] : [c.colour],
          price: formatCents(price),
          costPrice: formatCents(costCents(rng, price)),
          barcode: b.nextBarcode(),
          weightGrams: Math.round(weight * (1 + 0.04 * sizeStep)),
          // A sold-out colour now and then; never on the products the bundles use.
          status: n > 1 && rng.float() < 0.05 ? 'INACTIVE' : 'ACTIVE',
        };
      }),
      images: demoImages(rng, colours[0], title[0]),
    });
  }

  BUNDLE_LINES.forEach((bundle, i) => {
    const stem = `${BUNDLE_CODE}-${String(i + 1).padStart(3, '0')}`;
    const baseProductId = stableUuid(`demo:${seed}`, 'product', bundle.base);
    const baseProduct = b.rows.products.find((p) => p.id === baseProductId)!;
    const baseVariants = b.rows.variants.filter(
      (v) => v.productId === baseProductId && (!bundle.colours || bundle.colours.includes(v.optionValues[0])),
    );
    const extras = bundle.extras.map((sku) => {
      const v = b.variantBySku.get(sku);
      if (!v) throw new Error(`bundle ${stem} needs ${sku}, which the demo catalogue lacks`);
      return v;
    });
    const colours = [...new Set(baseVariants.map((v) => v.optionValues[0]))];
    const sizes = [...new Set(baseVariants.map((v) => v.optionValues[1]).filter((s): s is string => s !== undefined))];
    const components = baseVariants.map((base) => [{ v: base, quantity: bundle.baseQuantity }, ...extras.map((v) => ({ v, quantity: 1 }))]);
    minute += rng.int(60, 720);
    b.addProduct({
      key: stem,
      titleZh: bundle.title[0],
      titleEn: bundle.title[1],
      descZh: bundle.desc[0],
      descEn: bundle.desc[1],
      status: 'ACTIVE',
      category: '礼盒套装',
      brand: baseProduct.brand,
      createdAt: at(minute),
      updatedAt: at(minute),
      axes: [{ name: COLOUR_AXIS, values: colours }, ...(sizes.length ? [{ name: SIZE_AXIS, values: sizes }] : [])],
      variants: baseVariants.map((base, k) => {
        const parts = components[k];
        const sum = (f: (v: VariantRow) => number) => parts.reduce((acc, c) => acc + f(c.v) * c.quantity, 0);
        const listCents = sum((v) => Math.round(Number(v.price) * 100));
        // Round the bundle price down to a price ending in 9 yuan, like the single items.
        const priceCents = Math.floor((listCents * bundle.priceFactor) / 1000) * 1000 - 100;
        return {
          sku: `${stem}-${base.sku.slice(bundle.base.length + 1)}`,
          optionValues: base.optionValues,
          price: formatCents(priceCents),
          costPrice: formatCents(sum((v) => Math.round(Number(v.costPrice) * 100))),
          barcode: b.nextBarcode(),
          // The gift box adds about 300 g.
          weightGrams: sum((v) => v.weightGrams ?? 0) + 300,
          status: 'ACTIVE',
        };
      }),
      images: demoImages(rng, colours[0], bundle.title[0]),
    });
    const bundleVariants = b.rows.variants.slice(-baseVariants.length);
    bundleVariants.forEach((bv, k) =>
      components[k].forEach((c) =>
        b.rows.bundleComponents.push({ id: stableUuid(`demo:${seed}`, 'bundle', bv.sku, c.v.sku), bundleId: bv.id, componentId: c.v.id, quantity: c.quantity }),
      ),
    );
  });
  return b.rows;
}

// ---------------------------------------------------------------------------------------
// The bulk catalogue for benchmarks.

interface Garment {
  code: string;
  zh: string;
  en: string;
  gender: 'm' | 'w' | null;
  category: string;
  sizes: readonly string[];
  colours: string[];
  priceYuan: [number, number];
  weightGrams: number;
}

const GARMENTS: Garment[] = [
  { code: 'SUIT', zh: '西装', en: 'Suit', gender: 'm', category: '服装/男装/西装', sizes: SIZES.suit, colours: ['黑色', '藏青', '灰色', '炭灰'], priceYuan: [899, 2999], weightGrams: 1400 },
  { code: 'BLZR', zh: '西装外套', en: 'Blazer', gender: 'm', category: '服装/男装/西装', sizes: SIZES.suit, colours: ['藏青', '灰色', '驼色'], priceYuan: [599, 1599], weightGrams: 900 },
  { code: 'SHRT', zh: '衬衫', en: 'Shirt', gender: 'm', category: '服装/男装/衬衫', sizes: SIZES.collar, colours: ['白色', '浅蓝', '粉色', '条纹'], priceYuan: [149, 499], weightGrams: 280 },
  { code: 'JEAN', zh: '牛仔裤', en: 'Jeans', gender: 'm', category: '服装/男装/裤装', sizes: SIZES.waist, colours: ['深蓝', '黑色', '灰色'], priceYuan: [199, 599], weightGrams: 600 },
  { code: 'CHNO', zh: '休闲裤', en: 'Chinos', gender: 'm', category: '服装/男装/裤装', sizes: SIZES.waist, colours: ['卡其', '藏青', '黑色'], priceYuan: [159, 459], weightGrams: 450 },
  { code: 'TEE', zh: 'T恤', en: 'T-Shirt', gender: null, category: '服装/男装/T恤', sizes: SIZES.letter, colours: ['白色', '黑色', '灰色', '军绿'], priceYuan: [59, 199], weightGrams: 200 },
  { code: 'MCOT', zh: '羊毛大衣', en: 'Wool Coat', gender: 'm', category: '服装/男装/外套', sizes: SIZES.letter, colours: ['驼色', '黑色', '炭灰'], priceYuan: [899, 2999], weightGrams: 1600 },
  { code: 'DRES', zh: '连衣裙', en: 'Dress', gender: 'w', category: '服装/女装/连衣裙', sizes: SIZES.women, colours: ['黑色', '碎花', '酒红', '米白'], priceYuan: [199, 1299], weightGrams: 350 },
  { code: 'BLSE', zh: '衬衫', en: 'Blouse', gender: 'w', category: '服装/女装/上衣', sizes: SIZES.women, colours: ['米白', '粉色', '浅蓝', '黑色'], priceYuan: [159, 699], weightGrams: 220 },
  { code: 'KNIT', zh: '针织衫', en: 'Sweater', gender: 'w', category: '服装/女装/上衣', sizes: SIZES.women, colours: ['驼色', '米白', '灰色', '酒红'], priceYuan: [199, 899], weightGrams: 350 },
  { code: 'SKRT', zh: '半身裙', en: 'Skirt', gender: 'w', category: '服装/女装/半身裙', sizes: SIZES.women, colours: ['黑色', '卡其', '深蓝'], priceYuan: [159, 499], weightGrams: 300 },
  { code: 'WCOT', zh: '羊毛大衣', en: 'Wool Coat', gender: 'w', category: '服装/女装/外套', sizes: SIZES.women, colours: ['驼色', '黑色', '米白'], priceYuan: [799, 2599], weightGrams: 1300 },
  { code: 'WPNT', zh: '阔腿裤', en: 'Wide-Leg Trousers', gender: 'w', category: '服装/女装/裤装', sizes: SIZES.women, colours: ['黑色', '米白', '卡其'], priceYuan: [159, 459], weightGrams: 400 },
  { code: 'TIE', zh: '领带', en: 'Tie', gender: 'm', category: '配饰/领带', sizes: SIZES.one, colours: ['藏青', '酒红', '黑色', '条纹'], priceYuan: [99, 399], weightGrams: 80 },
  { code: 'BELT', zh: '皮带', en: 'Belt', gender: null, category: '配饰/皮带', sizes: SIZES.belt, colours: ['黑色', '棕色', '驼色'], priceYuan: [149, 599], weightGrams: 300 },
  { code: 'SOCK', zh: '袜子', en: 'Socks', gender: null, category: '配饰/袜子', sizes: SIZES.one, colours: ['黑色', '灰色', '藏青', '白色'], priceYuan: [19, 59], weightGrams: 40 },
  { code: 'SCRF', zh: '围巾', en: 'Scarf', gender: null, category: '配饰/围巾', sizes: SIZES.one, colours: ['驼色', '灰色', '酒红', '藏青'], priceYuan: [149, 899], weightGrams: 150 },
];

const STYLES: [zh: string, en: string][] = [
  ['修身', 'Slim-Fit'], ['商务', 'Business'], ['休闲', 'Casual'], ['经典', 'Classic'], ['纯棉', 'Cotton'],
  ['羊毛混纺', 'Wool-Blend'], ['真丝', 'Silk'], ['复古', 'Vintage'], ['简约', 'Minimalist'], ['宽松', 'Relaxed'],
  ['加厚', 'Heavyweight'], ['轻薄', 'Lightweight'], ['春秋款', 'Spring/Autumn'], ['新款', 'New-Season'], ['通勤', 'Commuter'],
];

const GENDER = { m: ['男士', "Men's"], w: ['女士', "Women's"] } as const;

/**
 * `products` products of 4 variants each (2 adjacent sizes × 2 colours; 4 colours for one-size
 * goods) for load tests, with zh-CN and en-US titles built from word lists: about one product
 * in nine has 西装 in its title (suits and blazers), one in seventeen "suit"; SKUs look like
 * `SUIT-00042-BLK-50`, so a number fragment hits a few.
 * Spread over the demo categories (which it includes). Ids and SKUs never clash with the demo.
 */
export function generateBulkCatalog(products: number, seed = 42): CatalogRows {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const b = new CatalogBuilder(`bulk:${seed}`, '693');
  const digits = Math.max(5, String(products).length);
  for (let i = 0; i < products; i++) {
    const g = rng.pick(GARMENTS);
    const [s1, s2] = rng.sample(STYLES, 2);
    const gender = g.gender ? GENDER[g.gender] : ['', ''];
    const titleZh = `${gender[0]}${s1[0]}${s2[0]}${g.zh}`;
    const titleEn = [gender[1], s1[1], s2[1], g.en].filter(Boolean).join(' ');
    const stem = `${g.code}-${String(i + 1).padStart(digits, '0')}`;
    // One-size goods (ties, socks, scarves) get their four variants from four colours.
    const oneSize = g.sizes.length === 1;
    const colours = rng.sample(g.colours, oneSize ? 4 : 2);
    const start = oneSize ? 0 : rng.int(0, g.sizes.length - 2);
    const sizes = g.sizes.slice(start, start + 2);
    const { axes, combos } = combinations(colours, sizes);
    const price = retailCents(rng, ...g.priceYuan);
    const roll = rng.float();
    const createdMinute = i * 7;
    b.addProduct({
      key: stem,
      titleZh,
      titleEn,
      descZh: `${titleZh}，${s1[0]}风格，品质面料。`,
      descEn: `${titleEn} in a ${s1[1].toLowerCase()} style, made from quality fabric.`,
      status: roll < 0.92 ? 'ACTIVE' : roll < 0.97 ? 'DRAFT' : 'DELISTED',
      category: g.category,
      brand: rng.pick([...MENSWEAR, ...WOMENSWEAR, ...CASUAL, ...LEATHER]),
      createdAt: at(createdMinute),
      updatedAt: at(createdMinute + rng.int(0, 10_000)),
      axes,
      variants: combos.map((c) => ({
        sku: skuOf(stem, c.colour, c.size),
        optionValues: [c.colour, c.size!],
        price: formatCents(price),
        costPrice: formatCents(costCents(rng, price)),
        barcode: b.nextBarcode(),
        weightGrams: g.weightGrams,
        status: 'ACTIVE' as const,
      })),
      images: [{ url: `https://img.example.com/products/${stem}/1.jpg`, alt: `${titleZh} 正面` }],
    });
  }
  return b.rows;
}

