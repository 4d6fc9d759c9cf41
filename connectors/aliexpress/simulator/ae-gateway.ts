import { jsonResponse, requestParams, SimKit, SimRequest, SimResponse, TokenBuckets } from '../../sdk/simulator';
import type { AeMethods } from './ae-method';
import {
  BusinessRefusal,
  incompleteSignature,
  invalidParameter,
  IopFault,
  missingParameter,
  restError,
  restSuccess,
  serverErrorPage,
  syncError,
  syncSuccess,
} from './ae-envelope';
import { iopSignatureMatches } from './ae-signing';
import type { AeState, Raw, SimTokens } from './ae-state';
import { parseSystemTimestamp } from './ae-time';
import { methodMeta, ParamProblem, readRequest, renderByTree } from './metadata';
import { FilePart, isMultipart, parseMultipart } from './multipart';
import { orderMethods } from './order-methods';
import { productMethods } from './product-methods';
import { parseWireJson } from './wire-json';

/**
 * The IOP gateway (aliexpress.md §1-§4, §9): `/sync` dispatches business calls on `method`,
 * `/rest/<path>` the system calls (tokens). Each call is checked in this order: system
 * parameters (app key, timestamp form, sign_method, sign), the signature, the timestamp's skew,
 * the method, the seller's token, the per-method call limit of the app key, injected faults, the
 * business parameters against the method's metadata; then the method runs.
 */

export const SYNC_PATH = '/sync';
export const REST_PATH = '/rest';
export const TOKEN_CREATE_PATH = '/auth/token/create';
export const TOKEN_REFRESH_PATH = '/auth/token/refresh';

/** Timestamps further than this from the gateway's clock are refused [S articleId=120691]. */
export const MAX_SKEW_MS = 7200 * 1000;

/** Throttling [U: the reference leaves the code open; IOP's sister platform writes ApiCallLimit]. */
export const THROTTLE_CODE = 'ApiCallLimit';

/** System parameters: kept out of the request log, which shows what a call asked for, never its secrets. */
const SYSTEM_PARAMS = new Set(['method', 'app_key', 'access_token', 'session', 'timestamp', 'sign_method', 'sign', 'format', 'simplify', 'partner_id', 'debug']);

export interface GatewayOptions {
  maxOrderPageSize: number;
}

/** Bans after going over a call limit, per simulator (its buckets), so every seller of an app shares them. */
const bansOf = new WeakMap<TokenBuckets, Map<string, number>>();

interface Received {
  params: Record<string, string>;
  files: Record<string, FilePart>;
}

function receive(req: SimRequest): Received {
  const type = String(req.headers['content-type'] ?? '');
  if (isMultipart(type)) {
    const body = parseMultipart(req.body, type);
    const params: Record<string, string> = {};
    for (const [k, v] of req.query) params[k] = v;
    return { params: { ...params, ...body.fields }, files: body.files };
  }
  return { params: requestParams(req), files: {} };
}

