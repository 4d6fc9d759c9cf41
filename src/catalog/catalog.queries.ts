/** Column lists the catalogue's read queries share, so every reader builds the same rows. */
export const PRODUCT_COLUMNS = 'p.id, p.title, p.description, p.status, p.category_id, p.brand, p.created_at, p.updated_at';

export const VARIANT_COLUMNS = `v.id, v.product_id, v.sku, v.option_values, v.price::text as price, v.currency, v.cost_price::text as cost_price,
  v.barcode, v.weight_grams, v.status, v.position`;

export const CATEGORY_COLUMNS = 'c.id, c.name, c.name_translations, c.parent_id, c.position';
