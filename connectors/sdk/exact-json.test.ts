import { idString, parseJsonExact, quoteUnsafeIntegers, stringifyJsonExact } from './exact-json';

describe('exact JSON', () => {
  it('given bare 64-bit ids then they come out as exact strings and everything else as JSON.parse gives it', () => {
    const text = '{"tid":4138573824619384756,"neg":-9007199254740993,"safe":9007199254740991,"price":"129.00","rate":1.5e3,"s":"a \\"quoted\\" 12345678901234567890","list":[18446744073709551615,1]}';
    expect(parseJsonExact(text)).toEqual({
      tid: '4138573824619384756',
      neg: '-9007199254740993',
      safe: 9007199254740991,
      price: '129.00',
      rate: 1500,
      s: 'a "quoted" 12345678901234567890',
      list: ['18446744073709551615', 1],
    });
  });

  it('given text without unsafe integers then it is returned unchanged', () => {
    const text = '{"中文":"淘宝","n":[1,2.5,-3]}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });

  it('given an id then idString keeps strings and safe numbers and refuses rounded ones', () => {
    expect(idString('4138573824619384756')).toBe('4138573824619384756');
    expect(idString(683912345678)).toBe('683912345678');
    expect(idString(undefined)).toBeNull();
    expect(() => idString(4138573824619384756)).toThrow('safe integer');
  });
});

describe('exact JSON out', () => {
  it('given BigInt ids then they are written as bare numbers that parse back exact', () => {
    const text = stringifyJsonExact({ tid: 4138573824619384756n, title: '淘宝', n: 1 });
    expect(text).toBe('{"tid":4138573824619384756,"title":"淘宝","n":1}');
    expect(parseJsonExact(text)).toEqual({ tid: '4138573824619384756', title: '淘宝', n: 1 });
  });
});
