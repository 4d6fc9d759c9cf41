import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { parseJsonExact } from '../sdk/exact-json';
import type { ListingIssue } from '../sdk/types';

/**
 * JSON_LISTINGS_FEED (amazon.md §5): the document a bulk price or quantity change is sent as
 * (listings-feed-schema-v2.json [O]) and the processing report read back
 * (listings-feed-processing-report-schema-v2.json [O: amzn/selling-partner-api-models, vendored in
 * contract/specs/]: `{header: {sellerId, version, feedId}, issues: [{messageId?, sku?, code?,
 * severity, message, attributeName?}], summary: {errors, warnings, messagesProcessed,
 * messagesAccepted, messagesInvalid}}`).
 *
 * Messages are numbered from 1 in the order of the SKUs sorted (by code point): the poll gets the
 * submission's SKUs back and numbers them the same way, so the handle need not carry the list
 * (only its size and a digest, to notice a list that is not the one sent).
 */

type Raw = Record<string, unknown>;

export const FEED_TYPE = 'JSON_LISTINGS_FEED';
export const FEED_VERSION = '2.0';

/** One message's patches for one SKU. */
export interface FeedPatch {
  sku: string;
  productType: string;
  patches: Raw[];
}

/** The SKUs in message order (messageId = index + 1). */
export function messageOrder(skus: string[]): string[] {
  return [...new Set(skus)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A short digest of the SKUs in message order, to tell the list sent from another. */
export function skuDigest(skus: string[]): string {
  return crypto.createHash('sha256').update(messageOrder(skus).join('\n'), 'utf8').digest('base64url').slice(0, 22);
}

/** The feed document: a header for the seller and one PATCH message per SKU. */
export function listingsFeed(sellerId: string, items: FeedPatch[], issueLocale?: string | null): Raw {
  const bySku = new Map(items.map((i) => [i.sku, i]));
  const messages = messageOrder(items.map((i) => i.sku)).map((sku, k) => {
    const i = bySku.get(sku)!;
    return { messageId: k + 1, sku, operationType: 'PATCH', productType: i.productType, patches: i.patches };
  });
  return { header: { sellerId, version: FEED_VERSION, ...(issueLocale ? { issueLocale } : {}) }, messages };
}

/**
 * A downloaded document as text, gunzipped when it is gzip. Its magic bytes decide rather than
 * `compressionAlgorithm` alone: a transfer that honoured a `Content-Encoding: gzip` has unpacked
 * it already, and a document labelled GZIP that is not is read as it is rather than failed.
 */
export function documentText(bytes: Buffer): string {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzip ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

/** A processing report's verdict per message. */
export interface ProcessingReport {
  /** Issues by messageId; issues without one (the feed itself, or named by SKU only) under 0. */
  issues: Map<number, ListingIssue[]>;
  /** Issues by the SKU they name, when they name one. */
  bySku: Map<string, ListingIssue[]>;
  summary: { errors: number | null; warnings: number | null; processed: number | null; accepted: number | null; invalid: number | null };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);

function severity(v: unknown): ListingIssue['severity'] {
  const s = text(v)?.toUpperCase();
  return s === 'ERROR' || s === 'WARNING' || s === 'INFO' ? s : 'ERROR';
}

/** Reads a processing report document (its text). Throws when it is not JSON. */
export function readProcessingReport(textOf: string): ProcessingReport {
  const body = parseJsonExact<Raw>(textOf);
  const issues = new Map<number, ListingIssue[]>();
  const bySku = new Map<string, ListingIssue[]>();
  for (const raw of Array.isArray(body?.issues) ? body.issues : []) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Raw;
    const messageId = count(r.messageId) ?? 0;
    const attribute = text(r.attributeName);
    const names = Array.isArray(r.attributeNames) ? r.attributeNames.map(String) : attribute ? [attribute] : undefined;
    const issue: ListingIssue = { code: text(r.code) ?? 'FEED_ISSUE', message: text(r.message) ?? 'Amazon reported an issue without a message', severity: severity(r.severity), ...(names ? { attributeNames: names } : {}) };
    issues.set(messageId, [...(issues.get(messageId) ?? []), issue]);
    const sku = text(r.sku);
    if (sku) bySku.set(sku, [...(bySku.get(sku) ?? []), issue]);
  }
  const s = body?.summary && typeof body.summary === 'object' ? (body.summary as Raw) : {};
  return {
    issues,
    bySku,
    summary: { errors: count(s.errors), warnings: count(s.warnings), processed: count(s.messagesProcessed), accepted: count(s.messagesAccepted), invalid: count(s.messagesInvalid) },
  };
}
