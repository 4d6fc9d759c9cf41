import type { Document, OpenAPIBackend, Operation } from 'openapi-backend';
import type { ContractProblem, Exchange, ExchangeContract, ExchangeVerdict } from './exchange';
import { dedupe, describeAjvErrors, headerValue, lowerHeaders, mediaType, parseJson, queryObject } from './exchange';

/**
 * A marketplace's OpenAPI 3 documents as a validator of HTTP exchanges, on the openapi-backend
 * library: the request against the operation's parameters (path, query, headers), the
 * marketplace's own request checks (its credential header, which the library leaves to handlers)
 * and request body; the answer against the response the operation declares for its status (body
 * schema, headers). Whatever the library checks is the model's word; what this file adds is said
 * where it is added. Generic: the marketplace gives its documents (already normalised) and its rules.
 */

export type Json = Record<string, unknown>;

export interface OpenApiSource {
  /** The API's name in messages (`orders`, `listings`). */
  api: string;
  /** An OpenAPI 3.0 document. */
  document: Json;
  /** Where its paths live on the host ('' when the document's paths are full paths). */
  apiRoot?: string;
}

export interface OpenApiExchangeOptions {
  /** Compile each operation's validators when first used (default), or all at load with the documents checked (`false`). */
  quick?: boolean;
  /**
   * Statuses any call may answer although an operation does not declare them (a token refused, a
   * call limit, a failure): their body must still be the marketplace's error envelope. A 503 from
   * a front server may be an HTML page.
   */
  platformStatuses: number[];
  /** JSON schema of the marketplace's error envelope (its `$ref`s point into each document's `components.schemas`). */
  errorEnvelope: Json;
  /** Checks the library leaves to handlers (the credential header every call must carry); problems for the request side. */
  requestChecks?(operation: Operation, headers: Record<string, string | string[]>): ContractProblem[];
  /** Lets the marketplace add formats (date-time) to the library's Ajv instances. */
  customizeAjv?(ajv: unknown): unknown;
}

/** An operation added to each document to check the envelope of platform answers (never a path a client calls). */
const ENVELOPE_PATH = '/__contract__/error-envelope';
const ENVELOPE_OPERATION = 'contractErrorEnvelope';
const ENVELOPE_SCHEMA = 'ContractErrorEnvelope';

interface Loaded {
  api: string;
  root: string;
  backend: OpenAPIBackend;
}

export class OpenApiExchangeValidator implements ExchangeContract {
  private constructor(
    private readonly apis: Loaded[],
    private readonly options: OpenApiExchangeOptions,
  ) {}

