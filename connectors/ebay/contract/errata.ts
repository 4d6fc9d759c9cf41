/**
 * Places where eBay's contract contradicts itself, and the reading the validator takes. Each is
 * checked by contract.test.ts against the vendored files: when a new version of the contract
 * fixes one, the test says so and the erratum goes.
 *
 * Only a contradiction inside the contract qualifies (a schema against its own description or
 * example): never what a client or the simulator happens to send.
 */

export interface Erratum {
  /** Which contract file. */
  spec: 'inventory' | 'fulfillment';
  /** Path of the property inside `components.schemas`, e.g. ['Product', 'aspects']. */
  schema: [string, string];
  /** What the contract's schema says there (checked, so a fixed contract is noticed). */
  declared: Record<string, unknown>;
  /** The schema the validator uses instead. */
  reading: Record<string, unknown>;
  /** Why: where the contract itself says otherwise. */
  evidence: string;
}

/** Item specifics: a name with its values, `{"Brand": ["GoPro"]}`, as the description's example writes them. */
const ASPECTS_READING = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } };

export const ERRATA: Erratum[] = [
  {
    spec: 'inventory',
    schema: ['Product', 'aspects'],
    declared: { type: 'string' },
    reading: ASPECTS_READING,
    evidence:
      'The schema types Product.aspects as a string, but its description shows the JSON to send as an object of value lists ("aspects": {"Brand": ["GoPro"], "Storage Type": ["Removable"]}); ebay.md §4 writes it the same way.',
  },
  {
    spec: 'inventory',
    schema: ['InventoryItemGroup', 'aspects'],
    declared: { type: 'string' },
    reading: ASPECTS_READING,
    evidence: 'The schema types InventoryItemGroup.aspects as a string, but its description shows "aspects": {"pattern": ["solid"], "sleeves": ["short"]}.',
  },
];
