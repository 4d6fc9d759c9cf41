import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateBulkCatalog } from '../../src/db/seed/demo-catalog';
import { insertCatalogRows, VariantRow } from '../../src/catalog/catalog-rows';

/** What the bulk catalogue seeder put in the database, and how long it took. */
export interface SeededCatalog {
  products: number;
  variants: VariantRow[];
  generateMs: number;
  insertMs: number;
}

/** Generates `products` bulk products of 4 variants each (seed 42) and inserts them in one transaction. */
export async function seedCatalog(em: EntityManager, products: number): Promise<SeededCatalog> {
  let t = performance.now();
  const rows = generateBulkCatalog(products, 42);
  const generateMs = performance.now() - t;
  t = performance.now();
  await em.transactional((tx) => insertCatalogRows(tx, rows));
  const insertMs = performance.now() - t;
  return { products: rows.products.length, variants: rows.variants, generateMs, insertMs };
}
