import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Ajv from 'ajv';
import { documentText, listingsFeed, messageOrder, readProcessingReport, skuDigest } from './feeds';
import { pricePatch, quantityPatch } from './listings';

/** Amazon's JSON Schemas, as vendored beside the contract checks (contract/specs/SOURCES.md). */
function schema(file: string) {
  const s = JSON.parse(fs.readFileSync(path.join(__dirname, 'contract', 'specs', file), 'utf8')) as Record<string, unknown>;
  delete s.$schema;
  return new Ajv({ allErrors: true, strict: false }).compile(s);
}

describe('JSON_LISTINGS_FEED', () => {
  it('given price and quantity patches for several SKUs then the document follows listings-feed-schema-v2, one PATCH message per SKU numbered in SKU order', () => {
    const doc = listingsFeed(
      'A3SELLER',
      [
        { sku: 'SKU-B', productType: 'SUIT', patches: [quantityPatch(4)] },
        { sku: 'SKU-A', productType: 'SHIRT', patches: [pricePatch([{ marketplaceId: 'ATVPDKIKX0DER', currency: 'USD', price: '19.99' }, { marketplaceId: 'A2EUQ1WTGCTBG2', currency: 'CAD', price: '26.00' }])] },
        { sku: '龙-SKU', productType: 'TEA', patches: [quantityPatch(0)] },
      ],
      'en_US',
    );
    const validate = schema('listings-feed-schema-v2.json');
    expect({ valid: validate(doc), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(doc).toEqual({
      header: { sellerId: 'A3SELLER', version: '2.0', issueLocale: 'en_US' },
      messages: [
        { messageId: 1, sku: 'SKU-A', operationType: 'PATCH', productType: 'SHIRT', patches: [expect.objectContaining({ path: '/attributes/purchasable_offer' })] },
        { messageId: 2, sku: 'SKU-B', operationType: 'PATCH', productType: 'SUIT', patches: [quantityPatch(4)] },
        { messageId: 3, sku: '龙-SKU', operationType: 'PATCH', productType: 'TEA', patches: [quantityPatch(0)] },
      ],
    });
    // The poll numbers the SKUs it is given back the same way, whatever their order.
    expect(messageOrder(['龙-SKU', 'SKU-B', 'SKU-A', 'SKU-B'])).toEqual(['SKU-A', 'SKU-B', '龙-SKU']);
    expect(skuDigest(['SKU-B', 'SKU-A'])).toBe(skuDigest(['SKU-A', 'SKU-B']));
    expect(skuDigest(['SKU-B', 'SKU-A'])).not.toBe(skuDigest(['SKU-A', 'SKU-C']));
  });

  it('given a processing report (gzip or not) then its issues are read by message and by SKU, and its summary', () => {
    const report = {
      header: { sellerId: 'A3SELLER', version: '2.0', feedId: '50014018786' },
      issues: [
        { messageId: 2, sku: 'SKU-B', code: '90244', severity: 'ERROR', message: 'The currency is not the marketplace’s', attributeName: 'purchasable_offer' },
        { messageId: 1, code: '18027', severity: 'WARNING', message: 'Under review' },
        { severity: 'ERROR', message: 'Something about the feed' },
      ],
      summary: { errors: 2, warnings: 1, messagesProcessed: 3, messagesAccepted: 2, messagesInvalid: 1 },
    };
    expect(schema('listings-feed-processing-report-schema-v2.json')(report)).toBe(true);
    const text = JSON.stringify(report);
    for (const bytes of [Buffer.from(text, 'utf8'), zlib.gzipSync(Buffer.from(text, 'utf8'))]) {
      const r = readProcessingReport(documentText(bytes));
      expect(r.issues.get(2)).toEqual([{ code: '90244', message: 'The currency is not the marketplace’s', severity: 'ERROR', attributeNames: ['purchasable_offer'] }]);
      expect(r.issues.get(1)).toEqual([{ code: '18027', message: 'Under review', severity: 'WARNING' }]);
      expect(r.issues.get(0)).toEqual([{ code: 'FEED_ISSUE', message: 'Something about the feed', severity: 'ERROR' }]);
      expect(r.bySku.get('SKU-B')).toHaveLength(1);
      expect(r.summary).toEqual({ errors: 2, warnings: 1, processed: 3, accepted: 2, invalid: 1 });
    }
    expect(() => readProcessingReport('not json')).toThrow();
  });
});
