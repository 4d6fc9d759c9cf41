import { addressAllowed, checkBaseUrl, originOf } from './channel-address';

const dev = { production: false, allowedHosts: [] as string[] };
const prod = { production: true, allowedHosts: [] as string[] };
const prodAllowing = { production: true, allowedHosts: ['10.20.0.0/16', 'proxy.corp.internal', '127.0.0.1'] };

describe('checkBaseUrl', () => {
  it('given production when the URL is https to a public host then it passes, and plain http never does', () => {
    expect(checkBaseUrl('https://gw.api.taobao.com/router/rest', prod)).toBeUndefined();
    expect(checkBaseUrl('http://gw.api.taobao.com/router/rest', prod)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('http://127.0.0.1:4101/router/rest', prod)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('http://localhost:4101/', prod)?.code).toBe('URL_NOT_ALLOWED');
  });

  it('given production when the host is loopback then it is refused unless allow-listed', () => {
    expect(checkBaseUrl('https://127.0.0.1/', prod)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('https://[::1]/', prod)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('https://localhost/', prod)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('https://127.0.0.1/', prodAllowing)).toBeUndefined();
  });

  it('given development when the URL is plain http to loopback then it passes (simulators), to anywhere else not', () => {
    expect(checkBaseUrl('http://127.0.0.1:4101/router/rest', dev)).toBeUndefined();
    expect(checkBaseUrl('http://[::1]:4101/', dev)).toBeUndefined();
    expect(checkBaseUrl('http://localhost:4101/', dev)).toBeUndefined();
    expect(checkBaseUrl('http://10.0.0.1/', dev)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('http://example.com/', dev)?.code).toBe('URL_NOT_ALLOWED');
  });

  it.each([
    'https://169.254.169.254/',
    'https://0xa9fea9fe/',
    'https://0251.0376.0251.0376/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[::169.254.169.254]/',
    'https://[64:ff9b::169.254.169.254]/',
    'https://100.100.100.200/',
    'https://0.0.0.0/',
    'https://172.16.5.4/',
    'https://[fc00::1]/',
    'https://[fe80::1%25eth0]/',
    'https://224.0.0.1/',
    'https://metadata.google.internal./',
  ])('refuses the special address %s in production and development', (url) => {
    expect(checkBaseUrl(url, prod)?.code).toMatch(/URL_NOT_ALLOWED|INVALID_URL/);
    expect(checkBaseUrl(url, dev)?.code).toMatch(/URL_NOT_ALLOWED|INVALID_URL/);
  });

  it('refuses credentials in the URL and schemes other than http(s)', () => {
    expect(checkBaseUrl('https://a:b@api.example.com/', prod)?.code).toBe('INVALID_URL');
    expect(checkBaseUrl('https://a@api.example.com/', prod)?.code).toBe('INVALID_URL');
    expect(checkBaseUrl('gopher://api.example.com/', prod)?.code).toBe('INVALID_URL');
    expect(checkBaseUrl('not a url', prod)?.code).toBe('INVALID_URL');
  });

  it('lets allow-listed names and subnets through', () => {
    expect(checkBaseUrl('https://10.20.3.4/', prodAllowing)).toBeUndefined();
    expect(checkBaseUrl('https://10.21.3.4/', prodAllowing)?.code).toBe('URL_NOT_ALLOWED');
    expect(checkBaseUrl('https://proxy.corp.internal/', prodAllowing)).toBeUndefined();
  });
});

describe('addressAllowed (every resolved address before connecting)', () => {
  it('allows public addresses and refuses special ones, however they are written', () => {
    expect(addressAllowed('140.205.94.189', prod)).toBe(true);
    expect(addressAllowed('2404:6800:4008:c06::8b', prod)).toBe(true);
    for (const a of ['169.254.169.254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '10.1.2.3', '127.0.0.1', '::1', 'fd00::1', 'fe80::1', '::']) {
      expect([a, addressAllowed(a, prod)]).toEqual([a, false]);
    }
  });

  it('allows loopback outside production only, and allow-listed subnets always', () => {
    expect(addressAllowed('127.0.0.1', dev)).toBe(true);
    expect(addressAllowed('::1', dev)).toBe(true);
    expect(addressAllowed('10.1.2.3', dev)).toBe(false);
    expect(addressAllowed('10.20.9.9', prodAllowing)).toBe(true);
    expect(addressAllowed('::ffff:10.20.9.9', prodAllowing)).toBe(true);
  });
});

describe('originOf', () => {
  it('compares scheme, host and port only', () => {
    expect(originOf('https://gw.api.taobao.com/router/rest')).toBe(originOf('https://GW.api.taobao.com:443/other'));
    expect(originOf('https://gw.api.taobao.com/')).not.toBe(originOf('https://gw.api.tbsandbox.com/'));
    expect(originOf('http://127.0.0.1:4101/')).not.toBe(originOf('http://127.0.0.1:4102/'));
  });
});
