/**
 * Places where one of Amazon's models contradicts itself, and the reading the validator takes.
 * Each is checked by contract.test.ts against the vendored files: when a new version of the model
 * fixes one, the test says so and the erratum goes. Only a contradiction inside the model
 * qualifies (a schema against its own description, example or sandbox answer): never what a
 * client or the simulator happens to send.
 */

import type { ApiName } from './normalise';

export interface Erratum {
  api: ApiName;
  /** The property inside `components.schemas` (after conversion to OpenAPI 3), e.g. ['Issue', 'categories']. */
  schema: [string, string];
  /** What the model says there (checked, so a fixed model is noticed). */
  declared: Record<string, unknown>;
  /** What the validator uses instead (merged over the declared schema). */
  reading: Record<string, unknown>;
  /** Why: where the model itself says otherwise. */
  evidence: string;
}

export const ERRATA: Erratum[] = [];
