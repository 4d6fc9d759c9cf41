import { taobaoConnector } from '../../connectors/taobao';
import { codeRefusal, resolveCarrier } from './carrier';

/** Carrier names on shipments → the marketplace's codes, by the channel's table and the connector's known codes. */
describe('resolveCarrier', () => {
  it("given the channel's table then its code and default service win, whatever the case of the name", () => {
    const table = [{ carrier: 'DHL Express', code: 'OTHER', service: 'Express Worldwide' }];
    expect(resolveCarrier(' dhl express ', table, taobaoConnector)).toEqual({ code: 'OTHER', service: 'Express Worldwide', source: 'TABLE' });
  });

  it("given no row then a TOP company code or one of its aliases maps by itself", () => {
    expect(resolveCarrier('zto', [], taobaoConnector)).toEqual({ code: 'ZTO', service: null, source: 'KNOWN' });
    expect(resolveCarrier('顺丰', [], taobaoConnector)).toEqual({ code: 'SF', service: null, source: 'KNOWN' });
    expect(resolveCarrier('SF Express', [], taobaoConnector)?.code).toBe('SF');
  });

  it('given a name neither the table nor the known codes have then it is unmapped', () => {
    expect(resolveCarrier('DHL', [], taobaoConnector)).toBeNull();
  });

  it('given a connector that declares no codes then the name goes as it is', () => {
    expect(resolveCarrier('USPS', [], { carriers: undefined })).toEqual({ code: 'USPS', service: null, source: 'AS_IS' });
  });
});

describe('codeRefusal', () => {
  it('given a closed list then only its codes are kept; an open list takes others', () => {
    const closed = { label: 'Closed', carriers: { known: [{ code: 'A', name: 'A' }], closed: true } };
    expect(codeRefusal('A', closed)).toBeNull();
    expect(codeRefusal('B', closed)).toMatch(/no carrier code B/);
    expect(codeRefusal('DHL', taobaoConnector)).toBeNull();
  });
});