export function createGateway(state: AeState, kit: SimKit, options: GatewayOptions): (req: SimRequest) => SimResponse {
  const methods: AeMethods = { ...productMethods, ...orderMethods(options.maxOrderPageSize) };
  const bans = bansOf.get(kit.buckets) ?? new Map<string, number>();
  bansOf.set(kit.buckets, bans);
  let serverErrors = 0;

  /** Checks app key, timestamp, signature and skew: the same for both paths. */
  function checkSystem(apiName: string, params: Record<string, string>, now: number): void {
    if (!params.app_key) throw missingParameter('app_key');
    if (params.app_key !== state.appKey) throw new IopFault('InvalidAppKey', 'ISV', 'The specified app key is invalid');
    if (!params.timestamp) throw missingParameter('timestamp');
    const sent = parseSystemTimestamp(params.timestamp);
    if (sent === null) throw new IopFault('InvalidTimestamp', 'ISV', 'The timestamp must be epoch milliseconds or an ISO time in UTC such as 2017-11-11T12:00:00Z');
    if (!params.sign_method) throw missingParameter('sign_method');
    if (params.sign_method !== 'sha256') throw invalidParameter('sign_method', 'the new platform signs with sha256 (HMAC-SHA256)');
    if (params.format !== undefined && params.format !== 'json') throw invalidParameter('format', 'the simulator answers format=json only');
    if (!params.sign) throw missingParameter('sign');
    if (!iopSignatureMatches(apiName, params, state.appSecret, params.sign)) throw incompleteSignature();
    if (Math.abs(sent - now) > MAX_SKEW_MS) throw new IopFault('InvalidTimestamp', 'ISV', 'The timestamp is more than 7200 seconds away from the server time');
  }

  /** The seller's token from `access_token` (SDK 2025) or `session` (SDK 2022) [S]. */
  function token(params: Record<string, string>, now: number): SimTokens {
    const value = params.access_token || params.session;
    if (!value) throw missingParameter('access_token');
    const pair = state.tokens.get(value);
    if (!pair || pair.appKey !== params.app_key) throw new IopFault('IllegalAccessToken', 'ISV', 'The specified access token is invalid or expired');
    if (pair.expiresAt <= now) throw new IopFault('IllegalAccessToken', 'ISV', 'The specified access token has expired: refresh it or authorise again');
    pair.used = true;
    return pair;
  }

  /** The call limit per app key and method (§8: limits are per API and app key), and injected faults. Null: go on. */
  function limitAndFaults(params: Record<string, string>, api: string, now: number, fail: (f: IopFault) => SimResponse): SimResponse | null {
    const key = `${params.app_key}|${api}`;
    const ban = bans.get(key) ?? 0;
    if (ban > now) throw new IopFault(THROTTLE_CODE, 'ISV', `The request has exceeded the limit. This ban will last ${Math.ceil((ban - now) / 1000)} seconds`);
    const verdict = kit.buckets.take(key);
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      bans.set(key, now + seconds * 1000);
      throw new IopFault(THROTTLE_CODE, 'ISV', `The request has exceeded the limit. This ban will last ${seconds} seconds`);
    }
    const fault = kit.faults.draw();
    // An injected throttle names the shortest ban, so fault-heavy tests stay fast.
    if (fault === 'throttle') throw new IopFault(THROTTLE_CODE, 'ISV', 'The request has exceeded the limit. This ban will last 1 seconds (simulated)');
    if (fault === 'server-error') {
      // Alternates the ways the platform fails on its side: HTTP 500, an ISP error in the envelope, HTTP 503 [U].
      const kind = serverErrors++ % 3;
      if (kind === 1) return fail(new IopFault('ServiceUnavailable', 'ISP', 'The service is temporarily unavailable, please try again later'));
      return serverErrorPage(kind === 0 ? 500 : 503, api);
    }
    return null;
  }

  /** A call asked to be lost (POST /__sim/lost-answers): carried out, never answered. */
  function maybeLose(api: string, res: SimResponse): SimResponse {
    const lose = state.loseAnswers.get(api) ?? 0;
    if (lose <= 0 || res.errorCode) return res;
    state.loseAnswers.set(api, lose - 1);
    return { ...res, lost: true };
  }

  function sync(req: SimRequest, { params, files }: Received): SimResponse {
    let method: string | null = params.method ?? null;
    try {
      if (req.method !== 'GET' && req.method !== 'POST') throw new IopFault('InvalidHttpMethod', 'ISV', 'Use GET or POST');
      if (!method) throw missingParameter('method');
      const now = kit.clock.now();
      checkSystem(method, params, now);
      if (!Object.hasOwn(methods, method)) throw new IopFault('InvalidMethod', 'ISV', `The specified method ${method} is invalid`);
      token(params, now);
      const failed = limitAndFaults(params, method, now, (f) => syncError(f, method));
      if (failed) return failed;

      const meta = methodMeta(method);
      let values: Record<string, unknown> = params;
      if (meta) {
        try {
          values = readRequest(meta, params, parseWireJson);
        } catch (e) {
          if (e instanceof ParamProblem) throw e.kind === 'missing' ? missingParameter(e.param) : invalidParameter(e.param, e.why);
          throw e;
        }
      }
      const write = (body: Raw) => (meta ? (renderByTree(body, meta.responseParams) as Raw) : body);
      try {
        const body = methods[method].run({ method, params, values, files, state, now });
        return maybeLose(method, syncSuccess(method, write(body)));
      } catch (e) {
        if (e instanceof BusinessRefusal) return syncSuccess(method, write(e.body), { code: e.code, message: e.refusal });
        throw e;
      }
    } catch (e) {
      if (e instanceof IopFault) return syncError(e, method);
      throw e;
    }
  }

  function tokenAnswer(pair: SimTokens, now: number): Raw {
    return {
      access_token: pair.accessToken,
      refresh_token: pair.refreshToken,
      expires_in: Math.max(0, Math.floor((pair.expiresAt - now) / 1000)),
      refresh_expires_in: Math.max(0, Math.floor((pair.refreshExpiresAt - now) / 1000)),
      expire_time: pair.expiresAt,
      refresh_token_valid_time: pair.refreshExpiresAt,
      seller_id: state.sellerId,
      user_id: state.sellerId,
      havana_id: state.sellerId,
      user_nick: state.userNick,
      account: state.account,
      account_platform: 'seller_center',
      locale: 'en_US',
      sp: 'ae',
    };
  }

  /** The system calls [U: answer field names, as aliexpress.md §7 lists them plus the usual IOP ones]. */
  const restApis: Record<string, (params: Record<string, string>, now: number) => Raw> = {
    [TOKEN_CREATE_PATH]: (params, now) => {
      state.counters.tokenCreates++;
      if (!params.code) throw missingParameter('code');
      const code = state.codes.get(params.code);
      if (!code || code.used || code.expiresAt <= now) throw new IopFault('InvalidCode', 'ISV', 'The authorization code is invalid, used or expired');
      code.used = true;
      return tokenAnswer(state.issueTokens(), now);
    },
    [TOKEN_REFRESH_PATH]: (params, now) => {
      state.counters.refreshes++;
      if (!params.refresh_token) throw missingParameter('refresh_token');
      const next = state.refresh(params.refresh_token);
      if (!next) throw new IopFault('IllegalRefreshToken', 'ISV', 'The specified refresh token is invalid, expired or already used');
      return tokenAnswer(next, now);
    },
  };

  function rest(req: SimRequest, { params }: Received): SimResponse {
    const api = req.path.slice(REST_PATH.length) || '/';
    try {
      if (req.method !== 'GET' && req.method !== 'POST') throw new IopFault('InvalidHttpMethod', 'ISV', 'Use GET or POST');
      if (!Object.hasOwn(restApis, api)) throw new IopFault('InvalidApiPath', 'ISV', `The specified API path ${api} is invalid`);
      const now = kit.clock.now();
      // The API name holds a '/': the path goes in front of the signed string (§3).
      checkSystem(api, params, now);
      const failed = limitAndFaults(params, api, now, (f) => restError(f, api));
      if (failed) return failed;
      return maybeLose(api, restSuccess(api, restApis[api](params, now)));
    } catch (e) {
      if (e instanceof IopFault) return restError(e, api);
      throw e;
    }
  }

  return (req) => {
    const isRest = req.path === REST_PATH || req.path.startsWith(`${REST_PATH}/`);
    if (req.path !== SYNC_PATH && !isRest) {
      return { ...jsonResponse(404, { error: `no such path ${req.path}; AliExpress serves ${SYNC_PATH} (business calls) and ${REST_PATH}/<path> (system calls)` }), errorCode: 'HTTP_404' };
    }
    const received = receive(req);
    const res = isRest ? rest(req, received) : sync(req, received);
    const logParams = Object.fromEntries(Object.entries(received.params).filter(([k]) => !SYSTEM_PARAMS.has(k) && k !== 'image_bytes' && k !== 'refresh_token' && k !== 'code'));
    for (const [k, f] of Object.entries(received.files)) logParams[k] = `<file ${f.filename}, ${f.size} bytes>`;
    return { ...res, logParams };
  };
}

export const BUSINESS_METHODS = Object.keys({ ...productMethods, ...orderMethods(1) });
