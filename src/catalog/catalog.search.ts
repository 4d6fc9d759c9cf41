/**
 * Product search on PostgreSQL's pg_trgm. Trigrams cannot index a Chinese term of one or two
 * characters (the most common kind: 西装, 裙), so the search text also carries every CJK
 * character and character pair as a word of its own; `LIKE '% 西装 %'` then has padded
 * trigrams the GIN index can use. Longer terms match the plain text with `LIKE '%term%'`.
 */

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+/gu;
const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+$/u;

/** Every CJK character and character pair of the text, each once, space-separated. */
export function cjkGrams(text: string): string {
  const grams = new Set<string>();
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    chars.forEach((c, i) => {
      grams.add(c);
      if (i + 1 < chars.length) grams.add(c + chars[i + 1]);
    });
  }
  return [...grams].join(' ');
}

/** Lower-cases and collapses whitespace, as the stored search text is. */
export function normaliseSearch(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * SQL conditions (all must hold) and parameters for a search term over `search_text`; each
 * whitespace-separated token must match.
 */
export function searchConditions(term: string, column = 'p.search_text'): { sql: string[]; params: string[] } {
  const tokens = normaliseSearch(term).split(' ').filter(Boolean).slice(0, 8);
  const sql: string[] = [];
  const params: string[] = [];
  for (const t of tokens) {
    const chars = [...t];
    sql.push(`${column} like ?`);
    params.push(CJK_ONLY.test(t) && chars.length <= 2 ? `% ${escapeLike(t)} %` : `%${escapeLike(t)}%`);
  }
  return { sql, params };
}
