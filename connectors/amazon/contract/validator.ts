import type { Operation } from 'openapi-backend';
import type { ContractProblem, Exchange, ExchangeContract, ExchangeVerdict } from '../../sdk/contract';
import { headerValue, OpenApiExchangeValidator } from '../../sdk/contract';
import { DocumentSchemas } from './documents';
import { ApiName, normalisedSpec, SPEC_FILES } from './normalise';

/**
 * Amazon's SP-API models (Orders v2026-01-01 and v0, Listings Items 2021-08-01, Feeds
 * 2021-06-30, FBA Inventory v1) as a validator of HTTP exchanges, on the shared OpenAPI exchange
 * validator (connectors/sdk/contract): parameters, bodies, responses and their headers as the
 * models declare them. What this file adds, each from ../shared/marketplaces/amazon.md:
 * - every call carries `x-amz-access-token` (§1: the LWA token is the only credential; the models
 *   declare no security, so the library cannot check it);
 * - the error envelope `{"errors": [{code, message, details?}]}` (§6) for statuses an operation
 *   does not declare.
 * The feed documents (uploaded to a presigned URL, not an API call) are checked against their JSON
 * Schemas by documents.ts.
 */

/** Statuses any SP-API call may answer (§6): the token refused, the usage plan, failures. */
export const PLATFORM_STATUSES = [401, 403, 429, 500, 503];

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'string' } } },
    },
  },
};

function accessToken(_op: Operation, headers: Record<string, string | string[]>): ContractProblem[] {
  return headerValue(headers, 'x-amz-access-token')?.trim()
    ? []
    : [{ side: 'request', where: '/header/x-amz-access-token', message: 'every SP-API call carries the LWA access token in x-amz-access-token (amazon.md §1)' }];
}

function addFormats(ajv: unknown): unknown {
  // Dates such as createdAfter are `format: date-time` in the models: a client sending `2026-01-01 10:00` is caught.
  const formats = require('ajv-formats') as (a: unknown) => unknown;
  formats(ajv);
  return ajv;
}

export class AmazonContract implements ExchangeContract {
  private constructor(
    private readonly openapi: OpenApiExchangeValidator,
    readonly documents: DocumentSchemas,
  ) {}

  /**
   * Loads the models. `quick` (the default) compiles each operation's validators when first used,
   * which keeps a test file's start short; `{quick: false}` also checks that the converted
   * documents are valid OpenAPI 3.0 (contract.test.ts does it once).
   */
  static async load(options: { quick?: boolean } = {}): Promise<AmazonContract> {
    const sources = await Promise.all((Object.keys(SPEC_FILES) as ApiName[]).map(async (api) => ({ api, document: await normalisedSpec(api) })));
    const openapi = await OpenApiExchangeValidator.load(sources, { quick: options.quick ?? true, platformStatuses: PLATFORM_STATUSES, errorEnvelope: ERROR_ENVELOPE, requestChecks: accessToken, customizeAjv: addFormats });
    return new AmazonContract(openapi, DocumentSchemas.load());
  }

  operationOf(method: string, path: string): { operationId: string | null } | null {
    return this.openapi.operationOf(method, path);
  }

  validate(exchange: Exchange): ExchangeVerdict {
    return this.openapi.validate(exchange);
  }
}

let shared: Promise<AmazonContract> | null = null;

/** The models loaded once per process (each jest test file is one module registry, so once per file). */
export function amazonContract(): Promise<AmazonContract> {
  shared ??= AmazonContract.load();
  return shared;
}
