import { ProductResolver } from './product.resolver';
import { BundleComponentResolver, VariantResolver } from './variant.resolver';
import { CategoryResolver } from './category.resolver';

/** Every resolver of the catalogue feature. */
export const CATALOG_RESOLVERS = [ProductResolver, VariantResolver, BundleComponentResolver, CategoryResolver];
