import { jsonResponse, SimResponse } from '../../sdk/simulator';

/**
 * SP-API error answers (amazon.md §6): an HTTP status with `{"errors": [{code, message, details?}]}`
 * (code and message required). Codes: `InvalidInput` (400) and `NotFound` (404) as the models'
 * sandbox answers write them; `Unauthorized` (403) for the access token (§1, the texts [U]);
 * `QuotaExceeded` (429) [U: the code is not in the models]; `InternalFailure` (500) and
 * `ServiceUnavailable` (503) [U].
 */

export interface SpError {
  code: string;
  message: string;
  details?: string;
}

export class AmazonFault extends Error {
  constructor(
    readonly status: number,
    readonly errors: SpError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.code} ${e.message}`).join('; '));
  }
}

export function fault(status: number, code: string, message: string, details?: string): AmazonFault {
  return new AmazonFault(status, [{ code, message, ...(details !== undefined ? { details } : {}) }]);
}

export const invalidInput = (message: string, details?: string) => fault(400, 'InvalidInput', message, details);
export const notFound = (message: string, details?: string) => fault(404, 'NotFound', message, details);

/** 403 for a missing, unknown or expired access token, or a call for another seller (amazon.md §1 [U: the details texts]). */
export const unauthorized = (details: string) => fault(403, 'Unauthorized', 'Access to requested resource is denied.', details);

/** 429 [U: the code]; no Retry-After: Amazon documents none (§6). */
export const quotaExceeded = (details: string) => fault(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', details);

export function errorAnswer(f: AmazonFault): SimResponse {
  const res = jsonResponse(f.status, { errors: f.errors }, { errorCode: f.errors[0]?.code ?? String(f.status), errorMessage: f.errors[0]?.message ?? null });
  return { ...res, headers: { ...res.headers, ...f.headers } };
}
