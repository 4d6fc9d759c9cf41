import { jsonResponse, requestParams, SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import { TopSignMethod, verifyTopSignature } from '../signing';
import { parseTopTime } from '../top-time';
import { itemMethods } from './item-methods';
import { logisticsMethods } from './logistics-methods';
import { refundMethods } from './refund-methods';
import { sellerMethods } from './seller-methods';
import { invalidArgument, topErrorResponse, TopFault, topSuccess } from './top-envelope';
import type { TopMethods } from './top-method';
import type { SimSession, TopState } from './top-state';
import { tradeMethods } from './trade-methods';

/**
 * The TOP gateway at `/router/rest` (taobao.md §1-§4, §10-§11): system parameters checked in
 * order, the signature recomputed, the session checked, the per-app call limit and injected
 * faults applied, then the business method dispatched.
 */

export const GATEWAY_PATH = '/router/rest';

/** Every method the simulator serves. */
export const TOP_METHODS: TopMethods = { ...sellerMethods, ...itemMethods, ...tradeMethods, ...logisticsMethods, ...refundMethods };

const MAX_SKEW_MS = 10 * 60 * 1000;
const SIGN_METHODS = new Set(['md5', 'hmac', 'hmac-sha256']);
/** TOP's throttle sub_code [U: as commonly reported for app-level bans]. */
const LIMITED = 'accesscontrol.limited-by-app-access-count';

/** The system-parameter checks of §11.2-§11.4; returns the session when the method needs one. */
function checkSystemParameters(params: Record<string, string>, state: TopState, now: number): { method: string; session: SimSession | null } {
  const method = params.method;
  if (!method) throw new TopFault(21, 'Missing Method');
  // Own keys only: `constructor` or `__proto__` is not a TOP method either.
  if (!Object.hasOwn(TOP_METHODS, method)) throw new TopFault(22, 'Invalid Method', undefined, `不存在的方法名 ${method}`);

  if (!params.app_key) throw new TopFault(28, 'Missing App Key');
  if (params.app_key !== state.appKey) throw new TopFault(29, 'Invalid App Key');

  if (!params.v) throw new TopFault(32, 'Missing Version');
  if (params.v !== '2.0') throw /^\d+(\.\d+)*$/.test(params.v) ? new TopFault(34, 'Unsupported Version') : new TopFault(33, 'Invalid Version');

  // XML is TOP's default; this simulator only answers JSON, so it says so instead of guessing.
  if ((params.format ?? 'xml') !== 'json') throw new TopFault(23, 'Invalid Format', undefined, 'the simulator answers format=json only');

  if (!params.timestamp) throw new TopFault(30, 'Missing Timestamp');
  const sent = parseTopTime(params.timestamp);
  if (!sent) throw new TopFault(31, 'Invalid Timestamp', undefined, 'timestamp 格式必须是 yyyy-MM-dd HH:mm:ss（GMT+8）');
  // More than 10 minutes from the gateway's clock is refused (§2) [U that it is code 31].
  if (Math.abs(sent.getTime() - now) > MAX_SKEW_MS) throw new TopFault(31, 'Invalid Timestamp', undefined, '时间戳与服务器时间相差超过10分钟（GMT+8）');

  // An empty sign_method is the old md5 (the official SDK helper: "空（老md5)").
  const signMethod = params.sign_method || 'md5';
  if (!SIGN_METHODS.has(signMethod)) throw invalidArgument('sign_method', 'sign_method 只能是 md5、hmac 或 hmac-sha256');
  if (!params.sign) throw new TopFault(24, 'Missing Signature');
  // Values arrive URL-decoded; empty ones and `sign` itself are left out by signing.ts (§3).
  if (!verifyTopSignature(params, state.appSecret, signMethod as TopSignMethod, params.sign)) throw new TopFault(25, 'Invalid Signature');

  if (!TOP_METHODS[method].needsSession) return { method, session: null };
  if (!params.session) throw new TopFault(26, 'Missing Session');
  const session = state.sessions.get(params.session);
  if (!session || session.appKey !== params.app_key) throw new TopFault(27, 'Invalid session', 'invalid-sessionkey', 'SessionKey非法');
  // [U]: an expired session is 27 as well, with its own sub_code.
  if (session.expiresAt <= now) throw new TopFault(27, 'Invalid session', 'session-expired', 'SessionKey已过期，请刷新或重新授权');
  return { method, session };
}

/** System parameters (§2): left out of the request log, which shows what a call asked for, never its secrets. */
const SYSTEM_PARAMS = new Set(['method', 'app_key', 'session', 'timestamp', 'format', 'v', 'sign_method', 'sign', 'partner_id', 'target_app_key', 'simplify']);

function businessParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !SYSTEM_PARAMS.has(k)));
}

