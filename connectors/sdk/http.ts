import { AsyncLocalStorage } from 'node:async_hooks';
import dns from 'node:dns';
import net from 'node:net';
import axios, { isAxiosError } from 'axios';
import { AuthFailedError, MarketplaceError, PermanentError, RateLimitedError, RetryableError } from './errors';
import { parseJsonExact } from './exact-json';
import type { Operation, RateLimit, ResponseClassifier } from './types';

/**
 * The HTTP helper every connector calls the marketplace through (axios underneath): timeouts;
 * a token bucket per account and operation at the marketplace's published rate and burst,
 * adapting to rate headers such as `x-amzn-RateLimit-Limit` and honouring `Retry-After` when
 * sent; retries with full-jitter exponential backoff for retryable errors only; one token
 * refresh at a time per account (concurrent callers wait for it); secrets redacted from logs
 * and error messages.
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path joined to the base URL, or an absolute URL (e.g. a token endpoint). */
  url: string;
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded (UTF-8). */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  headers?: Record<string, string>;
  /** The rate-limit bucket this call draws from. */
  operation: Operation;
  /** Safe to send again after a timeout or 5xx (reads, absolute stock/price sets). Default true for GET, false otherwise. */
  idempotent?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export interface HttpClient {
  /** Sends the request; resolves on success, rejects with a MarketplaceError subclass. */
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

export interface HttpAuth {
  /** Adds the credentials to a request (a bearer header, TOP's session and signature, ...); called on every attempt. */
  apply(req: HttpRequest): HttpRequest | Promise<HttpRequest>;
  /** Gets a new token. At most one runs per account at a time; AuthFailedError when it cannot. */
  refresh?(): Promise<void>;
}

export interface HttpLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Identifies the credential: buckets and the refresh lock are shared by every client with this key in the process. */
  accountKey: string;
  rateLimits: Partial<Record<Operation, RateLimit>>;
  classify: ResponseClassifier;
  /** Values never to appear in logs or error messages (secrets, tokens). */
  secrets?: () => string[];
  timeoutMs?: number;
  retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  auth?: HttpAuth;
  logger?: HttpLogger;
  /** For tests: a fake clock's sleep. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Whether the host application lets us connect to an IP address (it refuses private and
   * metadata networks). Checked on the URL's literal address and on every address a host name
   * resolves to, right before connecting, so a name that resolves somewhere forbidden fails.
   */
  addressAllowed?: (address: string) => boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 20_000 };

/** How far behind its slot a waiting call goes: a quarter of the interval, at most 50 ms. */
const MARGIN_OF_INTERVAL = 0.25;
const MAX_MARGIN_MS = 50;

/**
 * A token bucket in its GCRA form: rather than counting tokens, it keeps `tat` (theoretical
 * arrival time), the instant the bucket would be full again once every reservation so far is spent. Each caller reserves its slot at
 * once and sleeps until it, which makes the queue FIFO and works with a fake `sleep` too.
 */
class TokenBucket {
  private tat = 0;
  private pausedUntil = 0;
  /** Bumped by every pause: callers that reserved before it must queue again behind it. */
  private generation = 0;

  constructor(private rate: number, private readonly burst: number) {}

  private get interval(): number {
    return Number.isFinite(this.rate) && this.rate > 0 ? 1000 / this.rate : 0;
  }

  private reserve(now: number): number {
    const tolerance = (this.burst - 1) * this.interval;
    const tat = Math.max(this.tat, now);
    this.tat = tat + this.interval;
    const at = tat - tolerance;
    // A call that has to wait for a token waits a little longer: the marketplace counts arrivals,
    // and an arrival a few milliseconds early against an empty bucket costs a refusal (on TOP a
    // ban of a whole second). The margin does not add up: the schedule itself stays at the rate.
    return at > now ? at + Math.min(this.interval * MARGIN_OF_INTERVAL, MAX_MARGIN_MS) : now;
  }

  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      const generation = this.generation;
      const now = Date.now();
      const at = this.reserve(now);
      if (at > now) await sleep(at - now);
      if (this.generation === generation) return;
    }
  }

  setRate(ratePerSecond: number): void {
    this.rate = ratePerSecond;
  }

  /** Nobody calls before `until`; then one at a time, as the marketplace has just refused a burst. */
  pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    // Reservations made before are dropped: their holders see the new generation and reserve again.
    this.tat = until + (this.burst - 1) * this.interval;
    this.generation++;
  }
}

/** Per (account, operation), shared by every client of the account in the process. */
const buckets = new Map<string, TokenBucket>();
/** Per account: how many refreshes have succeeded, and the one under way. */
const refreshes = new Map<string, { generation: number; pending?: Promise<void> }>();
/** Set while an account's refresh runs, so the refresh's own calls never wait for themselves. */
const refreshScope = new AsyncLocalStorage<string>();

/** Forgets every rate bucket and refresh (tests). */
export function resetHttpState(): void {
  buckets.clear();
  refreshes.clear();
}

