import { deflateSync } from 'node:zlib';
import { accountAuth, memoryTokens } from '../sdk/auth';
import { PermanentError } from '../sdk/errors';
import { createHttpClient, HttpClientOptions } from '../sdk/http';
import { SimControl } from '../sdk/testkit';
import type { Connector, ListingDraft } from '../sdk/types';
import { ebayListingDraft } from './fixtures/orders';
import { ebayConnector } from './index';
import { EBAY_SITES } from './marketplaces';
import { dataUrlPicture, forgetPictureUploads } from './pictures';
import { startEbaySimulator } from './simulator';
import { MEDIA_POSTS_PER_WINDOW } from './simulator/media';

/**
 * Pictures eBay cannot fetch (held as `data:` URLs, as the demo catalogue draws its own) go up to
 * eBay Picture Services through the Media API's createImageFromFile, once per seller and picture,
 * and the listing shows the EPS URL; the simulator's side of that upload (multipart, formats,
 * scope, the Media API's 50 POSTs per 5 seconds).
 */

type Raw = Record<string, any>;
type Sim = Awaited<ReturnType<typeof startEbaySimulator>>;

let sim: Sim;
let control: SimControl;
let accounts = 0;

beforeAll(async () => {
  sim = await startEbaySimulator({ seed: 3, callsPerSecond: 500, burst: 500 });
  control = new SimControl(sim.controlUrl);
});
afterAll(async () => sim?.stop());
beforeEach(async () => {
  await control.reset();
  forgetPictureUploads();
});

async function sim_(path: string): Promise<Raw> {
  return (await (await fetch(`${sim.controlUrl}${path}`)).json()) as Raw;
}

/** A w×w PNG of one colour, as a data: URL. */
function pngDataUrl(rgb: [number, number, number], w = 4): string {
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(w, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.concat(Array.from({ length: w }, () => Buffer.from([0, ...Array.from({ length: w }, () => rgb).flat()])));
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function connector(): Promise<Connector> {
  let credentials = await control.credentials();
  const http: HttpClientOptions = { baseUrl: sim.baseUrl, accountKey: `ebay-pictures-test:${++accounts}`, rateLimits: ebayConnector.rateLimits, classify: ebayConnector.classify, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } };
  const auth = ebayConnector.auth!;
  const tokens = memoryTokens(http.accountKey, { auth, credentials: () => credentials, save: async (c) => void (credentials = c) });
  const us = EBAY_SITES.find((s) => s.id === 'EBAY_US')!;
  return ebayConnector.create('EBAY', {
    baseUrl: sim.baseUrl,
    credentials,
    marketplaceId: 'EBAY_US',
    marketplaces: [us],
    settings: {},
    currency: 'USD',
    http: createHttpClient({ ...http, auth: accountAuth({ auth, tokens, http: createHttpClient(http), credentials: () => credentials, settings: () => ({}), baseUrl: sim.baseUrl }) }),
    saveCredentials: async () => undefined,
    now: () => new Date(),
  });
}

const draft = (sku: string, imageUrls: string[]): ListingDraft => ({ ...ebayListingDraft(sku, 1), imageUrls });

describe('eBay pictures', () => {
  it('given listings whose pictures are data: URLs when published then each picture goes to eBay Picture Services once and the items show its EPS URL beside the https ones', async () => {
    const red = pngDataUrl([200, 30, 30]);
    const blue = pngDataUrl([30, 30, 200]);
    const c = await connector();
    await c.publishListing(draft('SUIT-RED-48', [red, 'https://pics.example.com/suit-red-back.jpg', blue]));
    await c.publishListing(draft('SUIT-RED-50', [red]));

    const images = (await sim_('/__sim/images')).images as Raw[];
    expect(images.map((i) => i.format)).toEqual(['PNG', 'PNG']);
    const [redEps, blueEps] = images.map((i) => i.imageUrl as string);
    expect(redEps).toMatch(/^https:\/\/i\.ebayimg\.com\/images\/g\/[A-Za-z0-9_-]+\/s-l1600\.png$/);
    // The bytes arrived whole (multipart/form-data, binary).
    expect(images[0].bytes).toBe(dataUrlPicture(red)!.bytes.length);

    const items = new Map(((await sim_('/__sim/inventory')).items as Raw[]).map((i) => [i.sku, i]));
    expect(items.get('SUIT-RED-48')!.product.imageUrls).toEqual([redEps, 'https://pics.example.com/suit-red-back.jpg', blueEps]);
    expect(items.get('SUIT-RED-50')!.product.imageUrls).toEqual([redEps]);
    const offers = ((await sim_('/__sim/listings')).listings as Raw[]).filter((o) => o.sku.startsWith('SUIT-RED'));
    expect(offers.map((o) => o.listingStatus)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('given a data: URL that is not a picture eBay takes when published then the listing fails with what is wrong, nothing written', async () => {
    const c = await connector();
    await expect(c.publishListing(draft('SUIT-TXT-48', ['data:text/plain,hello']))).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    // Says it is a PNG, is not one: eBay's refusal, as a permanent error of the listing.
    const fake = `data:image/png;base64,${Buffer.from('not a picture at all').toString('base64')}`;
    const refused = await c.publishListing(draft('SUIT-FAKE-48', [fake])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ code: '190003', message: expect.stringMatching(/is not a JPG, GIF, PNG/) });
    expect((await sim_('/__sim/images')).images).toEqual([]);
    expect((await sim_('/__sim/inventory')).items).toEqual([]);
  });

  it('given the Media API when called by hand then it takes multipart with a user token of sell.inventory, refuses others, and allows 50 POSTs in 5 seconds', async () => {
    const { accessToken } = await sim_('/__sim/tokens');
    const url = `${sim.baseUrl}/commerce/media/v1_beta/image/create_image_from_file`;
    const png = dataUrlPicture(pngDataUrl([10, 120, 10]))!.bytes;
    const form = () => {
      const f = new FormData();
      f.append('image', new Blob([png], { type: 'image/png' }), 'green.png');
      return f;
    };
    const created = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form() });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Raw;
    expect(body.imageUrl).toMatch(/^https:\/\/i\.ebayimg\.com\//);
    expect(Date.parse(body.expirationDate)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    const read = await fetch(created.headers.get('location')!, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await read.json()).toEqual(body);

    const json = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    const app = (await (await fetch(`${sim.controlUrl}/__sim/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'APPLICATION' }) })).json()) as Raw;
    const appCall = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${app.accessToken}` }, body: form() });
    expect(appCall.status).toBe(403);

    const statuses: number[] = [];
    for (let i = 0; i < MEDIA_POSTS_PER_WINDOW; i++) statuses.push((await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form() })).status);
    // Two POSTs of the user's counted above (the upload and the JSON one; the application token's was not the user's).
    expect(statuses.slice(0, MEDIA_POSTS_PER_WINDOW - 2).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(MEDIA_POSTS_PER_WINDOW - 2)).toEqual([429, 429]);
    const limited = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form() });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as Raw).errors[0].errorId).toBe(2001);
  });
});
