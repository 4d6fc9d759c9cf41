import { cjkGrams, normaliseSearch } from './catalog.search';

/**
 * The text `search` matches for a product (`product.search_text`, trigram-indexed): titles in
 * every locale, brand, SKUs and barcodes, lower-cased, followed by the CJK character grams
 * that let short Chinese terms use the index (see catalog.search.ts).
 */
export function buildSearchText(titles: string[], brand: string | null | undefined, skus: string[], barcodes: (string | null)[]): string {
  const plain = normaliseSearch([...titles, brand ?? '', ...skus, ...barcodes.filter(Boolean)].join(' '));
  const grams = cjkGrams(plain);
  return grams ? `${plain} ${grams} ` : plain;
}