function bucketFor(accountKey: string, operation: Operation, limit: RateLimit | undefined): TokenBucket {
  // Operations naming a shared bucket draw from it together (TOP counts every call of an app).
  const key = `${accountKey}\u0000${limit?.bucket ?? operation}`;
  let bucket = buckets.get(key);
  if (!bucket) {
    const rate = limit && limit.ratePerSecond > 0 ? limit.ratePerSecond : Infinity;
    bucket = new TokenBucket(rate, Math.max(1, Math.floor(limit?.burst ?? 1)));
    buckets.set(key, bucket);
  }
  return bucket;
}

function refreshStateFor(accountKey: string): { generation: number; pending?: Promise<void> } {
  let state = refreshes.get(accountKey);
  if (!state) refreshes.set(accountKey, (state = { generation: 0 }));
  return state;
}

/**
 * Runs the account's refresh unless one already succeeded since the failed attempt was signed
 * (`signedAt`); callers arriving while it runs share it.
 */
async function refreshAccount(accountKey: string, refresh: () => Promise<void>, signedAt: number): Promise<void> {
  const state = refreshStateFor(accountKey);
  if (state.generation !== signedAt) return;
  state.pending ??= refreshScope
    .run(accountKey, refresh)
    .then(() => void state.generation++)
    .finally(() => (state.pending = undefined));
  await state.pending;
}

function joinUrl(base: string, url: string): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(url)) return url;
  if (!url) return base;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function redactor(secrets: (() => string[]) | undefined): (text: string) => string {
  return (text) => {
    const values = new Set<string>();
    for (const s of secrets?.() ?? []) {
      if (!s) continue;
      // Secrets also travel percent-encoded in URLs and form bodies.
      values.add(s).add(encodeURIComponent(s)).add(new URLSearchParams({ s }).toString().slice(2));
    }
    let out = text;
    for (const v of [...values].sort((a, b) => b.length - a.length)) out = out.split(v).join('***');
    return out;
  };
}

/** `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseBody(text: unknown): unknown {
  if (typeof text !== 'string' || !text.trim()) return text;
  try {
    return parseJsonExact(text);
  } catch {
    return text;
  }
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** The verdict for a response the marketplace's classifier let through. */
function statusError(status: number, what: string, operation: string): MarketplaceError | undefined {
  if (status < 400) return undefined;
  const details = { code: `HTTP_${status}`, message: `${what} answered HTTP ${status}`, status, operation };
  if (status === 429) return new RateLimitedError(details);
  if (status === 401 || status === 403) return new AuthFailedError(details);
  if (status >= 500) return new RetryableError(details);
  return new PermanentError(details);
}

/** Code of the error a refused address raises, in the lookup and for literal addresses. */
const ADDRESS_NOT_ALLOWED = 'ADDRESS_NOT_ALLOWED';

function addressRefusal(what: string, operation: string): PermanentError {
  return new PermanentError({ code: ADDRESS_NOT_ALLOWED, message: `${what}: the address is not one a marketplace may be reached at`, operation });
}

function refuseLiteralAddress(url: string, allowed: (address: string) => boolean, what: string, operation: string): void {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return; // axios reports the malformed URL itself
  }
  if (net.isIP(host) && !allowed(host)) throw addressRefusal(what, operation);
}

