import type { SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import type { ContractRecorder } from '../contract/recorder';
import { bulkPriceQuantityRoute } from './bulk-price-quantity';
import type { Call, Route } from './call';
import { answer, paramNames } from './call';
import { ebayError, EbayFault, errorAnswer, FULFILLMENT_DOMAIN, INVENTORY_DOMAIN, inventoryFault, invalidRequest, tooManyRequests } from './ebay-errors';
import { EbayState, SCOPES } from './ebay-state';
import { inventoryItemRoutes } from './inventory-items';
import { itemGroupRoutes } from './item-groups';
import { locationRoutes } from './locations';
import { mediaCall, MEDIA_ROOT } from './media';
import { DEFAULT_MARKETPLACE, LOCALE } from './marketplaces';
import { offerRoutes } from './offers';
import { orderRoutes } from './orders';
import { authorise, TOKEN_PATH, tokenEndpoint } from './oauth';
import { takeCall } from './quotas';
import { shippingRoutes } from './shipping';
import { parseWire } from '../../sdk/simulator/wire-json';

/**
 * The simulated api.ebay.com: the token endpoint and the Sell Inventory and Fulfillment APIs at
 * eBay's paths. A Sell call is checked in this order: the route (method and path), the bearer
 * token (401 errorId 1001; an application token or a missing scope 403 errorId 1100), the call
 * limits (429 errorId 2001), injected faults, `Content-Type: application/json` on bodies and
 * `Content-Language` where the contract requires it (400), the JSON body; then the operation
 * runs. Every exchange on `/sell/` is handed to the contract recorder, which validates it against
 * eBay's OpenAPI contracts. The Media API's image calls (media.ts) are served beside them, outside
 * the contract check (their contract is not among the stored ones).
 */

export const ROUTES: Route[] = [...inventoryItemRoutes, bulkPriceQuantityRoute, ...itemGroupRoutes, ...offerRoutes, ...locationRoutes, ...orderRoutes, ...shippingRoutes];

export interface GatewayOptions {
  state: EbayState;
  kit: SimKit;
  /** Validates the exchanges on `/sell/` paths; null: no checks (the validator is not installed). */
  recorder: ContractRecorder | null;
  /** The seller's URL prefix (`/sellers/<name>`; '' for the first seller, served at the root). */
  prefix: string;
}

function scopesFor(route: Route): string[] {
  if (route.api === 'inventory') return route.readOnly ? [SCOPES.inventory, SCOPES.inventoryReadonly] : [SCOPES.inventory];
  return route.readOnly ? [SCOPES.fulfillment, SCOPES.fulfillmentReadonly] : [SCOPES.fulfillment];
}

function domainOf(route: Route): string {
  return route.api === 'inventory' ? INVENTORY_DOMAIN : FULFILLMENT_DOMAIN;
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The business parameters of a call for the request log (never tokens or secrets). */
function logParamsOf(req: SimRequest, route: Route | null, params: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) out[k] = v;
  if (route) paramNames(route.pattern).forEach((n, i) => (out[n] = params[i] ?? ''));
  return out;
}

export function createGateway({ state, kit, recorder, prefix }: GatewayOptions): (req: SimRequest) => SimResponse {
  let serverErrors = 0;

  function sell(req: SimRequest, route: Route, params: string[]): SimResponse {
    authorise(state, req, scopesFor(route));
    takeCall(state, kit, route.api);
    const fault = kit.faults.draw();
    // An injected throttle asks for the shortest wait, so fault-heavy tests stay fast.
    if (fault === 'throttle') throw tooManyRequests(1, 'Injected by the simulator (rate429).');
    if (fault === 'server-error') {
      serverErrors++;
      const [errorId, message] = route.api === 'inventory' ? [25001, 'A system error has occurred.'] : [30500, 'System error'];
      throw new EbayFault(500, [ebayError(domainOf(route), errorId, message, { category: 'APPLICATION', longMessage: `Injected by the simulator (error500), #${serverErrors}.` })]);
    }
    let body: unknown = null;
    if (route.body) {
      const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') throw invalidRequest(`${route.operationId} takes a JSON body: send Content-Type: application/json${type ? `, not ${type}` : ''}.`, { header: 'Content-Type' });
      if (req.body.trim() === '') throw invalidRequest(`${route.operationId} needs a request body.`);
      try {
        body = parseWire(req.body);
      } catch (e) {
        throw invalidRequest(`The request body is not JSON: ${(e as Error).message}`);
      }
    }
    const contentLanguage = header(req, 'content-language')?.trim() || null;
    // [U] the errorId of a missing or malformed Content-Language: the contract's "Invalid value for {fieldName}".
    if (route.contentLanguage && (!contentLanguage || !LOCALE.test(contentLanguage))) {
      throw inventoryFault(400, 25709, `Invalid value for header Content-Language${contentLanguage ? `: ${contentLanguage}` : ' (it is required)'}. Send the language of the body, such as en-US or de-DE.`, { parameters: { fieldName: 'Content-Language' } });
    }
    const call: Call = {
      state,
      kit,
      req,
      now: state.clock.now(),
      params,
      body,
      contentLanguage,
      marketplaceId: header(req, 'x-ebay-c-marketplace-id')?.trim() || DEFAULT_MARKETPLACE,
      base: `http://${header(req, 'host') ?? '127.0.0.1'}${prefix}`,
    };
    return route.run(call);
  }

  function route(req: SimRequest): { route: Route; params: string[] } | null {
    for (const r of ROUTES) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (m) return { route: r, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return null;
  }

  function record(req: SimRequest, res: SimResponse): void {
    recorder?.record(
      {
        method: req.method,
        path: req.path,
        query: req.rawQuery ?? req.query.toString(),
        headers: req.headers,
        body: req.body,
        status: res.status,
        // What the kit sends: its default content type under the answer's own headers.
        responseHeaders: { 'content-type': 'application/json;charset=UTF-8', ...res.headers },
        responseBody: res.body,
      },
      prefix ? prefix.replace(/^\/sellers\//, '') : null,
      new Date(state.clock.now()),
    );
  }

  return (req) => {
    if (req.path === TOKEN_PATH) {
      const res = tokenEndpoint(state, req);
      return { ...res, logParams: { grant_type: new URLSearchParams(req.body).get('grant_type') ?? '' } };
    }
    if (req.path.startsWith(`${MEDIA_ROOT}/`)) {
      let media: { res: SimResponse; operationId: string } | null = null;
      try {
        media = mediaCall(state, req, `http://${header(req, 'host') ?? '127.0.0.1'}${prefix}`);
        if (media) return { ...media.res, operation: media.operationId };
      } catch (e) {
        if (e instanceof EbayFault) return { ...errorAnswer(e), operation: media?.operationId ?? null };
        throw e;
      }
    }
    if (!req.path.startsWith('/sell/')) {
      return errorAnswer(new EbayFault(404, [ebayError('ACCESS', 2002, 'Resource not found', { longMessage: `The simulator serves ${TOKEN_PATH}, /sell/inventory/v1, /sell/fulfillment/v1 and ${MEDIA_ROOT}/image, not ${req.path}.` })]));
    }
    let found: { route: Route; params: string[] } | null = null;
    let res: SimResponse;
    try {
      found = route(req);
      if (!found) {
        // An operation of the contracts the simulator does not serve answers 501, which no operation declares: the
        // contract check reports it, so a client relying on it is noticed rather than met with a plausible 404.
        const known = recorder?.operationOf(req.method, req.path);
        if (known) throw new EbayFault(501, [ebayError('ACCESS', 2002, 'Not simulated', { longMessage: `${known} is in eBay's contract but not in this simulator.` })]);
        throw new EbayFault(404, [ebayError('ACCESS', 2002, 'Resource not found', { longMessage: `No ${req.method} ${req.path} in the Sell Inventory or Fulfillment API.` })]);
      }
      res = sell(req, found.route, found.params);
      const lose = state.loseAnswers.get(found.route.operationId) ?? 0;
      if (lose > 0 && res.status < 400) {
        state.loseAnswers.set(found.route.operationId, lose - 1);
        res = { ...res, lost: true };
      }
    } catch (e) {
      if (e instanceof URIError) res = errorAnswer(invalidRequest(`A path parameter is not valid percent-encoding: ${req.path}`));
      else if (e instanceof EbayFault) res = errorAnswer(e);
      else throw e;
    }
    res = { ...res, operation: found?.route.operationId ?? null, logParams: logParamsOf(req, found?.route ?? null, found?.params ?? []) };
    record(req, res);
    return res;
  };
}

/**
 * The answer of a call carried out whose answer then failed (the kit's error500AfterCommit):
 * eBay's 500 with errors[] or a front server's 503 page, in turn.
 */
export function serverErrorOf(): (req: SimRequest, carriedOut: SimResponse) => SimResponse {
  let n = 0;
  return (req, carriedOut) => {
    const base = { operation: carriedOut.operation, logParams: carriedOut.logParams };
    if (n++ % 2 === 0) {
      const inventory = req.path.startsWith('/sell/inventory');
      const fault = new EbayFault(500, [ebayError(inventory ? INVENTORY_DOMAIN : FULFILLMENT_DOMAIN, inventory ? 25001 : 30500, inventory ? 'A system error has occurred.' : 'System error', { category: 'APPLICATION' })]);
      return { ...errorAnswer(fault), ...base };
    }
    return { ...answer(503), body: '<html><body><h1>503 Service Unavailable</h1></body></html>', headers: { 'content-type': 'text/html' }, errorCode: 'HTTP_503', errorMessage: 'Service Unavailable', ...base };
  };
}
