import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import dns from 'node:dns';
import net from 'node:net';
import axios, { isAxiosError } from 'axios';
import { AuthFailedError, MarketplaceError, PermanentError, PermissionDeniedError, QuotaExhaustedError, RateLimitedError, RetryableError } from './errors';
import { parseJsonExact } from './exact-json';
import { MemoryRateLimiter, PauseReason, RateLimiter } from './rate-limiter';
import type { CallName, RateLimit, RateLimits, ResponseClassifier } from './types';

/**
 * The HTTP helper every connector calls the marketplace through (axios underneath): timeouts;
 * a token bucket per rate key and call (or shared bucket) at the marketplace's published rate
 * and burst, kept by a RateLimiter (in this process by default; in PostgreSQL for the sync
 * engine), adapting to rate headers such as `x-amzn-RateLimit-Limit` and pausing for
 * `Retry-After`, bans and used-up quotas; retries with full-jitter exponential backoff for
 * retryable errors only; one token refresh at a time per account (concurrent callers wait for
 * it); secrets redacted from logs and error messages.
 */

export type { BucketCall, PauseReason, RateLimiter } from './rate-limiter';
export { MemoryRateLimiter } from './rate-limiter';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path joined to the base URL, or an absolute URL (e.g. a token endpoint). */
  url: string;
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded (UTF-8). */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as multipart/form-data (a file upload such as eBay's createImageFromFile), in this order. */
  multipart?: MultipartPart[];
  headers?: Record<string, string>;
  /**
   * The call's name: its limit is `rateLimits[operation]`, else `rateLimits.default`. An
   * Operation ('orders') or the marketplace's own name ('taobao.trades.sold.increment.get').
   */
  operation: CallName;
  /** Safe to send again after a timeout or 5xx (reads, absolute stock/price sets). Default true for GET, false otherwise. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** `buffer`: the body arrives as its bytes (a gzip document), not parsed; default `text` (JSON parsed exactly when it is JSON). */
  responseType?: 'text' | 'buffer';
}

/** One part of a multipart/form-data body: a field, or a file when it has a file name. */
export interface MultipartPart {
  name: string;
  value: Buffer | string;
  fileName?: string;
  contentType?: string;
}

