import { AuthFailedError } from '../sdk/errors';
import type { HttpClient, HttpRequest } from '../sdk/http';
import type { AccessGrant } from '../sdk/types';
import { amazonBody, DOCUMENT_TRANSFERS } from './errors';
import { tokenUrl } from './marketplaces';

/**
 * Login with Amazon (amazon.md §1): the refresh grant that gives SP-API access tokens, and the
 * header that carries one. No AWS SigV4: the LWA token is the only credential SP-API takes
 * [U: current official SDKs send only it]. The engine calls `requestToken` through the module's
 * `auth.refresh`, keeps the token in memory, renews it before `expires_in` runs out and once
 * when a call is refused, one refresh per channel at a time; `withAccessToken` puts it on every
 * SP-API call (never on the LWA call itself, never on an S3 presigned URL).
 */

/** The credentials JSON of an AMAZON channel (the module's `credentialFields`). */
export interface AmazonCredentials {
  /** The app's LWA client id, `amzn1.application-oa2-client.…`. */
  clientId: string;
  clientSecret: string;
  /** The seller's refresh token from the authorisation, `Atzr|…`; LWA does not rotate it. */
  refreshToken?: string;
  /** The selling partner id (merchant token), e.g. `A3EXAMPLE12345`: the Listings API's `sellerId`. */
  sellerId: string;
}

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): AmazonCredentials {
  const missing = ['clientId', 'clientSecret', 'sellerId'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `Amazon credentials lack ${missing.join(', ')}` });
  return {
    clientId: raw.clientId.trim(),
    clientSecret: raw.clientSecret.trim(),
    refreshToken: raw.refreshToken?.trim() || undefined,
    sellerId: raw.sellerId.trim(),
  };
}

/** How long an access token lives when the answer does not say [U: 3600 s is what LWA answers; `expires_in` wins]. */
const DEFAULT_TOKEN_SECONDS = 3600;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const seconds = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
};

/** Reads LWA's token answer: `{"access_token":"Atza|…","token_type":"bearer","expires_in":3600,"refresh_token":"Atzr|…"}`. */
export function readTokenAnswer(data: unknown): AccessGrant {
  const body = amazonBody(data);
  const accessToken = text(body?.access_token);
  if (!body || !accessToken) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: 'Login with Amazon answered the refresh grant without an access_token', operation: 'auth' });
  return {
    accessToken,
    expiresInSeconds: seconds(body.expires_in) ?? DEFAULT_TOKEN_SECONDS,
    // LWA refresh tokens do not rotate: the answer echoes the one sent, and the stored one stays.
    refreshToken: null,
  };
}

/**
 * The refresh grant: `POST /auth/o2/token`, form `grant_type=refresh_token`, `refresh_token`,
 * `client_id`, `client_secret` [O: the official SDK's LwaAuthClient], at Amazon's LWA endpoint
 * for Amazon's own hosts and at the base URL's `/auth/o2/token` for a simulator.
 */
export async function requestToken(http: HttpClient, baseUrl: string, credentials: Record<string, string>): Promise<AccessGrant> {
  const c = readCredentials(credentials);
  if (!c.refreshToken) {
    throw new AuthFailedError({ code: 'NO_REFRESH_TOKEN', message: 'The Amazon channel has no refresh token: the seller must authorise the app (Seller Central → Apps, or the app\'s OAuth consent) and the refresh token be entered', operation: 'auth' });
  }
  const res = await http.request<unknown>({
    method: 'POST',
    url: tokenUrl(baseUrl),
    form: { grant_type: 'refresh_token', refresh_token: c.refreshToken, client_id: c.clientId, client_secret: c.clientSecret },
    operation: 'auth',
    idempotent: true,
  });
  return readTokenAnswer(res.data);
}

/** `x-amz-access-token` on every SP-API call; the LWA call and S3's presigned URLs go without it. */
export function withAccessToken(req: HttpRequest, accessToken: string): HttpRequest {
  if (req.operation === 'auth' || DOCUMENT_TRANSFERS.has(req.operation) || /\/auth\/o2\/token(\?|$)/.test(req.url)) return req;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== 'x-amz-access-token') headers[k] = v;
  return { ...req, headers: { ...headers, 'x-amz-access-token': accessToken } };
}
