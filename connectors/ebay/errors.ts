import {
  AuthFailedError,
  MarketplaceError,
  MarketplaceErrorKind,
  PermanentError,
  PermissionDeniedError,
  RateLimitedError,
  RetryableError,
} from '../sdk/errors';
import { parseRetryAfter } from '../sdk/http';
import { parseJsonExact } from '../sdk/exact-json';
import type { ItemError, ResponseClassifier } from '../sdk/types';

/**
 * How eBay's REST APIs fail (ebay.md §7). The HTTP status says what happened and the body says
 * why, in the contract's `Error` shape:
 *   {"errors": [{"errorId": 25002, "domain": "API_INVENTORY", "subdomain": "Selling",
 *     "category": "REQUEST", "message": "…", "longMessage": "…", "parameters": [{"name", "value"}]}],
 *    "warnings": [...]}
 * `category` is REQUEST or BUSINESS (the caller's fault: the request as sent cannot succeed) or
 * APPLICATION (eBay's own). The OAuth token endpoint answers in OAuth's shape instead:
 * `{"error": "invalid_grant", "error_description": "…"}`.
 *
 * 401 (errorId 1001, "Invalid access token" [U]) is an access token eBay no longer takes: the HTTP
 * helper refreshes once and then reports AUTH_FAILED. 403 with errorId 1100 ("Access denied",
 * "Insufficient permissions to fulfill the request") is a token without the Sell scope, which is
 * what an Application token (client_credentials) or a consent without sell.inventory /
 * sell.fulfillment is: only a user's consent fixes it, so it is AUTH_FAILED with a message saying
 * so. 429 (errorId 2001, "Too many requests") is the call quota, retried after `Retry-After` when
 * eBay sends one (it documents none; the simulator does, as a test aid). 5xx and errorId 25001
 * ("A system error has occurred", APPLICATION) are eBay's fault and retryable; every other 4xx is
 * the request's fault (PERMANENT). A 2xx never is an error here: 207 multi-status bodies are read
 * item by item by the calls that make them (`itemErrorOf`).
 */

type Raw = Record<string, unknown>;

/** One error of an eBay `errors[]` list, as read. */
export interface EbayErrorEntry {
  errorId: string | null;
  category: string | null;
  domain: string | null;
  message: string | null;
  longMessage: string | null;
  parameters: { name: string; value: string }[];
}

/** eBay's "system error" errorIds: its own fault, answered with a 5xx or inside a 207 [O: Inventory 25001, Fulfillment 30500]. */
const SYSTEM_ERRORS = new Set(['25001', '30500']);
/** The token is not taken: expired, revoked, malformed [U: 1001 "Invalid access token", 1002 "Missing access token"]. */
const TOKEN_ERRORS = new Set(['1001', '1002', '1003']);
/** Access denied for the token's scopes [U: 1100 "Access denied" / "Insufficient permissions to fulfill the request"]. */
const SCOPE_ERRORS = new Set(['1100']);
/** Over the call quota [U: 2001 "Too many requests"]. */
const THROTTLE_ERRORS = new Set(['2001']);

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null);

/** The body as an object: the HTTP helper hands it over parsed (exactly) or as text. */
export function ebayBody(data: unknown): Raw | null {
  if (typeof data === 'string') {
    if (!data.trim()) return null;
    try {
      return ebayBody(parseJsonExact(data));
    } catch {
      return null;
    }
  }
  if (Buffer.isBuffer(data)) return ebayBody(data.toString('utf8'));
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Raw) : null;
}

/** The entries of an `errors[]` (or `warnings[]`) list, defensively read; [] when there is none. */
export function errorEntries(list: unknown): EbayErrorEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((e) => {
    if (!e || typeof e !== 'object') return [];
    const r = e as Raw;
    const parameters = Array.isArray(r.parameters)
      ? r.parameters.flatMap((p) => {
          const name = str((p as Raw | null)?.name);
          return name ? [{ name, value: str((p as Raw).value) ?? '' }] : [];
        })
      : [];
    return [{ errorId: str(r.errorId), category: str(r.category)?.toUpperCase() ?? null, domain: str(r.domain), message: str(r.message), longMessage: str(r.longMessage), parameters }];
  });
}

/** What staff read for an error: its long message (else its message), with the parameters eBay names. */
export function describeEntry(e: EbayErrorEntry): string {
  const text = e.longMessage ?? e.message ?? `eBay error ${e.errorId ?? 'without an id'}`;
  const params = e.parameters.filter((p) => p.value && !text.includes(p.value)).map((p) => `${p.name}=${p.value}`);
  return params.length ? `${text} (${params.join(', ')})` : text;
}

/** All the errors of a list as one message, the first's code as the code. */
function summary(entries: EbayErrorEntry[]): { code: string | null; message: string | null } {
  if (!entries.length) return { code: null, message: null };
  const messages = [...new Set(entries.map(describeEntry))];
  return { code: entries[0].errorId, message: messages.join('; ') };
}

