import type { SimRequest, SimResponse } from '../../sdk/simulator';
import type { AmazonState, FeedDocument } from './amazon-state';
import { invalidInput, notFound } from './amazon-errors';
import { answer, Call, isObject, path, Route, text } from './call';
import { newFeedDocumentId, newSignature } from './ids';
import { settle } from './processing';

/**
 * Feed documents (amazon.md §5): createFeedDocument answers 201 `{feedDocumentId, url}`, a
 * presigned URL this simulator serves at `/__s3/feeds/<id>` (S3's place): the seller PUTs the
 * document there with no SP-API headers, only the `Content-Type` it declared (part of what the URL
 * signs [U]). getFeedDocument answers a download URL of a processing report, with
 * `compressionAlgorithm: GZIP` when the report is compressed. A URL expires after 5 minutes [O]
 * on the simulator's clock; S3's refusals are its XML `<Error>` [U: texts].
 */

export const S3_ROOT = '/__s3/feeds';
export const URL_TTL_MS = 5 * 60 * 1000;

export function presignedUrl(call: Call, doc: FeedDocument): string {
  const q = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': new Date(call.now).toISOString().replace(/[-:]|\.\d{3}/g, ''), 'X-Amz-Expires': '300', 'X-Amz-SignedHeaders': 'content-type;host', 'X-Amz-Signature': doc.signature });
  return `${call.base}${S3_ROOT}/${encodeURIComponent(doc.feedDocumentId)}?${q}`;
}

/** A new URL for a document (each answer signs again, valid 5 minutes). */
export function resign(call: Call, doc: FeedDocument): string {
  doc.signature = newSignature();
  doc.urlExpiresAt = call.now + URL_TTL_MS;
  return presignedUrl(call, doc);
}

function createFeedDocument(call: Call) {
  const b = call.body;
  const contentType = isObject(b) ? text(b.contentType) : undefined;
  if (!contentType) throw invalidInput('contentType is required.', 'For a JSON_LISTINGS_FEED: application/json; charset=UTF-8.');
  const doc: FeedDocument = { feedDocumentId: newFeedDocumentId(call.state.region), contentType, kind: 'input', body: null, uploadedAt: null, signature: '', urlExpiresAt: 0, compression: null };
  call.state.documents.set(doc.feedDocumentId, doc);
  return answer(201, { feedDocumentId: doc.feedDocumentId, url: resign(call, doc) });
}

function getFeedDocument(call: Call) {
  settle(call.state, call.now);
  const doc = call.state.documents.get(call.params[0]);
  if (!doc) throw notFound(`Feed document ${call.params[0]} was not found.`);
  if (doc.kind === 'input' && !doc.body) throw notFound(`Feed document ${call.params[0]} has no contents yet.`);
  return answer(200, { feedDocumentId: doc.feedDocumentId, url: resign(call, doc), ...(doc.compression ? { compressionAlgorithm: doc.compression } : {}) });
}

export const feedDocumentRoutes: Route[] = [
  { method: 'POST', pattern: path('/feeds/2021-06-30/documents'), operationId: 'createFeedDocument', body: true, run: createFeedDocument },
  { method: 'GET', pattern: path('/feeds/2021-06-30/documents/{feedDocumentId}'), operationId: 'getFeedDocument', body: false, run: getFeedDocument },
];

function s3Error(status: number, code: string, message: string): SimResponse {
  return { status, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`, headers: { 'content-type': 'application/xml' }, operation: 's3', errorCode: code, errorMessage: message };
}

const normaliseType = (t: string) => t.toLowerCase().replace(/\s+/g, '');

/** `PUT` (upload) or `GET` (download) on a presigned URL. */
export function s3Request(state: AmazonState, req: SimRequest): SimResponse {
  const id = decodeURIComponent(req.path.slice(S3_ROOT.length + 1));
  const doc = state.documents.get(id);
  if (!doc || req.query.get('X-Amz-Signature') !== doc.signature) return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  if (state.clock.now() > doc.urlExpiresAt) return s3Error(403, 'AccessDenied', 'Request has expired');
  if (req.method === 'PUT') {
    if (doc.kind !== 'input') return s3Error(403, 'AccessDenied', 'Access Denied');
    const type = String(req.headers['content-type'] ?? '');
    if (normaliseType(type) !== normaliseType(doc.contentType)) return s3Error(403, 'SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided: upload with Content-Type: ${doc.contentType}, as createFeedDocument declared (not ${type || 'none'}).`);
    doc.body = Buffer.from(req.body, 'utf8');
    doc.uploadedAt = state.clock.now();
    return { status: 200, body: '', headers: { etag: `"${newSignature().slice(0, 32)}"` }, operation: 's3' };
  }
  if (req.method === 'GET') {
    if (!doc.body) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    return { status: 200, body: '', bytes: doc.body, headers: { 'content-type': doc.compression ? 'application/octet-stream' : doc.contentType }, operation: 's3' };
  }
  return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}
