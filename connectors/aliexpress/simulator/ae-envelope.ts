import crypto from 'node:crypto';
import { jsonResponse, SimResponse } from '../../sdk/simulator';

/**
 * The shapes of AliExpress answers (aliexpress.md §4):
 * - `/sync` success: `{"<method with dots as _>_response": {…, "request_id"}}`;
 * - `/sync` error: `{"error_response": {"type", "code", "msg", "request_id"}}` [U: the reference
 *   asks the simulator to emit exactly this];
 * - `/rest` success: the answer's fields at the top level with `code: "0"` and `request_id`;
 * - `/rest` error: `{"code", "type", "message", "request_id"}` at the top level;
 * - business refusals inside a successful envelope (`result.error_code`, `update_success=false`…).
 * All are HTTP 200 [U: IOP's HTTP status for gateway errors is not documented here].
 */

export type IopErrorType = 'ISV' | 'ISP' | 'SYSTEM';

/** A gateway error: thrown anywhere in a call's handling and written by the gateway in the envelope of the path called. */
export class IopFault extends Error {
  constructor(
    readonly code: string,
    readonly type: IopErrorType,
    readonly msg: string,
  ) {
    super(`${type} ${code}: ${msg}`);
  }
}

/**
 * A business refusal: the call was understood but not carried out; its answer is the method's
 * normal envelope holding the refusal (`body`). Nothing was written, so no after-commit fault
 * strikes it.
 */
export class BusinessRefusal extends Error {
  constructor(
    readonly body: Record<string, unknown>,
    readonly code: string,
    readonly refusal: string,
  ) {
    super(`${code}: ${refusal}`);
  }
}

// Codes below are [U] unless the reference names them: IOP's common codes as its sister
// platform (Lazada Open Platform, same gateway) writes them; only IncompleteSignature is [S].
export const missingParameter = (name: string) => new IopFault('MissingParameter', 'ISV', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalidParameter = (name: string, why: string) => new IopFault('InvalidParameter', 'ISV', `The specified parameter "${name}" is invalid: ${why}`);
export const incompleteSignature = () => new IopFault('IncompleteSignature', 'ISV', 'The request signature does not conform to platform standards');

/** `aliexpress.solution.order.get` → `aliexpress_solution_order_get_response` (the whole name: unlike TOP, nothing is cut). */
export function responseName(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/** IOP request ids: opaque hex with a time part; ours look alike. */
export function requestId(): string {
  return `21${crypto.randomBytes(6).toString('hex')}${Date.now().toString(16)}`;
}

export function syncSuccess(method: string, body: Record<string, unknown>, refusal?: { code: string; message: string }): SimResponse {
  return jsonResponse(200, { [responseName(method)]: { ...body, request_id: requestId() } }, { operation: method, errorCode: refusal?.code ?? null, errorMessage: refusal?.message ?? null });
}

export function syncError(fault: IopFault, method: string | null): SimResponse {
  return jsonResponse(200, { error_response: { type: fault.type, code: fault.code, msg: fault.msg, request_id: requestId() } }, { operation: method, errorCode: fault.code, errorMessage: fault.msg });
}

export function restSuccess(apiPath: string, body: Record<string, unknown>): SimResponse {
  return jsonResponse(200, { ...body, code: '0', request_id: requestId() }, { operation: apiPath });
}

export function restError(fault: IopFault, apiPath: string | null): SimResponse {
  return jsonResponse(200, { code: fault.code, type: fault.type, message: fault.msg, request_id: requestId() }, { operation: apiPath, errorCode: fault.code, errorMessage: fault.msg });
}

/** A 5xx the way a front server sends one: an HTML page, not an IOP envelope. */
export function serverErrorPage(status: 500 | 502 | 503, operation: string | null): SimResponse {
  const text = status === 503 ? 'Service Temporarily Unavailable' : status === 502 ? 'Bad Gateway' : 'Internal Server Error';
  return {
    status,
    body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center><hr><center>Tengine</center></body></html>`,
    headers: { 'content-type': 'text/html' },
    operation,
    errorCode: `HTTP_${status}`,
    errorMessage: text,
  };
}
