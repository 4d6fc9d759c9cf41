import { jsonResponse, SimResponse } from '../../sdk/simulator';

/**
 * eBay's error answers (ebay.md §7, the contracts' `Error` schema): an HTTP status with
 * `{"errors": [{errorId, domain, subdomain?, category, message, longMessage?, parameters?}]}`.
 * The errorIds of each API are the ones its contract lists in `x-response-codes`; the platform's
 * own (1001, 1100, 2001, 2002, 2004) are eBay's usual answers for tokens, scopes, call limits,
 * unknown resources and malformed requests [U: they are not in the contracts].
 */

export type ErrorCategory = 'REQUEST' | 'APPLICATION' | 'BUSINESS';

export interface ErrorParameter {
  name: string;
  value: string;
}

export interface EbayError {
  errorId: number;
  domain: string;
  subdomain?: string;
  category: ErrorCategory;
  message: string;
  longMessage?: string;
  parameters?: ErrorParameter[];
}

export const INVENTORY_DOMAIN = 'API_INVENTORY';
export const FULFILLMENT_DOMAIN = 'API_FULFILLMENT';

/** A refused call: its status and errors, answered in eBay's shape. */
export class EbayFault extends Error {
  constructor(
    readonly status: number,
    readonly errors: EbayError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.errorId} ${e.message}`).join('; '));
  }
}

type Options = { longMessage?: string; parameters?: Record<string, string> | ErrorParameter[]; category?: ErrorCategory };

function params(p: Options['parameters']): ErrorParameter[] | undefined {
  if (!p) return undefined;
  return Array.isArray(p) ? p : Object.entries(p).map(([name, value]) => ({ name, value }));
}

export function ebayError(domain: string, errorId: number, message: string, options: Options = {}): EbayError {
  return {
    errorId,
    domain,
    subdomain: domain === INVENTORY_DOMAIN || domain === FULFILLMENT_DOMAIN ? 'Selling' : undefined,
    category: options.category ?? 'REQUEST',
    message,
    ...(options.longMessage ? { longMessage: options.longMessage } : {}),
    ...(options.parameters ? { parameters: params(options.parameters) } : {}),
  };
}

/** An Inventory API refusal (errorIds 25xxx of the contract). */
export function inventoryFault(status: number, errorId: number, message: string, options: Options = {}): EbayFault {
  return new EbayFault(status, [ebayError(INVENTORY_DOMAIN, errorId, message, options)]);
}

/** A Fulfillment API refusal (errorIds 3xxxx of the contract). */
export function fulfillmentFault(status: number, errorId: number, message: string, options: Options = {}): EbayFault {
  return new EbayFault(status, [ebayError(FULFILLMENT_DOMAIN, errorId, message, options)]);
}

/** 401: the token is unknown, expired or not a bearer token at all. */
export function invalidToken(why: string): EbayFault {
  return new EbayFault(401, [ebayError('OAuth', 1001, 'Invalid access token', { longMessage: `Invalid access token. Check the value of the Authorization HTTP request header. (${why})` })]);
}

/** 403: the token lacks the scope the call needs (an application token has none of the Sell scopes). */
export function insufficientScope(why: string): EbayFault {
  return new EbayFault(403, [ebayError('ACCESS', 1100, 'Access denied', { longMessage: `Insufficient permissions to fulfill the request. ${why}` })]);
}

/**
 * 429, errorId 2001. `Retry-After` is a simulator-only aid for tests: eBay documents no such
 * header (ebay.md §7), so a client must not depend on it.
 */
export function tooManyRequests(retryAfterSeconds: number, why: string): EbayFault {
  return new EbayFault(429, [ebayError('ACCESS', 2001, 'Too many requests. The request limit has been reached for the resource.', { longMessage: why })], {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
}

/** A request the gateway cannot read (no JSON body, a header that is not what the call takes). */
export function invalidRequest(longMessage: string, parameters?: Record<string, string>): EbayFault {
  return new EbayFault(400, [ebayError('ACCESS', 2004, 'Invalid request', { longMessage, parameters })]);
}

export function errorAnswer(fault: EbayFault, extra: Partial<SimResponse> = {}): SimResponse {
  const res = jsonResponse(fault.status, { errors: fault.errors }, { errorCode: String(fault.errors[0]?.errorId ?? fault.status), errorMessage: fault.errors[0]?.message ?? null, ...extra });
  return { ...res, headers: { ...res.headers, ...fault.headers } };
}
