import type { SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import type { ContractRecorder } from '../../sdk/contract';
import type { AmazonState } from './amazon-state';
import { AmazonFault, errorAnswer, fault, invalidInput, quotaExceeded } from './amazon-errors';
import type { Call, Route } from './call';
import { paramNames } from './call';
import { feedDocumentRoutes, S3_ROOT, s3Request } from './feed-documents';
import { feedRoutes } from './feeds';
import { fbaRoutes } from './fba-inventory';
import { newRequestId } from './ids';
import { listingRoutes } from './listings';
import { authorise, TOKEN_PATH, tokenEndpoint } from './lwa';
import { orderRoutes } from './orders';
import { findSandboxOperation, sandboxAnswer } from './sandbox';
import { shipmentRoutes } from './shipments';
import { rateHeader } from './usage-plans';
import { parseWire } from '../../sdk/simulator/wire-json';

/**
 * The simulated SP-API host: the LWA token endpoint, the SP-API operations at Amazon's paths, and
 * the presigned feed-document URLs (S3's place). An SP-API call is checked in this order: the
 * route (method and path; an operation of the models the simulator does not serve answers 501,
 * which the contract check reports), `x-amz-access-token` (403 `Unauthorized`), the usage plan of
 * the operation for this seller (429 `QuotaExceeded`), injected faults, a JSON body where the
 * operation takes one (400 `InvalidInput`; 415 for another content type [U]); then the operation
 * runs, or with the static sandbox on, the models' canned answers. Every answer carries
 * `x-amzn-RequestId`, and a success `x-amzn-RateLimit-Limit` of its own operation's plan (§6).
 * Every SP-API exchange is handed to the contract recorder.
 */

export const ROUTES: Route[] = [...orderRoutes, ...shipmentRoutes, ...listingRoutes, ...feedDocumentRoutes, ...feedRoutes, ...fbaRoutes];

export interface GatewayOptions {
  state: AmazonState;
  kit: SimKit;
  recorder: ContractRecorder | null;
  /** The seller's URL prefix (`/sellers/<name>`; '' for the first seller, served at the root). */
  prefix: string;
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function logParamsOf(req: SimRequest, route: Route | null, params: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) out[k] = v;
  if (route) paramNames(route.pattern).forEach((n, i) => (out[n] = params[i] ?? ''));
  return out;
}

export function createGateway({ state, kit, recorder, prefix }: GatewayOptions): (req: SimRequest) => SimResponse {
  let serverErrors = 0;
  const caller = () => `${state.clientId}|${state.sellerId}`;

  function limit(plan: string): void {
    const verdict = state.usagePlans.take(caller(), plan);
    if (!verdict.ok) throw quotaExceeded(`The usage plan of ${plan} is ${state.usagePlans.plan(plan).rate} requests per second with a burst of ${state.usagePlans.plan(plan).burst}.`);
  }

  function injected(): void {
    const f = kit.faults.draw();
    if (f === 'throttle') throw quotaExceeded('Injected by the simulator (rate429).');
    if (f === 'server-error') throw fault(500, 'InternalFailure', 'We encountered an internal error. Please try again.', `Injected by the simulator (error500), #${++serverErrors}.`);
  }

  function readBody(req: SimRequest, route: Route): unknown {
    if (!route.body) return null;
    const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (req.body.trim() === '') throw invalidInput(`${route.operationId} needs a JSON request body.`);
    if (type !== 'application/json') throw fault(415, 'UnsupportedMediaType', `${route.operationId} takes Content-Type: application/json${type ? `, not ${type}` : ''}.`);
    try {
      return parseWire(req.body);
    } catch (e) {
      throw invalidInput(`The request body is not JSON: ${(e as Error).message}`);
    }
  }

  interface Found {
    operationId: string | null;
    plan: string | null;
    route: Route | null;
    params: string[];
  }

  /** Runs the call; `found` says which operation it was as soon as it is known (refusals are logged under it too). */
  function run(req: SimRequest, found: Found): SimResponse {
    const now = state.clock.now();
    const base = `http://${header(req, 'host') ?? '127.0.0.1'}${prefix}`;
    if (state.settings.sandbox) {
      const op = findSandboxOperation(req.method, req.path);
      if (!op) throw fault(404, 'NotFound', 'Resource not found', `No ${req.method} ${req.path} in the SP-API models the simulator holds.`);
      Object.assign(found, { operationId: op.op.operationId, plan: op.op.plan });
      authorise(state, req);
      limit(op.op.plan);
      return sandboxAnswer(req, op.op, op.params);
    }
    for (const r of ROUTES) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      Object.assign(found, { operationId: r.operationId, plan: r.plan ?? r.operationId, route: r });
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      found.params = params;
      authorise(state, req);
      limit(r.plan ?? r.operationId);
      injected();
      const call: Call = { state, kit, req, now, params, body: readBody(req, r), base };
      return r.run(call);
    }
    const known = recorder?.operationOf(req.method, req.path);
    if (known) throw fault(501, 'NotImplemented', 'Not simulated', `${known} is in Amazon's models but not in this simulator.`);
    throw fault(404, 'NotFound', 'Resource not found', `No ${req.method} ${req.path} among the SP-API operations the simulator serves.`);
  }

  function record(req: SimRequest, res: SimResponse, operationId: string | null): void {
    if (!recorder) return;
    const exchange = {
      method: req.method,
      path: req.path,
      query: req.rawQuery ?? req.query.toString(),
      headers: req.headers,
      body: req.body,
      status: res.status,
      responseHeaders: { 'content-type': 'application/json;charset=UTF-8', ...res.headers },
      responseBody: res.body,
    };
    const seller = prefix ? prefix.replace(/^\/sellers\//, '') : null;
    const at = new Date(state.clock.now());
    recorder.record(exchange, seller, at);
    recorder.recordProblems(exchange, operationId, state.contractProblems.splice(0), seller, at);
  }

  return (req) => {
    if (req.path === TOKEN_PATH) {
      const res = tokenEndpoint(state, req);
      return { ...res, logParams: { grant_type: new URLSearchParams(req.body).get('grant_type') ?? '' } };
    }
    if (req.path.startsWith(`${S3_ROOT}/`)) return { ...s3Request(state, req), logParams: { document: decodeURIComponent(req.path.slice(S3_ROOT.length + 1)) } };
    const requestId = newRequestId();
    const found: Found = { operationId: null, plan: null, route: null, params: [] };
    let res: SimResponse;
    try {
      res = run(req, found);
      const lose = found.operationId ? (state.loseAnswers.get(found.operationId) ?? 0) : 0;
      if (lose > 0 && res.status < 400) {
        state.loseAnswers.set(found.operationId!, lose - 1);
        res = { ...res, lost: true };
      }
    } catch (e) {
      if (e instanceof URIError) res = errorAnswer(invalidInput(`A path parameter is not valid percent-encoding: ${req.path}`));
      else if (e instanceof AmazonFault) res = errorAnswer(e);
      else throw e;
    }
    const plan = found.plan;
    const headers: Record<string, string> = { ...res.headers, 'x-amzn-RequestId': requestId };
    // The usage plan's rate on every answer but 403/429 (their models declare only the request id) [O].
    if (plan && res.status !== 403 && res.status !== 429) headers['x-amzn-RateLimit-Limit'] = rateHeader(state.usagePlans.plan(plan));
    res = { ...res, headers, operation: found.operationId, logParams: logParamsOf(req, found.route, found.params) };
    record(req, res, found.operationId);
    return res;
  };
}

/** The answer of a call carried out whose answer then failed (error500AfterCommit): Amazon's 500, then a 503, in turn [U]. */
export function serverErrorOf(): (req: SimRequest, carriedOut: SimResponse) => SimResponse {
  let n = 0;
  return (_req, carriedOut) => {
    const f = n++ % 2 === 0 ? fault(500, 'InternalFailure', 'We encountered an internal error. Please try again.') : fault(503, 'ServiceUnavailable', 'Service temporarily unavailable. Please try again.');
    const res = errorAnswer(f);
    return { ...res, headers: { ...res.headers, 'x-amzn-RequestId': newRequestId() }, operation: carriedOut.operation, logParams: carriedOut.logParams };
  };
}
