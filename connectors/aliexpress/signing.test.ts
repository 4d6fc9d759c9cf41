import crypto from 'node:crypto';
import { aeSignString, signAeRequest, verifyAeSignature } from './signing';

// The worked vectors of ../shared/marketplaces/aliexpress.md §3 (secret `helloworld`).
const VECTOR_A = {
  app_key: '500001',
  access_token: '50000700a12bcdEFgh',
  timestamp: '1768444200000',
  sign_method: 'sha256',
  method: 'aliexpress.solution.order.get',
  format: 'json',
  simplify: 'false',
  param0: '{"current_page":1,"page_size":20,"modified_date_start":"2026-01-14 00:00:00","modified_date_end":"2026-01-15 00:00:00","order_status_list":["WAIT_SELLER_SEND_GOODS"]}',
};

const VECTOR_B = { app_key: '500001', timestamp: '1768444200000', sign_method: 'sha256', code: '3_500001_abcdEFGH_1234' };

describe('AliExpress IOP signing', () => {
  describe('given vector A, a /sync business call', () => {
    it('then the string joins the sorted names and raw values, the JSON parameter verbatim, with no path in front', () => {
      expect(aeSignString('aliexpress.solution.order.get', VECTOR_A)).toBe(
        'access_token50000700a12bcdEFghapp_key500001formatjsonmethodaliexpress.solution.order.getparam0{"current_page":1,"page_size":20,"modified_date_start":"2026-01-14 00:00:00","modified_date_end":"2026-01-15 00:00:00","order_status_list":["WAIT_SELLER_SEND_GOODS"]}sign_methodsha256simplifyfalsetimestamp1768444200000',
      );
    });

    it('then the signature is the reference value', () => {
      expect(signAeRequest('aliexpress.solution.order.get', VECTOR_A, 'helloworld')).toBe('CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288');
    });

    it('then a JSON parameter re-serialised with other spacing no longer matches (it is signed verbatim)', () => {
      const spaced = { ...VECTOR_A, param0: JSON.stringify(JSON.parse(VECTOR_A.param0), null, 1) };
      expect(signAeRequest('aliexpress.solution.order.get', spaced, 'helloworld')).not.toBe('CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288');
    });
  });

  describe('given vector B, a /rest system call', () => {
    it('then the API path goes in front of the joined parameters', () => {
      expect(aeSignString('/auth/token/create', VECTOR_B)).toBe('/auth/token/createapp_key500001code3_500001_abcdEFGH_1234sign_methodsha256timestamp1768444200000');
    });

    it('then the signature is the reference value', () => {
      expect(signAeRequest('/auth/token/create', VECTOR_B, 'helloworld')).toBe('70F993598201AF2FD5D06CFB0C6FCEE466CD8BE3B36B8F30AA9208748BF954E3');
    });
  });

  it('given sign and a file parameter among the parameters when signing then both are left out', () => {
    const withExtras = { ...VECTOR_A, sign: 'anything', image_bytes: 'iVBORw0KGgo=' };
    expect(signAeRequest('aliexpress.solution.order.get', withExtras, 'helloworld', ['image_bytes'])).toBe('CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288');
  });

  it('given the secret wrapped around the string (the TOP md5 habit) then it is not the IOP signature', () => {
    // What third-party posts do, and what IOP refuses with IncompleteSignature.
    const wrapped = crypto.createHmac('sha256', 'helloworld').update(`helloworld${aeSignString('/auth/token/create', VECTOR_B)}helloworld`).digest('hex').toUpperCase();
    expect(wrapped).not.toBe('70F993598201AF2FD5D06CFB0C6FCEE466CD8BE3B36B8F30AA9208748BF954E3');
  });

  it('given Cyrillic and Chinese values when signing then they are hashed as UTF-8, and verification takes either case', () => {
    const params = { ...VECTOR_B, code: 'код-红色' };
    const sign = signAeRequest('/auth/token/create', params, 'helloworld');
    expect(sign).toMatch(/^[0-9A-F]{64}$/);
    expect(verifyAeSignature('/auth/token/create', params, 'helloworld', sign.toLowerCase())).toBe(true);
    expect(verifyAeSignature('/auth/token/create', params, 'another-secret', sign)).toBe(false);
  });
});
