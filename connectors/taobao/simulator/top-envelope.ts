import crypto from 'node:crypto';
import { jsonResponse, SimResponse } from '../../sdk/simulator';

/**
 * TOP's answers (taobao.md §4): a success is `{"<method sans taobao., dots as _>_response":
 * {..., "request_id"}}`; an error is HTTP 200 with `{"error_response": {code, msg, sub_code,
 * sub_msg, request_id}}`.
 */

/** A TOP error answer, thrown anywhere in a call's handling and written by the gateway. */
export class TopFault extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly subCode?: string,
    readonly subMsg?: string,
  ) {
    super(`${code} ${msg}${subCode ? ` ${subCode}` : ''}${subMsg ? `: ${subMsg}` : ''}`);
  }
}

/** 40: a required parameter is missing (TOP writes the name into `msg`). */
export const missingArgument = (name: string) => new TopFault(40, `Missing required arguments:${name}`, `isv.missing-parameter:${name}`, `缺少必选参数 ${name}`);

/** 41: a parameter's value is not acceptable [U exact sub_code: isv.invalid-parameter:<name>]. */
export const invalidArgument = (name: string, why: string) => new TopFault(41, `Invalid arguments:${name}`, `isv.invalid-parameter:${name}`, why);

/** 15 with an `isv.*` sub_code: a business rule refused the call; the caller must change it. */
export const businessError = (subCode: string, subMsg: string) => new TopFault(15, 'Remote service error', subCode, subMsg);

/** `taobao.trades.sold.get` → `trades_sold_get_response`. */
export function responseName(method: string): string {
  return `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
}

/** TOP's request ids are short opaque strings; ours are random hex of the same look. */
export function requestId(): string {
  return crypto.randomBytes(7).toString('hex');
}

/** The success envelope of `method`. */
export function topSuccess(method: string, body: Record<string, unknown>): SimResponse {
  return jsonResponse(200, { [responseName(method)]: { ...body, request_id: requestId() } }, { operation: method });
}

/** The error envelope, always HTTP 200 as TOP sends it. */
export function topErrorResponse(fault: TopFault, method: string | null): SimResponse {
  const error: Record<string, unknown> = { code: fault.code, msg: fault.msg };
  if (fault.subCode) error.sub_code = fault.subCode;
  if (fault.subMsg) error.sub_msg = fault.subMsg;
  error.request_id = requestId();
  return jsonResponse(200, { error_response: error }, { operation: method, errorCode: fault.subCode ? `${fault.code}:${fault.subCode}` : String(fault.code), errorMessage: fault.msg });
}