/** The multipart/form-data body of `parts` between `boundary` lines (RFC 7578). */
export function multipartBody(boundary: string, parts: MultipartPart[]): Buffer {
  const quoted = (v: string) => v.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = [`--${boundary}`, `Content-Disposition: form-data; name="${quoted(p.name)}"${p.fileName != null ? `; filename="${quoted(p.fileName)}"` : ''}`];
    if (p.contentType) head.push(`Content-Type: ${p.contentType}`);
    chunks.push(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return Buffer.concat(chunks);
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
  /**
   * Gets a new token. At most one runs per account at a time; AuthFailedError when it cannot.
   * `refused` is the request (as the caller gave it) whose token the marketplace refused, so an
   * auth that has a newer token than the one that request carried can simply use it.
   */
  refresh?(refused?: HttpRequest): Promise<void>;
}

export interface HttpLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Identifies the account: its refresh lock and the pauses of its own quota are shared by every client with this key. */
  accountKey: string;
  /**
   * Whose quota the calls count against (the connector's rate key, e.g. a TOP app): every client
   * with this key draws from the same buckets, in this process, or in every process when the
   * limiter is shared. Default: `accountKey`.
   */
  rateKey?: string;
  rateLimits: RateLimits;
  /** Where the buckets live; default one limiter in this process's memory, shared by every client. */
  limiter?: RateLimiter;
  /**
   * The longest a call waits for a paused bucket (Retry-After, a ban, a quota) before it fails
   * with QuotaExhaustedError instead, so the caller can come back after the reset; default 60 s.
   */
  maxWaitMs?: number;
  /** Reads the rate a marketplace states on an answer; default `x-amzn-RateLimit-Limit` (calls per second). */
  rateFromResponse?: (res: { status: number; headers: Record<string, string> }) => { ratePerSecond: number; burst?: number } | undefined;
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

const DEFAULT_MAX_WAIT_MS = 60_000;

/** The limiter of clients not given one: shared by every client of the process. */
const memoryLimiter = new MemoryRateLimiter();
const refreshes = new Map<string, { generation: number; pending?: Promise<void> }>();
/** Set while an account's refresh runs, so the refresh's own calls never wait for themselves. */
const refreshScope = new AsyncLocalStorage<string>();

/** Forgets every in-memory rate bucket and refresh (tests). */
export function resetHttpState(): void {
  memoryLimiter.clear();
  refreshes.clear();
}

/** The limit of a call: its own, else the default; undefined when neither is given. */
export function limitFor(limits: RateLimits, operation: string): RateLimit | undefined {
  return (Object.hasOwn(limits, operation) ? limits[operation] : undefined) ?? limits.default;
}

/** `x-amzn-RateLimit-Limit`: the rate in calls per second the marketplace applies to this call. */
function amazonRateHeader(res: { headers: Record<string, string> }): { ratePerSecond: number; burst?: number } | undefined {
  const rate = Number.parseFloat(res.headers['x-amzn-ratelimit-limit'] ?? '');
  return rate > 0 ? { ratePerSecond: rate } : undefined;
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
  if (status === 401) return new AuthFailedError(details);
  // Authenticated but not allowed this call: the operation stops, not the channel.
  if (status === 403) return new PermissionDeniedError(details);
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

/** A rate limit refusal whose stated wait is longer than a call may wait: the quota is out until then. */
function quotaFrom(err: RateLimitedError, retryAfterMs: number): QuotaExhaustedError {
  return new QuotaExhaustedError({ code: err.code, message: err.message, status: err.status, operation: err.operation, requestId: err.requestId, resetAt: new Date(Date.now() + retryAfterMs), scope: 'key' });
}

/** What a call draws from: its bucket (rate key and bucket name), its account, its limit. */
interface CallSlot {
  bucket: string;
  account: string;
  limit: RateLimit | undefined;
  maxWaitMs: number;
}

/**
 * Creates a client for one marketplace account. Requests wait for their call's rate bucket
 * (shared by every client on the same rate key), are signed by `auth` on every attempt, and
 * are retried (idempotent ones, or any that was rate limited) with full-jitter backoff; errors
 * are MarketplaceError subclasses.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const redact = redactor(options.secrets);
  const { accountKey, auth, logger } = options;
  const limiter = options.limiter ?? memoryLimiter;
  const rateKey = options.rateKey ?? accountKey;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const rateFromResponse = options.rateFromResponse ?? amazonRateHeader;
  /** The rate last adopted per bucket from answers: the limiter is told only when it changes. */
  const adopted = new Map<string, string>();
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
    // The limiter holds the call until a near reset; a far one goes to the caller, who comes back then.
    if (err instanceof QuotaExhaustedError) return err.resetAt.getTime() - Date.now() <= maxWaitMs ? 0 : undefined;
    // After a timeout or a 5xx the request may have taken effect: only idempotent ones are re-sent.
    if (err instanceof RetryableError && idempotent) return backoff(attempt);
    return undefined;
  }

  function slotOf(operation: string): CallSlot {
    const limit = limitFor(options.rateLimits, operation);
    // Calls naming a shared bucket draw from it together (TOP counts every call of an app).
    return { bucket: `b|${rateKey}|${limit?.bucket ?? operation}`, account: `a|${accountKey}`, limit, maxWaitMs };
  }

  async function send(req: HttpRequest, slot: CallSlot, what: string, logUrl: string, attempt: number): Promise<HttpResponse> {
    await limiter.acquire(slot, sleep);
    const signed = auth ? await auth.apply(req) : req;
    const timeoutMs = signed.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = {};
    let data: string | Buffer | undefined;
    if (signed.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      data = new URLSearchParams(signed.form).toString();
    } else if (signed.json !== undefined) {
      headers['content-type'] = 'application/json';
      data = JSON.stringify(signed.json);
    } else if (signed.multipart) {
      const boundary = `----form-${crypto.randomBytes(12).toString('hex')}`;
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      data = multipartBody(boundary, signed.multipart);
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
        ...(signed.responseType === 'buffer' ? { responseType: 'arraybuffer' as const } : {}),
      });
    } catch (e) {
      const err = transportError(e, signal.aborted, what, timeoutMs, req.operation);
      log({ error: err.code });
      throw err;
    }
    const res: HttpResponse = { status: raw.status, headers: plainHeaders(raw.headers), data: signed.responseType === 'buffer' ? Buffer.from(raw.data as ArrayBuffer) : parseBody(raw.data) };
    log({ status: res.status });

    // A rate the marketplace states is about the call it answered: that call's bucket adopts it.
    const stated = rateFromResponse(res);
    if (stated && stated.ratePerSecond > 0) {
      const said = `${stated.ratePerSecond}/${stated.burst ?? ''}`;
      if (adopted.get(slot.bucket) !== said) {
        adopted.set(slot.bucket, said);
        await limiter.adopt(slot.bucket, stated, slot.limit);
      }
    }

    const verdict: Mutable<MarketplaceError> | undefined = options.classify(res, req.operation) ?? statusError(res.status, what, req.operation);
    if (!verdict) return res;
    verdict.status ??= res.status;
    const reason = (v: MarketplaceError, utcOffsetMinutes?: number): PauseReason => ({ code: v.code, message: redact(v.message), utcOffsetMinutes });
    if (verdict instanceof RateLimitedError) {
      const waits = [parseRetryAfter(res.headers['retry-after']), verdict.retryAfterMs].filter((w): w is number => w !== undefined);
      if (waits.length) {
        const wait = Math.max(...waits);
        (verdict as Mutable<RateLimitedError>).retryAfterMs = wait;
        await limiter.pause(slot.bucket, Date.now() + wait, reason(verdict), slot.limit);
      }
    }
    if (verdict instanceof QuotaExhaustedError) {
      // The rate key's quota stops every channel on it; an account's own quota only this account.
      const target = verdict.scope === 'account' ? slot.account : slot.bucket;
      await limiter.pause(target, verdict.resetAt.getTime(), reason(verdict, verdict.utcOffsetMinutes), verdict.scope === 'account' ? undefined : slot.limit);
    }
    throw verdict;
  }

  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      const idempotent = req.idempotent ?? req.method === 'GET';
      const slot = slotOf(req.operation);
      const logUrl = redact(`${joinUrl(options.baseUrl, req.url)}${req.query ? `?${new URLSearchParams(req.query)}` : ''}`);
      const what = `${req.method} ${redact(joinUrl(options.baseUrl, req.url))}`;
      const canRefresh = !!auth?.refresh && refreshScope.getStore() !== accountKey;
      let refreshed = false;
      for (let attempt = 1; ; ) {
        const signedAt = refreshStateFor(accountKey).generation;
        let err: MarketplaceError;
        try {
          return (await send(req, slot, what, logUrl, attempt)) as HttpResponse<T>;
        } catch (e) {
          err = finish(e, req.operation, redact);
        }
        if (err instanceof RateLimitedError && err.retryAfterMs !== undefined && err.retryAfterMs > maxWaitMs) err = quotaFrom(err, err.retryAfterMs);
        // Some marketplaces (Amazon) answer an expired token with 403: one refresh tells the two apart.
        const tokenRefused = err instanceof AuthFailedError || (err instanceof PermissionDeniedError && err.status === 403);
        if (tokenRefused && canRefresh && !refreshed) {
          refreshed = true;
          try {
            await refreshAccount(accountKey, () => auth!.refresh!(req), signedAt);
          } catch (e) {
            // A refresh that merely could not reach the marketplace is retried later, not escalated to a person.
            if (e instanceof RetryableError || e instanceof RateLimitedError || e instanceof QuotaExhaustedError) throw finish(e, req.operation, redact);
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