/** A lookup (as axios takes it) that fails when any address of the name is forbidden. */
function guardedLookup(allowed: (address: string) => boolean) {
  return async (hostname: string): Promise<[{ address: string; family: 4 | 6 }[]]> => {
    const addresses = await dns.promises.lookup(hostname, { all: true });
    if (addresses.some((a) => !allowed(a.address))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to an address a marketplace may not be reached at`);
      refused.code = ADDRESS_NOT_ALLOWED;
      throw refused;
    }
    return [addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))];
  };
}

function transportError(e: unknown, timedOut: boolean, what: string, timeoutMs: number, operation: string): MarketplaceError {
  const code = isAxiosError(e) ? e.code : undefined;
  if (code === ADDRESS_NOT_ALLOWED || (e as { cause?: { code?: string } })?.cause?.code === ADDRESS_NOT_ALLOWED) return addressRefusal(what, operation);
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new RetryableError({ code: 'TIMEOUT', message: `${what} timed out after ${timeoutMs} ms`, operation });
  }
  return new RetryableError({ code: 'NETWORK', message: `${what} failed: ${(e as Error)?.message ?? String(e)}`, operation });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every error leaves as a MarketplaceError naming the operation, with no secret in its text. */
function finish(e: unknown, operation: string, redact: (s: string) => string): MarketplaceError {
  const err: Mutable<MarketplaceError> =
    e instanceof MarketplaceError ? e : new PermanentError({ code: 'CLIENT_ERROR', message: (e as Error)?.message ?? String(e), operation });
  err.operation ??= operation;
  err.message = redact(err.message);
  if (err.stack) err.stack = redact(err.stack);
  return err as MarketplaceError;
}

/**
 * Creates a client for one marketplace account. Requests wait for their operation's rate
 * bucket, are signed by `auth` on every attempt, and are retried (idempotent ones, or any that
 * was rate limited) with full-jitter backoff; errors are MarketplaceError subclasses.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const redact = redactor(options.secrets);
  const { accountKey, auth, logger } = options;
  const guard = options.addressAllowed;
  const axiosInstance = axios.create({
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // A marketplace API answers where it was asked; following a redirect would carry the
    // signed request and its credentials to an address nobody checked.
    maxRedirects: 0,
    ...(guard ? { lookup: guardedLookup(guard) } : {}),
  });

  const backoff = (attempt: number) => Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));

  /** How long to wait before sending again, or undefined when this error must go to the caller. */
  function retryDelay(err: MarketplaceError, idempotent: boolean, attempt: number): number | undefined {
    // A refused call did not happen, so any request may go again; the bucket holds it for Retry-After.
    if (err instanceof RateLimitedError) return err.retryAfterMs !== undefined ? 0 : backoff(attempt);
    // After a timeout or a 5xx the request may have taken effect: only idempotent ones are re-sent.
    if (err instanceof RetryableError && idempotent) return backoff(attempt);
    return undefined;
  }

  async function send(req: HttpRequest, bucket: TokenBucket, what: string, logUrl: string, attempt: number): Promise<HttpResponse> {
    await bucket.take(sleep);
    const signed = auth ? await auth.apply(req) : req;
    const timeoutMs = signed.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = {};
    let data: string | undefined;
    if (signed.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      data = new URLSearchParams(signed.form).toString();
    } else if (signed.json !== undefined) {
      headers['content-type'] = 'application/json';
      data = JSON.stringify(signed.json);
    }
    const url = joinUrl(options.baseUrl, signed.url);
    if (guard) refuseLiteralAddress(url, guard, what, req.operation);
    const signal = AbortSignal.timeout(timeoutMs);
    const started = Date.now();
    const log = (extra: object) => logger?.debug({ method: req.method, url: logUrl, operation: req.operation, attempt, ms: Date.now() - started, ...extra }, 'marketplace call');

    let raw;
    try {
      raw = await axiosInstance.request({
        method: signed.method,
        url,
        params: signed.query,
        data,
        headers: { ...headers, ...signed.headers },
        timeout: timeoutMs,
        signal,
      });
    } catch (e) {
      const err = transportError(e, signal.aborted, what, timeoutMs, req.operation);
      log({ error: err.code });
      throw err;
    }
    const res: HttpResponse = { status: raw.status, headers: plainHeaders(raw.headers), data: parseBody(raw.data) };
    log({ status: res.status });

    const limit = Number.parseFloat(res.headers['x-amzn-ratelimit-limit'] ?? '');
    if (limit > 0) bucket.setRate(limit);

    const verdict: Mutable<MarketplaceError> | undefined = options.classify(res, req.operation) ?? statusError(res.status, what, req.operation);
    if (!verdict) return res;
    verdict.status ??= res.status;
    if (verdict instanceof RateLimitedError) {
      const waits = [parseRetryAfter(res.headers['retry-after']), verdict.retryAfterMs].filter((w): w is number => w !== undefined);
      if (waits.length) {
        const wait = Math.max(...waits);
        (verdict as Mutable<RateLimitedError>).retryAfterMs = wait;
        bucket.pause(Date.now() + wait);
      }
    }
    throw verdict;
  }

  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      const idempotent = req.idempotent ?? req.method === 'GET';
      const bucket = bucketFor(accountKey, req.operation, options.rateLimits[req.operation]);
      const logUrl = redact(`${joinUrl(options.baseUrl, req.url)}${req.query ? `?${new URLSearchParams(req.query)}` : ''}`);
      const what = `${req.method} ${redact(joinUrl(options.baseUrl, req.url))}`;
      const canRefresh = !!auth?.refresh && refreshScope.getStore() !== accountKey;
      let refreshed = false;
      for (let attempt = 1; ; ) {
        const signedAt = refreshStateFor(accountKey).generation;
        let err: MarketplaceError;
        try {
          return (await send(req, bucket, what, logUrl, attempt)) as HttpResponse<T>;
        } catch (e) {
          err = finish(e, req.operation, redact);
        }
        if (err instanceof AuthFailedError && canRefresh && !refreshed) {
          refreshed = true;
          try {
            await refreshAccount(accountKey, () => auth!.refresh!(), signedAt);
          } catch (e) {
            // A refresh that merely could not reach the marketplace is retried later, not escalated to a person.
            if (e instanceof RetryableError || e instanceof RateLimitedError) throw finish(e, req.operation, redact);
            const cause = finish(e, req.operation, redact);
            throw new AuthFailedError({ code: cause instanceof AuthFailedError ? cause.code : 'REFRESH_FAILED', message: `token refresh failed: ${cause.message}`, status: cause.status, operation: req.operation });
          }
          continue;
        }
        const delay = attempt < retry.maxAttempts ? retryDelay(err, idempotent, attempt) : undefined;
        if (delay === undefined) throw err;
        logger?.warn(
          { method: req.method, url: logUrl, operation: req.operation, attempt, status: err.status, code: err.code, delayMs: Math.round(delay) },
          `retrying after ${err.kind}: ${err.message}`,
        );
        if (delay > 0) await sleep(delay);
        attempt++;
      }
    },
  };
}

export type { MarketplaceError };
