import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchImageBytes, isLoopbackUrl } from './media';

/** An image host on loopback: one picture, and a redirect towards a cloud metadata address. */
describe('AliExpress image bytes for the photo bank', () => {
  let server: http.Server;
  let base: string;
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/moved.png') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('given a loopback gateway (a simulator) then images on loopback are read byte for byte', async () => {
    const { bytes, contentType } = await fetchImageBytes({ allowLoopback: true })(`${base}/suit.png`);
    expect(bytes.equals(png)).toBe(true);
    expect(contentType).toBe('image/png');
  });

  it('given a production gateway then loopback, plain http and metadata addresses are refused', async () => {
    const read = fetchImageBytes({ allowLoopback: false });
    await expect(read(`${base}/suit.png`)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE', kind: 'PERMANENT' });
    await expect(read(`https://localhost:${new URL(base).port}/suit.png`)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE', message: expect.stringMatching(/resolves to an address/) });
    await expect(read('https://169.254.169.254/latest/meta-data/')).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });

  it('given a redirect then it is not followed (it would lead past the address check)', async () => {
    await expect(fetchImageBytes({ allowLoopback: true })(`${base}/moved.png`)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE', message: expect.stringMatching(/HTTP 302/) });
  });

  it('given a data URL then its bytes are read without a request', async () => {
    const { bytes } = await fetchImageBytes({ allowLoopback: false })(`data:image/png;base64,${png.toString('base64')}`);
    expect(bytes.equals(png)).toBe(true);
  });

  it('given gateway roots then loopback ones are told apart', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4103')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4103')).toBe(true);
    expect(isLoopbackUrl('https://api-sg.aliexpress.com')).toBe(false);
  });
});
