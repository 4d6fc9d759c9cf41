import zlib from 'node:zlib';
import type { AmazonState, FeedDocument } from './amazon-state';
import { newFeedDocumentId, newSignature } from './ids';

/** A result document (a processing report) stored as the seller will download it. */
export function storeReport(state: AmazonState, report: string, gzip: boolean): FeedDocument {
  const doc: FeedDocument = {
    feedDocumentId: newFeedDocumentId(state.region),
    contentType: 'application/json; charset=UTF-8',
    kind: 'result',
    body: gzip ? zlib.gzipSync(Buffer.from(report, 'utf8')) : Buffer.from(report, 'utf8'),
    uploadedAt: state.clock.now(),
    signature: newSignature(),
    urlExpiresAt: 0,
    compression: gzip ? 'GZIP' : null,
  };
  state.documents.set(doc.feedDocumentId, doc);
  return doc;
}