  static async load(sources: OpenApiSource[], options: OpenApiExchangeOptions): Promise<OpenApiExchangeValidator> {
    // Required here, not imported at the top: the library is a devDependency, and a simulator
    // started where it is not installed (a production image's demo) runs without checks.
    const { OpenAPIBackend: Backend } = require('openapi-backend') as typeof import('openapi-backend');
    const apis: Loaded[] = [];
    for (const source of sources) {
      const doc = structuredClone(source.document);
      const components = ((doc.components ??= {}) as Json);
      ((components.schemas ??= {}) as Json)[ENVELOPE_SCHEMA] = options.errorEnvelope;
      ((doc.paths ??= {}) as Json)[ENVELOPE_PATH] = {
        get: {
          operationId: ENVELOPE_OPERATION,
          responses: { '200': { description: 'the error envelope', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ENVELOPE_SCHEMA}` } } } } },
        },
      };
      const backend = new Backend({
        definition: doc as unknown as Document,
        apiRoot: source.apiRoot || '/',
        quick: options.quick ?? true,
        strict: true,
        ignoreTrailingSlashes: false,
        // Every problem of a body, not just the first: a report that lists them all is fixed in one go.
        ajvOpts: { allErrors: true },
        customizeAjv: options.customizeAjv ? (ajv) => options.customizeAjv!(ajv) as typeof ajv : undefined,
      });
      await backend.init();
      apis.push({ api: source.api, root: source.apiRoot ?? '', backend });
    }
    return new OpenApiExchangeValidator(apis, options);
  }

  /** The operation a request goes to, or null. */
  find(method: string, path: string): { api: Loaded; operation: Operation } | null {
    for (const api of this.apis) {
      if (api.root && path !== api.root && !path.startsWith(`${api.root}/`)) continue;
      const operation = api.backend.matchOperation({ method, path, headers: {} });
      if (operation && operation.operationId !== ENVELOPE_OPERATION) return { api, operation };
    }
    return null;
  }

  operationOf(method: string, path: string): { operationId: string | null } | null {
    const found = this.find(method, path);
    return found ? { operationId: found.operation.operationId ?? null } : null;
  }

  validate(exchange: Exchange): ExchangeVerdict {
    const found = this.find(exchange.method, exchange.path);
    if (!found) {
      return { operationId: null, api: null, problems: [{ side: 'request', where: 'path', message: `no operation ${exchange.method.toUpperCase()} ${exchange.path} in ${this.apis.map((a) => a.api).join(', ')}` }] };
    }
    return {
      operationId: found.operation.operationId ?? null,
      api: found.api.api,
      problems: [...this.requestProblems(found.api, found.operation, exchange), ...this.responseProblems(found.api, found.operation, exchange)],
    };
  }

  private requestProblems(api: Loaded, op: Operation, ex: Exchange): ContractProblem[] {
    const headers = lowerHeaders(ex.headers);
    const problems: ContractProblem[] = [...(this.options.requestChecks?.(op, headers) ?? [])];
    let body: unknown;
    const declared = op.requestBody && 'content' in op.requestBody ? op.requestBody : null;
    if (ex.body.trim() !== '') {
      if (!declared) problems.push({ side: 'request', where: '/requestBody', message: 'the operation takes no request body' });
      else {
        const type = mediaType(headerValue(headers, 'content-type'));
        if (!type || !Object.keys(declared.content).includes(type)) problems.push({ side: 'request', where: '/header/content-type', message: `the body must be sent as ${Object.keys(declared.content).join(' or ')}, not ${type ?? 'without a Content-Type'}` });
        const parsed = parseJson(ex.body);
        if (parsed.ok) body = parsed.value;
        else problems.push({ side: 'request', where: '/requestBody', message: `not JSON: ${parsed.error}` });
      }
    } else if (declared?.required) {
      problems.push({ side: 'request', where: '/requestBody', message: 'the operation requires a request body' });
    }
    const result = api.backend.validateRequest({ method: ex.method, path: ex.path, headers, query: queryObject(ex.query), body }, op);
    problems.push(...describeAjvErrors('request', result.errors));
    return dedupe(problems);
  }

  private responseProblems(api: Loaded, op: Operation, ex: Exchange): ContractProblem[] {
    const problems: ContractProblem[] = [];
    const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const key = [String(ex.status), `${Math.floor(ex.status / 100)}XX`, 'default'].find((k) => responses[k]);
    const headers = lowerHeaders(ex.responseHeaders);
    const type = mediaType(headerValue(headers, 'content-type'));
    const text = ex.responseBody;

    if (!key) {
      if (!this.options.platformStatuses.includes(ex.status)) {
        return [{ side: 'response', where: 'status', message: `${op.operationId} does not declare status ${ex.status} (declared: ${Object.keys(responses).join(', ')})` }];
      }
      if (ex.status === 503 && type !== 'application/json') return [];
      const parsed = parseJson(text);
      if (!parsed.ok) return [{ side: 'response', where: '/body', message: `status ${ex.status} must answer the error envelope as JSON: ${parsed.error}` }];
      return describeAjvErrors('response', api.backend.validateResponse(parsed.value, ENVELOPE_OPERATION, 200).errors, '/body');
    }

    const content = responses[key].content;
    if (text.trim() === '') {
      // A read that answers nothing has lost what it was for; writes may answer without a body where the schema allows it.
      if (content && ex.method.toUpperCase() === 'GET' && ex.status < 300) problems.push({ side: 'response', where: '/body', message: `${op.operationId} answers ${ex.status} with a body (${Object.keys(content).join(', ')}), not an empty one` });
    } else if (!content) {
      problems.push({ side: 'response', where: '/body', message: `${op.operationId} declares no body for ${key}` });
    } else {
      if (!type || !Object.keys(content).includes(type)) problems.push({ side: 'response', where: '/header/content-type', message: `the body must be ${Object.keys(content).join(' or ')}, not ${type ?? 'without a Content-Type'}` });
      const parsed = parseJson(text);
      if (!parsed.ok) problems.push({ side: 'response', where: '/body', message: `not JSON: ${parsed.error}` });
      else problems.push(...describeAjvErrors('response', api.backend.validateResponse(parsed.value, op, ex.status).errors, '/body'));
    }
    problems.push(...describeAjvErrors('response', api.backend.validateResponseHeaders(headers, op, { statusCode: ex.status }).errors));
    return dedupe(problems);
  }
}
