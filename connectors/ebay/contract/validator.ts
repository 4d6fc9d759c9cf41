import type { Document, OpenAPIBackend, Operation } from 'openapi-backend';
import { API_ROOTS, ApiName, ERROR_RESPONSE, Json, normalisedSpec } from './normalise';

/**
 * eBay's OpenAPI contracts (Sell Inventory v1, Sell Fulfillment v1) as a validator of HTTP
 * exchanges, on the openapi-backend library: the request against the operation's parameters
 * (path, query, headers such as Content-Language), security and request body; the answer against
 * the response the operation declares for its status (body schema, headers). Whatever the
 * library checks is the contract's word; what this file adds is said where it is added.
 */

/** One call and its answer, as seen on the wire. */
export interface Exchange {
  method: string;
  /** The path on the host, with the API root (`/sell/inventory/v1/offer`), without the query. */
  path: string;
  /** The query string as sent (without `?`), or its parameters. */
  query: string | Record<string, string | string[]>;
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** Request body as text ('' for none). */
  body: string;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  /** Response body as text ('' for none). */
  responseBody: string;
}

export interface ContractProblem {
  side: 'request' | 'response';
  /** Where in the exchange: `/requestBody/product/title`, `/header`, `status`… */
  where: string;
  message: string;
}

export interface ExchangeVerdict {
  /** The contract's operation, or null when no operation matches the method and path. */
  operationId: string | null;
  api: ApiName | null;
  problems: ContractProblem[];
}

/**
 * Statuses any eBay call may answer although no operation declares them: 401 (token refused),
 * 403 (scope), 429 (call limit) are the platform's (ebay.md §7), 500/503 its failures. Their body
 * must still be the `errors[]` envelope; a 503 from a front server may be an HTML page.
 */
export const PLATFORM_STATUSES = [401, 403, 429, 500, 503];

/** An operation this file adds to each contract to check the envelope of platform answers (never a path a client calls). */
const ENVELOPE_PATH = '/__contract__/error-envelope';
const ENVELOPE_OPERATION = 'contractErrorEnvelope';

type Headers = Record<string, string | string[] | undefined>;

