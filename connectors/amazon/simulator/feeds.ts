import type { FeedRecord, FeedStatus, Raw } from './amazon-state';
import { invalidInput, notFound } from './amazon-errors';
import { amazonTime, answer, Call, dateParam, enumList, isObject, list, path, Route, single, text } from './call';
import { LISTINGS_FEED } from './feed-processing';
import { newFeedId } from './ids';
import { marketplace } from './marketplaces';
import { settle } from './processing';

/**
 * Feeds API 2021-06-30 (amazon.md §5): createFeed answers 202 `{feedId}` for an uploaded document;
 * the feed is IN_QUEUE, then IN_PROGRESS, then DONE (or FATAL), each after the delays of `POST
 * /__sim/processing {feedQueueMs, feedProcessingMs}` on the simulator's clock; getFeed shows
 * `resultFeedDocumentId` once it is done. cancelFeed cancels a feed still IN_QUEUE [O]. getFeeds
 * lists them. A JSON_LISTINGS_FEED document is also checked against listings-feed-schema-v2.json
 * when the feed is created (a contract violation of the createFeed call when it breaks it).
 */

const ROOT = '/feeds/2021-06-30';
const STATUSES: FeedStatus[] = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'];

export function feedStatus(f: FeedRecord, now: number): FeedStatus {
  return f.finalStatus ?? (now < f.startAt ? 'IN_QUEUE' : 'IN_PROGRESS');
}

function feedView(f: FeedRecord, now: number): Raw {
  const status = feedStatus(f, now);
  return {
    feedId: f.feedId,
    feedType: f.feedType,
    marketplaceIds: f.marketplaceIds,
    createdTime: amazonTime(f.createdAt),
    processingStatus: status,
    ...(status !== 'IN_QUEUE' && status !== 'CANCELLED' ? { processingStartTime: amazonTime(f.startAt) } : {}),
    ...(status === 'DONE' || status === 'FATAL' ? { processingEndTime: amazonTime(f.doneAt) } : {}),
    ...(status === 'CANCELLED' ? { processingEndTime: amazonTime(f.doneAt) } : {}),
    ...(f.resultFeedDocumentId ? { resultFeedDocumentId: f.resultFeedDocumentId } : {}),
  };
}

function createFeed(call: Call) {
  const { state, now } = call;
  const b = call.body;
  if (!isObject(b)) throw invalidInput('The body is {feedType, marketplaceIds, inputFeedDocumentId, feedOptions?}.');
  const feedType = text(b.feedType);
  if (!feedType) throw invalidInput('feedType is required.');
  const ids = b.marketplaceIds;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 25 || ids.some((m) => typeof m !== 'string')) throw invalidInput('marketplaceIds is a list of 1 to 25 marketplace ids.');
  for (const id of ids as string[]) {
    const m = marketplace(id);
    if (!m || m.region !== state.region) throw invalidInput(`Invalid marketplaceIds: ${id} is not a marketplace of the seller's region (${state.region}).`);
  }
  const docId = text(b.inputFeedDocumentId);
  const doc = docId ? state.documents.get(docId) : undefined;
  if (!doc || doc.kind !== 'input') throw invalidInput(`Invalid inputFeedDocumentId: ${String(b.inputFeedDocumentId)}.`, 'Pass the feedDocumentId createFeedDocument returned.');
  if (!doc.body) throw invalidInput(`Feed document ${docId} has no contents.`, 'Upload the document to its url before calling createFeed.');
  if (b.feedOptions !== undefined && (!isObject(b.feedOptions) || Object.values(b.feedOptions).some((v) => typeof v !== 'string'))) throw invalidInput('feedOptions is an object of strings.');
  if (feedType === LISTINGS_FEED && state.documentSchemas) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc.body.toString('utf8'));
    } catch (e) {
      state.contractProblems.push({ side: 'request', where: '/feedDocument', message: `not JSON: ${(e as Error).message}` });
    }
    if (parsed !== undefined) state.contractProblems.push(...state.documentSchemas.listingsFeed(parsed));
  }
  const { feedQueueMs, feedProcessingMs } = state.settings;
  const feed: FeedRecord = {
    feedId: newFeedId(),
    feedType,
    marketplaceIds: ids as string[],
    inputFeedDocumentId: docId!,
    feedOptions: (b.feedOptions as Raw | undefined) ?? null,
    createdAt: now,
    startAt: now + feedQueueMs,
    doneAt: now + feedQueueMs + feedProcessingMs,
    finalStatus: null,
    resultFeedDocumentId: null,
  };
  state.feeds.set(feed.feedId, feed);
  return answer(202, { feedId: feed.feedId });
}

