import type { ContractProblem } from '../../sdk/contract';
import type { AmazonState, FeedRecord, Raw, Requirements, SubmissionChange } from './amazon-state';
import { isObject } from './call';
import { storeReport } from './feed-documents-store';
import { applySubmission, itemView, REQUIREMENTS, submitWrite } from './listing-records';

/**
 * A JSON_LISTINGS_FEED processed (amazon.md §5): the uploaded document is read against
 * listings-feed-schema-v2.json (a document that is not JSON, breaks the schema or names another
 * seller makes the feed FATAL [U: FATAL rather than per-message errors]); each message is a
 * listing write in every marketplace of the feed (UPDATE a put, PARTIAL_UPDATE a patch of
 * `replace`s [O: "equivalent to using PATCH with the replace op"], PATCH a patch, DELETE a delete),
 * checked as the Listings Items API checks it and applied when the feed is DONE. The processing
 * report (listings-feed-processing-report-schema-v2) lists the issues per message, the summary,
 * and the listings when the header's `report.includedData` asks for them.
 */

export const LISTINGS_FEED = 'JSON_LISTINGS_FEED';

export interface FeedCheck {
  /** The schema's verdict on a parsed document (empty: valid), or null when the validator is not installed. */
  (document: unknown): ContractProblem[] | null;
}

interface ReportIssue {
  messageId?: number;
  sku?: string;
  code?: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  message: string;
  attributeName?: string;
}

/** Without the validator (a production demo): only what the simulator itself reads. */
function basicProblems(doc: unknown): string[] {
  if (!isObject(doc) || !isObject(doc.header) || !Array.isArray(doc.messages) || doc.messages.length === 0) return ['the document is {header: {sellerId, version: "2.0"}, messages: [...]}'];
  return doc.messages.every((m) => isObject(m) && Number.isInteger(m.messageId) && typeof m.sku === 'string' && typeof m.operationType === 'string') ? [] : ['each message needs messageId, sku and operationType'];
}

function changeOf(m: Raw): SubmissionChange | string {
  switch (m.operationType) {
    case 'UPDATE':
      return { kind: 'PUT', productType: m.productType, requirements: (REQUIREMENTS.includes(m.requirements) ? m.requirements : 'LISTING') as Requirements, attributes: m.attributes };
    case 'PARTIAL_UPDATE':
      return { kind: 'PATCH', productType: m.productType, patches: Object.entries(m.attributes as Raw).map(([name, value]) => ({ op: 'replace', path: `/attributes/${name}`, value })) };
    case 'PATCH':
      return { kind: 'PATCH', productType: m.productType, patches: m.patches };
    case 'DELETE':
      return { kind: 'DELETE' };
    default:
      return `operationType ${String(m.operationType)} is not one of UPDATE, PARTIAL_UPDATE, PATCH, DELETE`;
  }
}

function report(state: AmazonState, feed: FeedRecord, header: Raw | null, issues: ReportIssue[], counts: { processed: number; accepted: number; invalid: number }, items?: Raw[]): Raw {
  const errors = issues.filter((i) => i.severity === 'ERROR').length;
  const warnings = issues.filter((i) => i.severity === 'WARNING').length;
  const reportHeader = isObject(header?.report) ? { report: header!.report } : {};
  return {
    header: { sellerId: state.sellerId, version: '2.0', feedId: feed.feedId, ...reportHeader },
    issues,
    summary: {
      errors,
      warnings,
      messagesProcessed: counts.processed,
      messagesAccepted: counts.accepted,
      messagesInvalid: counts.invalid,
      ...(items ? { itemSummary: { items: items.length, errors: items.flatMap((i) => (i.issues as Raw[]) ?? []).filter((i) => i.severity === 'ERROR').length, warnings: items.flatMap((i) => (i.issues as Raw[]) ?? []).filter((i) => i.severity === 'WARNING').length } } : {}),
    },
    ...(items ? { items } : {}),
  };
}

/** Processes a feed at its `doneAt`: DONE or FATAL, with its processing report stored; problems of the report itself go to `reportProblems`. */
export function processFeed(state: AmazonState, feed: FeedRecord, check: FeedCheck | null, reportCheck: ((r: unknown) => ContractProblem[]) | null): void {
  const at = feed.doneAt;
  const doc = state.documents.get(feed.inputFeedDocumentId);
  let out: Raw;
  const fatal = (message: string, header: Raw | null = null) => {
    feed.finalStatus = 'FATAL';
    return report(state, feed, header, [{ severity: 'ERROR', code: 'FATAL', message }], { processed: 0, accepted: 0, invalid: 0 });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc?.body?.toString('utf8') ?? '');
  } catch (e) {
    parsed = undefined;
    out = fatal(`The feed document is not JSON: ${(e as Error).message}`);
  }
  if (parsed !== undefined) {
    const problems = check?.(parsed) ?? null;
    const broken = problems ? problems.map((p) => `${p.where}: ${p.message}`) : basicProblems(parsed);
    const header = isObject(parsed) && isObject(parsed.header) ? (parsed.header as Raw) : null;
    if (feed.feedType !== LISTINGS_FEED) out = fatal(`The simulator processes ${LISTINGS_FEED} feeds only, not ${feed.feedType}.`, header);
    else if (broken.length) out = fatal(`The feed document does not follow listings-feed-schema-v2: ${broken.slice(0, 5).join('; ')}`, header);
    else if (header!.sellerId !== state.sellerId) out = fatal(`header.sellerId ${String(header!.sellerId)} is not the seller of this feed (${state.sellerId}).`, header);
    else out = processMessages(state, feed, header!, (parsed as Raw).messages as Raw[], at);
  }
  feed.finalStatus ??= 'DONE';
  const text = JSON.stringify(out!);
  reportCheck?.(JSON.parse(text)).forEach((p) => state.contractProblems.push(p));
  feed.resultFeedDocumentId = storeReport(state, text, state.settings.gzipReports).feedDocumentId;
}

function processMessages(state: AmazonState, feed: FeedRecord, header: Raw, messages: Raw[], at: number): Raw {
  const issues: ReportIssue[] = [];
  let accepted = 0;
  let invalid = 0;
  const touched: string[] = [];
  for (const m of messages) {
    const change = changeOf(m);
    const before = issues.length;
    if (typeof change === 'string') issues.push({ messageId: m.messageId, sku: m.sku, severity: 'ERROR', message: change });
    else {
      for (const marketplaceId of feed.marketplaceIds) {
        const outcome = submitWrite(state, { sku: m.sku, marketplaceId, change, preview: false, at, dueAt: at, source: { feedId: feed.feedId, messageId: m.messageId } });
        for (const i of outcome.issues) issues.push({ messageId: m.messageId, sku: m.sku, code: i.code, severity: i.severity, message: i.message, ...(i.attributeNames?.length ? { attributeName: i.attributeNames[0] } : {}) });
      }
    }
    if (issues.slice(before).some((i) => i.severity === 'ERROR')) invalid++;
    else {
      accepted++;
      touched.push(m.sku);
    }
  }
  // The accepted writes take effect now, in order, so the report shows the listings as they became.
  for (const s of state.submissions) if (s.processedAt === null && typeof s.source === 'object' && s.source.feedId === feed.feedId) applySubmission(state, s);
  const included = isObject(header.report) && Array.isArray(header.report.includedData) ? new Set(header.report.includedData as string[]) : null;
  const items = included ? [...new Set(touched)].map((sku) => itemView(state, sku, feed.marketplaceIds, included)).filter((i): i is Raw => i !== null) : undefined;
  return report(state, feed, header, issues, { processed: messages.length, accepted, invalid }, items);
}