/** The message staff read when a Sell API refuses the token's scope. */
export const USER_TOKEN_REQUIRED =
  "eBay refused the token for this Sell API (insufficient scope): the channel needs a User token from the seller's consent (authorization_code grant with the sell.inventory and sell.fulfillment scopes) and its refresh token; an Application token (client_credentials) cannot call the seller's APIs";

/** The SDK error of an eBay answer with an error status. */
export function ebayError(status: number, body: Raw | null, operation: string | undefined, headers: Record<string, string> = {}): MarketplaceError {
  const entries = errorEntries(body?.errors);
  const oauth = str(body?.error);
  const { code: errorId, message: said } = summary(entries);
  const requestId = headers['x-ebay-c-request-id'] ?? headers['rlogid'] ?? undefined;

  if (oauth) return oauthError(status, oauth, str(body?.error_description), operation);
  const code = errorId ?? `HTTP_${status}`;
  const details = { code, message: said ?? `eBay answered HTTP ${status}`, status, operation, requestId };
  const ids = new Set(entries.map((e) => e.errorId ?? ''));
  const has = (set: Set<string>) => [...ids].some((id) => set.has(id));

  if (status === 429 || has(THROTTLE_ERRORS)) return new RateLimitedError({ ...details, retryAfterMs: parseRetryAfter(headers['retry-after']) });
  if (status === 401 || has(TOKEN_ERRORS)) return new AuthFailedError(details);
  if (status === 403) {
    if (has(SCOPE_ERRORS) || /scope|insufficient permission|access denied/i.test(said ?? '')) return new AuthFailedError({ ...details, message: `${USER_TOKEN_REQUIRED} (eBay: ${said ?? 'HTTP 403'})` });
    return new PermissionDeniedError(details);
  }
  if (status >= 500 || status === 408 || has(SYSTEM_ERRORS)) return new RetryableError(details);
  return new PermanentError(details);
}

/**
 * The token endpoint's refusals (RFC 6749 §5.2): a spent, revoked or expired refresh token, wrong
 * client credentials or a scope the consent did not grant are for a person to fix (AUTH_FAILED);
 * eBay being down is retried.
 */
function oauthError(status: number, error: string, description: string | null, operation: string | undefined): MarketplaceError {
  const details = { code: error, message: description ? `${error}: ${description}` : error, status, operation: operation ?? 'auth' };
  if (status === 429) return new RateLimitedError(details);
  if (status >= 500 || error === 'server_error' || error === 'temporarily_unavailable') return new RetryableError(details);
  if (error === 'invalid_scope') return new AuthFailedError({ ...details, message: `${details.message} — the seller's consent does not cover the scopes asked for (sell.inventory, sell.fulfillment): authorise the app again with them` });
  return new AuthFailedError(details);
}

/** The ResponseClassifier the HTTP helper runs on every eBay answer. */
export const classifyEbayResponse: ResponseClassifier = (res, operation) => {
  if (res.status < 400) return undefined;
  return ebayError(res.status, ebayBody(res.data), operation, res.headers);
};

/** The kind of one item's refusal inside a 200/207 bulk answer, by its own status and errorIds. */
export function itemKind(statusCode: number | null, entries: EbayErrorEntry[]): MarketplaceErrorKind {
  if (entries.some((e) => e.errorId && SYSTEM_ERRORS.has(e.errorId))) return 'RETRYABLE';
  if (statusCode === 429 || entries.some((e) => e.errorId && THROTTLE_ERRORS.has(e.errorId))) return 'RATE_LIMITED';
  if (statusCode !== null && statusCode >= 500) return 'RETRYABLE';
  if (entries.length && entries.every((e) => e.category === 'APPLICATION')) return 'RETRYABLE';
  return 'PERMANENT';
}

/** One item of a bulk answer as an ItemError, or null when it succeeded (2xx without errors). */
export function itemErrorOf(statusCode: unknown, errors: unknown): ItemError | null {
  const status = typeof statusCode === 'number' ? statusCode : typeof statusCode === 'string' && /^\d+$/.test(statusCode) ? Number(statusCode) : null;
  const entries = errorEntries(errors);
  if (status !== null && status >= 200 && status < 300 && !entries.length) return null;
  // A 2xx carrying errors is read as a refusal too: eBay lists warnings apart.
  const { code, message } = summary(entries);
  return { kind: itemKind(status, entries), code: code ?? `HTTP_${status ?? 'UNKNOWN'}`, message: message ?? `eBay answered ${status ?? 'without a status'} for this item` };
}

/** An item's refusal as the error a single call throws (items never carry account-wide kinds). */
export function errorOfItem(e: ItemError, operation: string): MarketplaceError {
  const details = { code: e.code, message: e.message, operation };
  if (e.kind === 'RETRYABLE') return new RetryableError(details);
  if (e.kind === 'RATE_LIMITED') return new RateLimitedError(details);
  return new PermanentError(details);
}
