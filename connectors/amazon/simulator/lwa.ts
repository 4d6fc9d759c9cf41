import { isFormBody, jsonResponse, SimRequest, SimResponse } from '../../sdk/simulator';
import { AccessToken, AmazonState } from './amazon-state';
import { unauthorized } from './amazon-errors';

/**
 * Login with Amazon (amazon.md §1, §8.1). `POST /auth/o2/token` takes a form body with
 * `grant_type=refresh_token`, the seller's `refresh_token` and the app's `client_id` and
 * `client_secret` in the body (as Amazon's own clients send them), and answers
 * `{access_token, token_type: "bearer", expires_in: 3600, refresh_token}`; the refresh token is
 * not rotated. `grant_type=client_credentials` with a `scope` (grantless operations, [U]) gives a
 * token no seller call takes. Errors are OAuth's `{error, error_description}` [U: LWA's texts].
 * Every SP-API call carries the token in `x-amz-access-token`: missing, unknown or expired, the
 * call is refused with 403 `Unauthorized`.
 */

export const TOKEN_PATH = '/auth/o2/token';

/** Scopes of grantless operations (notifications destinations, authorization) [U]. */
const GRANTLESS_SCOPES = ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'];

function oauthError(status: number, error: string, description: string): SimResponse {
  return jsonResponse(status, { error_description: description, error }, { errorCode: error, errorMessage: description, operation: 'token' });
}

export function tokenEndpoint(state: AmazonState, req: SimRequest): SimResponse {
  const now = state.clock.now();
  if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'The token endpoint takes POST.');
  if (!isFormBody(req)) return oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams(req.body);
  const grant = form.get('grant_type') ?? '';
  state.tokenCalls[grant || '(none)'] = (state.tokenCalls[grant || '(none)'] ?? 0) + 1;
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (!clientId || !clientSecret) return oauthError(400, 'invalid_request', 'The request is missing a required parameter : client_id or client_secret.');
  if (clientId !== state.clientId || clientSecret !== state.clientSecret) return oauthError(401, 'invalid_client', 'Client authentication failed');

  if (grant === 'refresh_token') {
    const refresh = form.get('refresh_token');
    if (!refresh) return oauthError(400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
    if (refresh !== state.refreshToken) return oauthError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
    const t = state.issueAccess();
    return { ...jsonResponse(200, { access_token: t.token, refresh_token: state.refreshToken, token_type: 'bearer', expires_in: Math.round((t.expiresAt - now) / 1000) }), operation: 'token' };
  }

  if (grant === 'client_credentials') {
    const scope = form.get('scope');
    if (!scope || !GRANTLESS_SCOPES.includes(scope)) return oauthError(400, 'invalid_scope', `The requested scope is invalid: ${scope ?? '(none)'} (${GRANTLESS_SCOPES.join(', ')})`);
    const t = state.issueAccess(true, scope);
    return { ...jsonResponse(200, { access_token: t.token, scope, token_type: 'bearer', expires_in: Math.round((t.expiresAt - now) / 1000) }), operation: 'token' };
  }

  return oauthError(400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server: ${grant || '(none)'}`);
}

/** The access token of an SP-API call for the seller; throws the 403 `Unauthorized` answer. */
export function authorise(state: AmazonState, req: SimRequest): AccessToken {
  const raw = req.headers['x-amz-access-token'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  // [U] the details texts: amazon.md §1 gives "" for a missing token and this one for an expired one.
  if (!value) throw unauthorized('');
  const t = state.accessTokens.get(value);
  if (!t) throw unauthorized('The access token you provided is revoked, malformed or invalid.');
  if (t.expiresAt <= state.clock.now()) throw unauthorized('The access token you provided has expired.');
  if (t.grantless) throw unauthorized('A grantless (client_credentials) token cannot call operations for a selling partner.');
  return t;
}
