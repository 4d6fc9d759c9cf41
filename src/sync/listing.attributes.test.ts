import type { UserError } from '../common/errors';
import { MAX_DEPTH, readAttributeList, readAttributeObject } from './listing.attributes';

/** Listing attributes: text, lists and nested objects, checked and kept as given. */
describe('readAttributeList', () => {
  it('given text, an eBay aspect list and an Amazon attribute array then each is kept exactly as given', () => {
    const errors: UserError[] = [];
    const out = readAttributeList(
      [
        { name: 'location.state', value: '浙江' },
        { name: 'aspects', value: { Brand: ['Acme'], Colour: ['Red', 'Blue'] } },
        { name: 'item_package_dimensions', value: [{ length: { value: 10.5, unit: 'centimeters' }, marketplace_id: 'ATVPDKIKX0DER' }] },
        { name: 'is_gift', value: false },
      ],
      errors,
    );
    expect(errors).toEqual([]);
    expect(out).toEqual({
      'location.state': '浙江',
      aspects: { Brand: ['Acme'], Colour: ['Red', 'Blue'] },
      item_package_dimensions: [{ length: { value: 10.5, unit: 'centimeters' }, marketplace_id: 'ATVPDKIKX0DER' }],
      is_gift: false,
    });
  });

  it('given a null inside a value then it is refused with the path to it', () => {
    const errors: UserError[] = [];
    readAttributeList([{ name: 'ok', value: 'x' }, { name: 'aspects', value: { Brand: ['A', null] } }], errors);
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['attributeList', '1', 'value'], message: expect.stringContaining('aspects at .Brand[1]') })]);
  });

  it('given values nested too deep, too long, with empty keys or a name twice then each is refused by its field', () => {
    let deep: unknown = 'x';
    for (let i = 0; i <= MAX_DEPTH; i++) deep = [deep];
    const errors: UserError[] = [];
    readAttributeList(
      [
        { name: 'deep', value: deep },
        { name: 'long', value: ['y'.repeat(2001)] },
        { name: 'keys', value: { ' ': 'z' } },
        { name: 'deep', value: 'again' },
        { name: '', value: 'nameless' },
      ],
      errors,
    );
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      [['attributeList', '0', 'value'], expect.stringContaining('nest at most')],
      [['attributeList', '1', 'value'], expect.stringContaining('longer than 2000')],
      [['attributeList', '2', 'value'], expect.stringContaining('a key is 1 to 100')],
      [['attributeList', '3', 'name'], expect.stringContaining('given twice')],
      [['attributeList', '4', 'name'], expect.stringContaining('1 to 100')],
    ]);
  });

  it('given a value over the JSON size limit then it is refused, text of the same length is not', () => {
    const errors: UserError[] = [];
    const big = Array.from({ length: 90 }, (_, i) => `${i}-${'v'.repeat(120)}`);
    readAttributeList([{ name: 'bullet_points', value: big }], errors);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('as JSON; at most 10000') })]);
  });
});

describe('readAttributeObject (the older object form)', () => {
  it('given numbers and booleans then they read as text, as before; lists stay lists', () => {
    const errors: UserError[] = [];
    expect(readAttributeObject({ numIid: 610000000001, gift: true, aspects: { Brand: ['Acme'] } }, errors)).toEqual({ numIid: '610000000001', gift: 'true', aspects: { Brand: ['Acme'] } });
    expect(errors).toEqual([]);
  });
});
