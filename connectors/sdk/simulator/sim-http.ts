import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parseJsonExact, stringifyJsonExact } from '../exact-json';

/**
 * The request and response shapes simulators work with, and the body readers they share:
 * JSON that keeps 64-bit ids exact, and form bodies.
 */

/** A request as a simulator handler sees it: the body already read as UTF-8 text. */
export interface SimRequest {
  method: string;
  /** The path without the query string, e.g. `/router/rest`. */
  path: string;
  query: URLSearchParams;
  /**
   * The query string as it came on the wire, without `?` ('' when none): what `query` decoded.
   * A marketplace that refuses characters sent unencoded (eBay's getOrders filter) reads this.
   */
  rawQuery?: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text; '' when there was none. */
  body: string;
  /** The body's bytes, for what is not text (a file upload). */
  rawBody?: Buffer;
}

/** A simulator's answer. */
export interface SimResponse {
  status: number;
  /** Body text; JSON written with `stringifyJsonExact` so BigInt ids stay bare numbers. */
  body: string;
  /** A binary body sent as it is instead of `body` (a GZIP-compressed download). */
  bytes?: Buffer;
  headers?: Record<string, string>;
  /** The marketplace's name for the call (TOP method, eBay operation), for the request log. */
  operation?: string | null;
  /** The marketplace's error code when the answer is an error, for the request log. */
  errorCode?: string | null;
  /** The marketplace's error message, for the request log. */
  errorMessage?: string | null;
  /** What the call asked for, for the request log: business parameters only, never secrets. */
  logParams?: Record<string, string> | null;
  /** Carried out, but the connection is dropped instead of answering (the `lostAnswer` fault). */
  lost?: boolean;
}

/** A control-endpoint failure with its HTTP status (400 bad input, 404 unknown id). */
export class SimHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Bodies above this are refused (413): nothing a marketplace call sends comes near it. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads the whole body's bytes. */
export async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new SimHttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Reads the whole body as UTF-8 text. */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

/** JSON text parsed with integers beyond 2^53 kept exact (as strings); 400 when it is not JSON. */
export function parseJsonBody<T = unknown>(text: string): T {
  try {
    return parseJsonExact<T>(text);
  } catch (e) {
    throw new SimHttpError(400, `body is not JSON: ${(e as Error).message}`);
  }
}

/** True when the request carries an application/x-www-form-urlencoded body. */
export function isFormBody(req: SimRequest): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''));
}

/**
 * The query string and, for a form body, the form fields, as one map (form fields win when a
 * name is in both). Values are URL-decoded as UTF-8; `+` is a space, as forms encode it.
 */
export function requestParams(req: SimRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) out[k] = v;
  if (req.body && isFormBody(req)) for (const [k, v] of new URLSearchParams(req.body)) out[k] = v;
  return out;
}

/** A JSON answer; BigInt values are written as bare integer literals. */
export function jsonResponse(status: number, value: unknown, extra: Partial<SimResponse> = {}): SimResponse {
  return { status, body: stringifyJsonExact(value), headers: { 'content-type': 'application/json;charset=UTF-8' }, ...extra };
}