function findFeed(call: Call): FeedRecord {
  settle(call.state, call.now);
  const f = call.state.feeds.get(call.params[0]);
  if (!f) throw notFound(`Feed ${call.params[0]} was not found.`);
  return f;
}

function getFeed(call: Call) {
  return answer(200, feedView(findFeed(call), call.now));
}

function cancelFeed(call: Call) {
  const f = findFeed(call);
  const status = feedStatus(f, call.now);
  if (status !== 'IN_QUEUE') throw invalidInput(`Feed ${f.feedId} is ${status}: only feeds IN_QUEUE can be cancelled.`);
  f.finalStatus = 'CANCELLED';
  f.doneAt = call.now;
  return answer(200);
}

const DAY = 24 * 60 * 60 * 1000;

function getFeeds(call: Call) {
  const { state, now } = call;
  settle(state, now);
  const token = single(call, 'nextToken');
  let offset = 0;
  let key: string;
  if (token !== null) {
    // "call the getFeeds operation with this token as the only parameter" [O].
    const others = [...call.req.query.keys()].filter((k) => k !== 'nextToken');
    if (others.length) throw invalidInput('nextToken must be the only parameter.', `Remove ${others.join(', ')}.`);
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    const m = /^(\d+)\|(.*)$/s.exec(decoded);
    if (!m) throw invalidInput('Invalid nextToken.');
    offset = Number(m[1]);
    key = m[2];
  } else key = call.req.query.toString();
  const q = new URLSearchParams(key);
  const sub: Call = { ...call, req: { ...call.req, query: q } };
  const types = list(sub, 'feedTypes');
  if (types && types.length > 10) throw invalidInput('feedTypes takes 1 to 10 feed types.');
  const ids = list(sub, 'marketplaceIds');
  const statuses = enumList(sub, 'processingStatuses', STATUSES);
  const since = dateParam(sub, 'createdSince') ?? now - 90 * DAY;
  const until = dateParam(sub, 'createdUntil') ?? now;
  const sizeText = single(sub, 'pageSize');
  const size = sizeText === null ? 10 : Number(sizeText);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw invalidInput('pageSize must be between 1 and 100.');
  const all = [...state.feeds.values()]
    .filter((f) => (!types || types.includes(f.feedType)) && (!ids || f.marketplaceIds.some((m) => ids.includes(m))) && (!statuses || statuses.includes(feedStatus(f, now))) && f.createdAt >= since && f.createdAt <= until)
    .sort((a, b) => b.createdAt - a.createdAt);
  const page = all.slice(offset, offset + size);
  return answer(200, { feeds: page.map((f) => feedView(f, now)), ...(offset + size < all.length ? { nextToken: Buffer.from(`${offset + size}|${key}`).toString('base64url') } : {}) });
}

export const feedRoutes: Route[] = [
  { method: 'GET', pattern: path(`${ROOT}/feeds`), operationId: 'getFeeds', body: false, run: getFeeds },
  { method: 'POST', pattern: path(`${ROOT}/feeds`), operationId: 'createFeed', body: true, run: createFeed },
  { method: 'GET', pattern: path(`${ROOT}/feeds/{feedId}`), operationId: 'getFeed', body: false, run: getFeed },
  { method: 'DELETE', pattern: path(`${ROOT}/feeds/{feedId}`), operationId: 'cancelFeed', body: false, run: cancelFeed },
];
