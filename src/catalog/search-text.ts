import { cjkGrams, normaliseSearch } from './catalog.search';

/**
 * The text a product search matches against (`product.search_text`, trigram-indexed): every
 * title in every locale, the brand, every SKU and every barcode, lower-cased and joined by
 * single spaces, then the CJK character grams (each padded by spaces) that let one- and
 * two-character Chinese terms use the index (see catalog.search.ts). Empty parts are skipped.
 */
export function buildSearchText(titles: string[], brand: string | null, skus: string[], barcodes: string[]): string {
  const plain = normaliseSearch([...titles, brand ?? '', ...skus, ...barcodes].join(' '));
  const grams = cjkGrams(plain);
  // The trailing space lets the last gram match `% gram %` too.
  return grams ? `${plain} ${grams} ` : plain;
}