/** A 5xx the way TOP's front servers send one: an HTML page, not the JSON envelope. */
function serverErrorPage(status: 500 | 503, method: string): SimResponse {
  const text = status === 503 ? 'Service Temporarily Unavailable' : 'Internal Server Error';
  return {
    status,
    body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center><hr><center>Tengine</center></body></html>`,
    headers: { 'content-type': 'text/html' },
    operation: method,
    errorCode: `HTTP_${status}`,
    errorMessage: text,
  };
}

/** The gateway's request handler. */
export function createTopGateway(state: TopState, kit: SimKit): (req: SimRequest) => SimResponse {
  /** App key → until when it is banned after going over its call limit. */
  const bannedUntil = new Map<string, number>();
  let serverErrors = 0;

  return (req) => {
    if (req.path !== GATEWAY_PATH) return { ...jsonResponse(404, { error: `no such path ${req.path}; the TOP gateway is ${GATEWAY_PATH}` }), errorCode: 'HTTP_404' };
    const params = requestParams(req);
    return { ...answer(req, params), logParams: businessParams(params) };
  };

  function answer(req: SimRequest, params: Record<string, string>): SimResponse {
    let method: string | null = null;
    try {
      // TOP wants GET or POST in capitals (code 9).
      if (req.method !== 'GET' && req.method !== 'POST') throw new TopFault(9, 'Http Action Not Allowed');
      if (/^multipart\//i.test(String(req.headers['content-type'] ?? ''))) {
        throw invalidArgument('content-type', 'the simulator takes GET query strings or POST application/x-www-form-urlencoded, not multipart');
      }
      method = params.method ?? null;
      const now = kit.clock.now();
      const checked = checkSystemParameters(params, state, now);

      // The per-app call limit (§10, §11.7), counted by the app key the call is signed with,
      // whichever shop's session it carries. Going over it bans the app for the whole seconds
      // the sub_msg names, as TOP's bans last; TOP has no HTTP 429, only code 7 in an HTTP 200.
      const app = params.app_key;
      const ban = bannedUntil.get(app) ?? 0;
      if (ban > now) throw new TopFault(7, 'App Call Limited', LIMITED, `This ban will last for ${Math.ceil((ban - now) / 1000)} more seconds`);
      const verdict = kit.buckets.take(app);
      if (!verdict.ok) {
        const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
        bannedUntil.set(app, now + seconds * 1000);
        throw new TopFault(7, 'App Call Limited', LIMITED, `This ban will last for ${seconds} more seconds`);
      }

      const fault = kit.faults.draw();
      // rate429 is TOP's code 7 (TOP never answers HTTP 429). An injected throttle names no ban
      // length, so a client backs off on its own schedule and fault-heavy tests stay fast.
      if (fault === 'throttle') throw new TopFault(7, 'App Call Limited', LIMITED, 'App call limited (simulated)');
      if (fault === 'server-error') {
        // Alternates the three ways TOP fails on its side: HTTP 500, code 15 isp.*, HTTP 503.
        const kind = serverErrors++ % 3;
        if (kind === 1) throw new TopFault(15, 'Remote service error', 'isp.remote-service-error', '服务暂时不可用，请稍后重试');
        return serverErrorPage(kind === 0 ? 500 : 503, checked.method);
      }

      const body = TOP_METHODS[checked.method].run({ method: checked.method, params, state, session: checked.session, now: new Date(now) });
      // A lost answer asked for this method (`POST /__sim/lost-answers`): carried out, never answered.
      const lose = state.loseAnswers.get(checked.method) ?? 0;
      if (lose > 0) {
        state.loseAnswers.set(checked.method, lose - 1);
        return { ...topSuccess(checked.method, body), lost: true };
      }
      return topSuccess(checked.method, body);
    } catch (e) {
      if (e instanceof TopFault) return topErrorResponse(e, method);
      throw e;
    }
  }
}