function lowerHeaders(h: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

function header(h: Record<string, string | string[]>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function queryObject(q: Exchange['query']): Record<string, string | string[]> {
  if (typeof q !== 'string') return q;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

function mediaType(contentType: string | undefined): string | null {
  return contentType ? contentType.split(';')[0].trim().toLowerCase() : null;
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describe(side: ContractProblem['side'], errors: AjvLikeError[] | null | undefined, prefix = ''): ContractProblem[] {
  return (errors ?? []).map((e) => {
    const p = e.params ?? {};
    const message = e.message ?? 'invalid';
    const detail = p.allowedValues ? ` (${JSON.stringify(p.allowedValues)})` : p.additionalProperty ? ` (${String(p.additionalProperty)})` : '';
    return { side, where: `${prefix}${e.instancePath ?? ''}` || '/', message: `${message}${detail}` };
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function apiOf(path: string): ApiName | null {
  for (const [api, root] of Object.entries(API_ROOTS) as [ApiName, string][]) if (path === root || path.startsWith(`${root}/`)) return api;
  return null;
}

export class EbayContract {
  private constructor(private readonly backends: Record<ApiName, OpenAPIBackend>) {}

  /**
   * Loads both contracts. `quick` (the default) compiles each operation's validators when first
   * used, which keeps a test file's start short; `{quick: false}` also checks that the
   * normalised documents are valid OpenAPI 3.0 (contract.test.ts does it once).
   */
  static async load(options: { quick?: boolean } = {}): Promise<EbayContract> {
    // Required here, not imported at the top: the library is a devDependency, and a simulator
    // started where it is not installed (the production image's demo) runs without checks.
    const { OpenAPIBackend: Backend } = require('openapi-backend') as typeof import('openapi-backend');
    const backends = {} as Record<ApiName, OpenAPIBackend>;
    for (const api of Object.keys(API_ROOTS) as ApiName[]) {
      const doc = normalisedSpec(api);
      (doc.paths as Json)[ENVELOPE_PATH] = {
        get: {
          operationId: ENVELOPE_OPERATION,
          responses: { '200': { description: 'the errors[] envelope', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE}` } } } } },
        },
      };
      const backend = new Backend({
        definition: doc as unknown as Document,
        apiRoot: API_ROOTS[api],
        quick: options.quick ?? true,
        strict: true,
        // `/offer/{offerId}/publish/` is not `/offer/{offerId}/publish` (ebay.md §4 notes the contract once had the slash).
        ignoreTrailingSlashes: false,
        // Every problem of a body, not just the first: a report that lists them all is fixed in one go.
        ajvOpts: { allErrors: true },
      });
      await backend.init();
      backends[api] = backend;
    }
    return new EbayContract(backends);
  }

  /** The operation a request goes to, or null. */
  operationOf(method: string, path: string): { api: ApiName; operation: Operation } | null {
    const api = apiOf(path);
    if (!api) return null;
    const operation = this.backends[api].matchOperation({ method, path, headers: {} });
    return operation && operation.operationId !== ENVELOPE_OPERATION ? { api, operation } : null;
  }

  validate(exchange: Exchange): ExchangeVerdict {
    const api = apiOf(exchange.path);
    const found = this.operationOf(exchange.method, exchange.path);
    if (!found) {
      const message = api
        ? `no operation ${exchange.method.toUpperCase()} ${exchange.path} in the ${api} contract`
        : `${exchange.path} is under neither eBay API the contracts cover (${Object.values(API_ROOTS).join(', ')})`;
      return { operationId: null, api, problems: [{ side: 'request', where: 'path', message }] };
    }
    return {
      operationId: found.operation.operationId ?? null,
      api: found.api,
      problems: [...this.requestProblems(found.api, found.operation, exchange), ...this.responseProblems(found.api, found.operation, exchange)],
    };
  }

  private requestProblems(api: ApiName, op: Operation, ex: Exchange): ContractProblem[] {
    const problems: ContractProblem[] = [];
    const headers = lowerHeaders(ex.headers);
    // The library leaves security to handlers; the contract's scheme is OAuth2, sent as a bearer token.
    if ((op.security ?? []).length > 0 && !/^Bearer \S+/i.test(header(headers, 'authorization') ?? '')) {
      problems.push({ side: 'request', where: '/header/authorization', message: 'the operation requires an OAuth2 token (Authorization: Bearer <token>)' });
    }
    let body: unknown;
    const declared = op.requestBody && 'content' in op.requestBody ? op.requestBody : null;
    if (ex.body.trim() !== '') {
      if (!declared) problems.push({ side: 'request', where: '/requestBody', message: 'the operation takes no request body' });
      else {
        const type = mediaType(header(headers, 'content-type'));
        if (!type || !Object.keys(declared.content).includes(type)) problems.push({ side: 'request', where: '/header/content-type', message: `the body must be sent as ${Object.keys(declared.content).join(' or ')}, not ${type ?? 'without a Content-Type'}` });
        const parsed = parseJson(ex.body);
        if (parsed.ok) body = parsed.value;
        else problems.push({ side: 'request', where: '/requestBody', message: `not JSON: ${parsed.error}` });
      }
    } else if (declared?.required) {
      problems.push({ side: 'request', where: '/requestBody', message: 'the operation requires a request body' });
    }
    const result = this.backends[api].validateRequest({ method: ex.method, path: ex.path, headers, query: queryObject(ex.query), body }, op);
    problems.push(...describe('request', result.errors));
    return dedupe(problems);
  }

  private responseProblems(api: ApiName, op: Operation, ex: Exchange): ContractProblem[] {
    const problems: ContractProblem[] = [];
    const backend = this.backends[api];
    const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const key = [String(ex.status), `${Math.floor(ex.status / 100)}XX`, 'default'].find((k) => responses[k]);
    const headers = lowerHeaders(ex.responseHeaders);
    const type = mediaType(header(headers, 'content-type'));
    const text = ex.responseBody;

    if (!key) {
      if (!PLATFORM_STATUSES.includes(ex.status)) {
        return [{ side: 'response', where: 'status', message: `${op.operationId} does not declare status ${ex.status} (declared: ${Object.keys(responses).join(', ')})` }];
      }
      // A platform answer: the errors[] envelope, or a front server's page on a 503.
      if (ex.status === 503 && type !== 'application/json') return [];
      const parsed = parseJson(text);
      if (!parsed.ok) return [{ side: 'response', where: '/body', message: `status ${ex.status} must answer the errors[] envelope as JSON: ${parsed.error}` }];
      return describe('response', backend.validateResponse(parsed.value, ENVELOPE_OPERATION, 200).errors, '/body');
    }

    const content = responses[key].content;
    if (text.trim() === '') {
      // Writes answer without a body where the contract's schema allows it (createShippingFulfillment's 201,
      // an inventory PUT without warnings); a read that answers nothing has lost what it was for.
      if (content && ex.method.toUpperCase() === 'GET' && ex.status < 300) problems.push({ side: 'response', where: '/body', message: `${op.operationId} answers ${ex.status} with a body (${Object.keys(content).join(', ')}), not an empty one` });
    } else if (!content) {
      problems.push({ side: 'response', where: '/body', message: `${op.operationId} declares no body for ${key}` });
    } else {
      if (!type || !Object.keys(content).includes(type)) problems.push({ side: 'response', where: '/header/content-type', message: `the body must be ${Object.keys(content).join(' or ')}, not ${type ?? 'without a Content-Type'}` });
      const parsed = parseJson(text);
      if (!parsed.ok) problems.push({ side: 'response', where: '/body', message: `not JSON: ${parsed.error}` });
      else problems.push(...describe('response', backend.validateResponse(parsed.value, op, ex.status).errors, '/body'));
    }
    problems.push(...describe('response', backend.validateResponseHeaders(headers, op, { statusCode: ex.status }).errors));
    return dedupe(problems);
  }
}

function dedupe(problems: ContractProblem[]): ContractProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.side}|${p.where}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

let shared: Promise<EbayContract> | null = null;

/** The contracts loaded once per process (each jest test file is one module registry, so once per file). */
export function ebayContract(): Promise<EbayContract> {
  shared ??= EbayContract.load();
  return shared;
}
