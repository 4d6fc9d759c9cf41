import { isFormBody, jsonResponse, SimRequest, SimResponse } from '../../sdk/simulator';
import { AccessToken, APPLICATION_SCOPES, EbayState } from './ebay-state';
import { insufficientScope, invalidToken } from './ebay-errors';

/**
 * eBay's OAuth2 (ebay.md §2, §8.1). The token endpoint `POST /identity/v1/oauth2/token` takes a
 * form body with the app's client id and secret as HTTP Basic and one of three grants:
 * client_credentials (an application token, which the Sell APIs refuse), authorization_code (a
 * code from the seller's consent, `POST /__sim/auth-codes` here, exchanged with the app's RuName
 * as `redirect_uri`) and refresh_token (a new access token for the consent's scopes or a subset;
 * the refresh token is not rotated and is not sent back [S: eBay's refresh answer carries only
 * the access token]). Errors are OAuth's `{error, error_description}` with eBay's wording.
 */

export const TOKEN_PATH = '/identity/v1/oauth2/token';

function oauthError(status: number, error: string, description: string): SimResponse {
  return jsonResponse(status, { error, error_description: description }, { errorCode: error, errorMessage: description, operation: 'token' });
}

/** The client id and secret of an `Authorization: Basic` header, or null. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Space-separated scopes as the form carries them (URL-decoded already). */
function scopeList(value: string | null): string[] | null {
  if (value === null) return null;
  const list = value.split(/\s+/).filter(Boolean);
  return list.length ? list : null;
}

function accessAnswer(t: AccessToken, now: number, refresh?: { token: string; expiresAt: number }): Record<string, unknown> {
  return {
    access_token: t.token,
    expires_in: Math.max(0, Math.round((t.expiresAt - now) / 1000)),
    ...(refresh ? { refresh_token: refresh.token, refresh_token_expires_in: Math.max(0, Math.round((refresh.expiresAt - now) / 1000)) } : {}),
    token_type: t.kind === 'USER' ? 'User Access Token' : 'Application Access Token',
  };
}

export function tokenEndpoint(state: EbayState, req: SimRequest): SimResponse {
  const now = state.clock.now();
  if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'the token endpoint takes POST');
  if (!isFormBody(req)) return oauthError(400, 'invalid_request', 'request body must be application/x-www-form-urlencoded');
  const client = basicCredentials(req.headers.authorization);
  if (!client || client.id !== state.clientId || client.secret !== state.clientSecret) return oauthError(401, 'invalid_client', 'client authentication failed');
  const form = new URLSearchParams(req.body);
  const grant = form.get('grant_type') ?? '';
  state.tokenCalls[grant || '(none)'] = (state.tokenCalls[grant || '(none)'] ?? 0) + 1;
  const asked = scopeList(form.get('scope'));

  if (grant === 'client_credentials') {
    // [U] eBay's docs write scope as required here; left out, the base scope is granted.
    const scopes = asked ?? APPLICATION_SCOPES;
    if (scopes.some((s) => !APPLICATION_SCOPES.includes(s))) return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client');
    return { ...jsonResponse(200, accessAnswer(state.issueAccess('APPLICATION', scopes), now)), operation: 'token' };
  }

  if (grant === 'authorization_code') {
    const code = form.get('code');
    const redirect = form.get('redirect_uri');
    if (!code || !redirect) return oauthError(400, 'invalid_request', 'request is missing a required parameter (code, redirect_uri)');
    const c = state.codes.get(code);
    if (!c || c.used || c.expiresAt <= now) return oauthError(400, 'invalid_grant', 'the provided authorization grant code is invalid or was issued to another client');
    if (redirect !== state.ruName) return oauthError(400, 'invalid_grant', 'the provided authorization grant code was issued to another redirect_uri (send the RuName)');
    c.used = true;
    const { refresh, access } = state.consentTo(c.scopes);
    return { ...jsonResponse(200, accessAnswer(access, now, refresh)), operation: 'token' };
  }

  if (grant === 'refresh_token') {
    const value = form.get('refresh_token');
    if (!value) return oauthError(400, 'invalid_request', 'request is missing a required parameter (refresh_token)');
    const r = state.refreshTokens.get(value);
    if (!r || r.expiresAt <= now) return oauthError(400, 'invalid_grant', 'the provided authorization refresh token is invalid or was issued to another client');
    // [U] whether scope may be left out: the reference sends it; left out, the consent's scopes are granted.
    const scopes = asked ?? r.scopes;
    if (scopes.some((s) => !r.scopes.includes(s))) return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client');
    return { ...jsonResponse(200, accessAnswer(state.issueAccess('USER', scopes), now)), operation: 'token' };
  }

  return oauthError(400, 'unsupported_grant_type', 'grant type in request is not supported by the authorization server');
}

/**
 * The access token of a Sell API call, which must be a live user token holding one of `scopes`
 * (an operation's security lists them: the read-only twin serves reads). Throws eBay's 401/403.
 */
export function authorise(state: EbayState, req: SimRequest, scopes: string[]): AccessToken {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  if (!m) throw invalidToken('no bearer token');
  const t = state.accessTokens.get(m[1]);
  if (!t) throw invalidToken('unknown token');
  if (t.expiresAt <= state.clock.now()) throw invalidToken('the token has expired');
  if (t.kind === 'APPLICATION') throw insufficientScope('An application access token (client credentials grant) cannot call the Sell APIs: they take a user access token.');
  if (!scopes.some((s) => t.scopes.includes(s))) throw insufficientScope(`The call needs one of the scopes ${scopes.join(', ')}.`);
  return t;
}
