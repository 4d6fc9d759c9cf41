import { CURRENCY_CODES, isCurrency, minorUnits } from './currency';

/** The ISO 4217 table a shop's prices and marketplace orders are checked against. */

/** ISO 4217 list one (current currencies), less the funds, metals, testing codes, bond units and SDRs. */
const ISO_CURRENT = `
  AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
  CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
  GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD
  KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN
  NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP
  SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UYW UZS VED
  VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG`.trim().split(/\s+/);
/** Withdrawn lately, still on orders placed before. */
const RECENTLY_WITHDRAWN = ['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'ZWL'];
/** Funds, metals, testing codes, bond-market units and SDRs: nothing a marketplace settles in. */
const LEFT_OUT = ['BOV', 'CLF', 'COU', 'MXV', 'USN', 'CHE', 'CHW', 'UYI', 'XAU', 'XAG', 'XPT', 'XPD', 'XTS', 'XXX', 'XDR', 'XSU', 'XUA', 'XBA', 'XBB', 'XBC', 'XBD'];

const ZERO_DECIMALS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DECIMALS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

describe('currencies', () => {
  it('accepts every current ISO 4217 currency and the recently withdrawn ones, and nothing else', () => {
    expect([...CURRENCY_CODES]).toEqual([...ISO_CURRENT, ...RECENTLY_WITHDRAWN].sort());
  });

  it('lists each code once, sorted, as three capital letters', () => {
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect([...CURRENCY_CODES].sort()).toEqual([...CURRENCY_CODES]);
    for (const c of CURRENCY_CODES) expect(c).toMatch(/^[A-Z]{3}$/);
  });

  it('refuses funds, precious metals, testing codes and special drawing rights', () => {
    for (const c of LEFT_OUT) expect([c, isCurrency(c)]).toEqual([c, false]);
  });

  it('matches codes exactly: upper case, no spaces, and nothing inherited from Object', () => {
    expect(isCurrency('CNY')).toBe(true);
    for (const c of ['cny', 'Cny', ' CNY', 'CNY ', 'RMB', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect([c, isCurrency(c), minorUnits(c)]).toEqual([c, false, undefined]);
    }
  });

  it('gives the ISO minor units: 0, 3 and 4 where ISO says so, else 2', () => {
    for (const c of CURRENCY_CODES) {
      const expected = ZERO_DECIMALS.includes(c) ? 0 : THREE_DECIMALS.includes(c) ? 3 : c === 'UYW' ? 4 : 2;
      expect([c, minorUnits(c)]).toEqual([c, expected]);
    }
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('CNY')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
  });
});
