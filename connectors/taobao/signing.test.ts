import { signTopRequest, topSignString, verifyTopSignature } from './signing';

// The worked vectors of ../shared/marketplaces/taobao.md §3.
const BASE = {
  app_key: '12345678',
  method: 'taobao.trades.sold.get',
  session: '6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805',
  timestamp: '2026-01-15 10:30:00',
  format: 'json',
  v: '2.0',
  fields: 'tid,status,payment,orders',
  page_no: '1',
  page_size: '40',
  use_has_next: 'true',
};

describe('TOP signing', () => {
  it('joins sorted names and raw values', () => {
    expect(`helloworld${topSignString({ ...BASE, sign_method: 'md5' })}helloworld`).toBe(
      'helloworldapp_key12345678fieldstid,status,payment,ordersformatjsonmethodtaobao.trades.sold.getpage_no1page_size40session6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a365753805sign_methodmd5timestamp2026-01-15 10:30:00use_has_nexttruev2.0helloworld',
    );
  });

  it.each([
    ['md5', 'DE27AAAB759C85B7900C1B638FB694FE'],
    ['hmac', 'F2BCCEF77E3DBA1499378E55F965C031'],
    ['hmac-sha256', 'F3FEFD40FF5F31EDB3E0C4859D960E1025C859DD6A0BA43750C266D92AC7C580'],
  ] as const)('signs the reference vector with %s', (method, expected) => {
    expect(signTopRequest({ ...BASE, sign_method: method }, 'helloworld', method)).toBe(expected);
  });

  it('hashes Chinese values as UTF-8 without URL-encoding', () => {
    const params = { app_key: '12345678', method: 'taobao.item.quantity.update', session: 'sess', timestamp: '2026-01-15 10:30:00', format: 'json', v: '2.0', sign_method: 'md5', num_iid: '520000000001', outer_id: '红色-XL', quantity: '7', type: '1' };
    expect(signTopRequest(params, 'helloworld', 'md5')).toBe('D30F7D12FC5DB6DAA3D4CADDD4A9EA87');
  });

  it('leaves out sign and empty values, and verifies in either case', () => {
    const params = { ...BASE, sign_method: 'md5', partner_id: '', sign: 'whatever' };
    expect(signTopRequest(params, 'helloworld', 'md5')).toBe('DE27AAAB759C85B7900C1B638FB694FE');
    expect(verifyTopSignature(params, 'helloworld', 'md5', 'de27aaab759c85b7900c1b638fb694fe')).toBe(true);
    expect(verifyTopSignature(params, 'other', 'md5', 'DE27AAAB759C85B7900C1B638FB694FE')).toBe(false);
  });
});
