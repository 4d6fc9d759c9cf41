import { AuthFailedError } from '../sdk/errors';
import { createHttpClient, HttpRequest } from '../sdk/http';
import { SimControl } from '../sdk/testkit';
import { classifyAmazonResponse } from './errors';
import { readCredentials, readTokenAnswer, requestToken, withAccessToken } from './lwa';
import { apiRoot, tokenUrl } from './marketplaces';
import { startAmazonSimulator } from './simulator';
import { AMAZON_RATE_LIMITS } from './usage-plans';

describe('Login with Amazon', () => {
  it('given LWA’s token answer then the access token and its lifetime are read, and the refresh token is kept (LWA does not rotate it)', () => {
    const grant = readTokenAnswer('{"access_token":"Atza|IwEBIA-1","refresh_token":"Atzr|IwEBIB-1","token_type":"bearer","expires_in":3600}');
    expect(grant).toEqual({ accessToken: 'Atza|IwEBIA-1', expiresInSeconds: 3600, refreshToken: null });
    expect(readTokenAnswer({ access_token: 'Atza|2', expires_in: '1800' }).expiresInSeconds).toBe(1800);
    expect(readTokenAnswer({ access_token: 'Atza|3' }).expiresInSeconds).toBe(3600);
    expect(() => readTokenAnswer({ token_type: 'bearer', expires_in: 3600 })).toThrow(AuthFailedError);
    expect(() => readTokenAnswer('<html>')).toThrow(AuthFailedError);
  });

  it('given a base URL then the token goes to Amazon’s LWA for Amazon’s hosts (sandbox too) and to the simulator beside its API otherwise', () => {
    expect(tokenUrl('https://sellingpartnerapi-na.amazon.com')).toBe('https://api.amazon.com/auth/o2/token');
    expect(tokenUrl('https://sandbox.sellingpartnerapi-eu.amazon.com/')).toBe('https://api.amazon.com/auth/o2/token');
    expect(tokenUrl('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010/auth/o2/token');
    // A channel made with the default NA host but selling in Europe reaches the European endpoint.
    expect(apiRoot('https://sellingpartnerapi-na.amazon.com', 'EU')).toBe('https://sellingpartnerapi-eu.amazon.com');
    expect(apiRoot('https://sandbox.sellingpartnerapi-na.amazon.com/', 'FE')).toBe('https://sandbox.sellingpartnerapi-fe.amazon.com');
    expect(apiRoot('http://127.0.0.1:4010/', 'EU')).toBe('http://127.0.0.1:4010');
  });

  it('given a request then x-amz-access-token goes on every SP-API call, never on the token call nor on an S3 presigned URL', () => {
    const call: HttpRequest = { method: 'GET', url: '/orders/2026-01-01/orders', operation: 'searchOrders', headers: { 'X-Amz-Access-Token': 'old' } };
    expect(withAccessToken(call, 'Atza|new').headers).toEqual({ 'x-amz-access-token': 'Atza|new' });
    const token: HttpRequest = { method: 'POST', url: 'https://api.amazon.com/auth/o2/token', operation: 'auth', form: {} };
    expect(withAccessToken(token, 'Atza|new')).toBe(token);
    const upload: HttpRequest = { method: 'PUT', url: 'https://tortuga-prod-na.s3.amazonaws.com/doc?X-Amz-Signature=x', operation: 'uploadFeedDocument', json: {} };
    expect(withAccessToken(upload, 'Atza|new')).toBe(upload);
    expect(withAccessToken({ method: 'GET', url: 'https://s3/doc', operation: 'downloadFeedDocument' }, 'Atza|new').headers).toBeUndefined();
  });

  it('given credentials without the app’s id, secret or the seller id then they are refused naming what is missing', () => {
    expect(() => readCredentials({ clientId: 'amzn1.application-oa2-client.1', refreshToken: 'Atzr|1' })).toThrow(/clientSecret, sellerId/);
    expect(readCredentials({ clientId: ' c ', clientSecret: 's', sellerId: 'A1', refreshToken: '' })).toEqual({ clientId: 'c', clientSecret: 's', sellerId: 'A1', refreshToken: undefined });
  });

  describe('against the simulated LWA endpoint', () => {
    let sim: Awaited<ReturnType<typeof startAmazonSimulator>>;
    let control: SimControl;
    beforeAll(async () => {
      sim = await startAmazonSimulator({ seed: 7 });
      control = new SimControl(sim.controlUrl);
    });
    afterAll(() => sim.stop());

    const http = () => createHttpClient({ baseUrl: sim.baseUrl, accountKey: `lwa-${Math.random()}`, rateLimits: AMAZON_RATE_LIMITS, classify: classifyAmazonResponse, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });

    it('given the seller’s refresh token then LWA answers an access token SP-API takes; a revoked one is AUTH_FAILED; none at all says so', async () => {
      const credentials = await control.credentials();
      const grant = await requestToken(http(), sim.baseUrl, credentials);
      expect(grant.accessToken).toMatch(/^Atza\|/);
      expect(grant.expiresInSeconds).toBeGreaterThan(3000);
      expect(grant.refreshToken).toBeNull();
      const res = await fetch(`${sim.baseUrl}/listings/2021-08-01/items/${credentials.sellerId}/NO-SUCH-SKU?marketplaceIds=ATVPDKIKX0DER`, { headers: { 'x-amz-access-token': grant.accessToken } });
      expect(res.status).toBe(404);

      await expect(requestToken(http(), sim.baseUrl, { ...credentials, refreshToken: 'Atzr|revoked' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'invalid_grant' });
      await expect(requestToken(http(), sim.baseUrl, { ...credentials, clientSecret: 'wrong' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'invalid_client' });
      const { refreshToken: _r, ...bare } = credentials;
      await expect(requestToken(http(), sim.baseUrl, bare)).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'NO_REFRESH_TOKEN' });
    });
  });
});
