import crypto from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { PermanentError, RetryableError } from '../sdk/errors';

/**
 * Product images on AliExpress: since 2022-08-11 a product's images must be in the seller's
 * photo bank (aliexpress.md §5), so every image of ours is uploaded there first and the product
 * names the photo-bank URL. An image already on AliExpress's own hosts goes as it is. Uploads
 * are remembered per seller and source URL, so publishing and updating do not upload again.
 *
 * The bytes come from the host when it offers a media source on the context (`fetchMedia`, with
 * the engine's own address policy); until it does, `fetchImageBytes` reads `data:` URLs and
 * fetches http(s) URLs itself: public addresses only (loopback only beside a loopback gateway,
 * a simulator), no redirects, at most 5 MB.
 */

/** What the connector needs to upload an image: its bytes. */
export type MediaSource = (url: string) => Promise<{ bytes: Buffer; contentType?: string | null }>;

/** The photo bank takes images up to this size [U: 5 MB is the figure Alibaba's image upload documents]. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

const AE_HOSTS = /(^|\.)(alicdn\.com|aliexpress-media\.com|aliexpress\.com|aliimg\.com)$/i;

/** Whether the URL is on AliExpress's image hosts (photo bank, CDN): no upload needed. */
export function isAliExpressImage(url: string): boolean {
  try {
    return AE_HOSTS.test(new URL(url.startsWith('//') ? `https:${url}` : url).hostname);
  } catch {
    return false;
  }
}

/** A file name for the photo bank: the URL's last segment, else one made from its hash. */
export function imageFileName(url: string): string {
  let last = '';
  if (!url.startsWith('data:')) {
    try {
      last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    } catch {
      last = '';
    }
  }
  const clean = last.replace(/[^\w.\-]+/g, '_').slice(-80);
  const named = /^(.*)\.(jpe?g|png|gif|webp|bmp)$/i.exec(clean);
  // A name with nothing readable left (西装.jpg → _.jpg) is made from the hash instead.
  if (named && /[A-Za-z0-9]/.test(named[1])) return clean;
  const ext = named?.[2]?.toLowerCase() ?? /^data:image\/(\w+)/i.exec(url)?.[1]?.toLowerCase().replace('jpeg', 'jpg') ?? 'jpg';
  return `${crypto.createHash('sha256').update(url).digest('hex').slice(0, 16)}.${ext}`;
}

// Address ranges no public image host lives in (private, shared, loopback, link-local, multicast,
// reserved, documentation): a listing's image URL must not make the worker fetch from inside.
const BLOCKED = new net.BlockList();
for (const cidr of ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4']) {
  const [a, b] = cidr.split('/');
  BLOCKED.addSubnet(a, Number(b), 'ipv4');
}
for (const cidr of ['::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8', '2001:db8::/32', '64:ff9b:1::/48', '100::/64']) {
  const [a, b] = cidr.split('/');
  BLOCKED.addSubnet(a, Number(b), 'ipv6');
}
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function mappedV4(address: string): string | null {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : null;
}

function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const v4 = mappedV4(address) ?? (net.isIPv4(address) ? address : null);
  const [addr, family] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
  if (allowLoopback && LOOPBACK.check(addr, family)) return true;
  return !BLOCKED.check(addr, family);
}

/** Whether a gateway root is on this machine (a simulator): its images may be too. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || (net.isIP(host) !== 0 && LOOPBACK.check(host, net.isIPv4(host) ? 'ipv4' : 'ipv6'));
  } catch {
    return false;
  }
}

function refused(url: string, why: string): PermanentError {
  return new PermanentError({ code: 'IMAGE_UNREADABLE', message: `The image ${url.slice(0, 200)} cannot be read: ${why}`, operation: 'listings' });
}

/** The bytes of a `data:` URL. */
function dataUrlBytes(url: string): { bytes: Buffer; contentType: string | null } {
  const m = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(url);
  if (!m) throw refused('data:…', 'not a data URL');
  const bytes = m[2] ? Buffer.from(m[3], 'base64') : Buffer.from(decodeURIComponent(m[3]), 'utf8');
  return { bytes, contentType: m[1] || null };
}

/**
 * The connector's own image fetch, for hosts that give no `fetchMedia`. Every address the name
 * resolves to is checked right before connecting, so a name pointing inside is refused too.
 */
export function fetchImageBytes(options: { allowLoopback: boolean }): MediaSource {
  return async (url) => {
    if (url.startsWith('data:')) return dataUrlBytes(url);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw refused(url, 'not a URL');
    }
    const loopbackHost = isLoopbackUrl(url);
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && options.allowLoopback && loopbackHost)) throw refused(url, 'only https image URLs are fetched');
    if (target.username || target.password) throw refused(url, 'credentials in the URL');
    const lookup: net.LookupFunction = (hostname, opts, callback) => {
      dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        const list = addresses as dns.LookupAddress[];
        if (!list.length || list.some((a) => !addressAllowed(a.address, options.allowLoopback))) {
          return callback(Object.assign(new Error(`${hostname} resolves to an address images are not fetched from`), { code: 'ADDRESS_NOT_ALLOWED' }), '', 0);
        }
        if ((opts as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
        callback(null, list[0].address, list[0].family);
      });
    };
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && !addressAllowed(host, options.allowLoopback)) throw refused(url, 'the address is not one images are fetched from');
    return new Promise((resolve, reject) => {
      const get = target.protocol === 'https:' ? https.get : http.get;
      const req = get(target, { lookup, timeout: FETCH_TIMEOUT_MS, headers: { accept: 'image/*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300) {
          res.resume();
          // A redirect is not followed: it would lead past the address check.
          return reject(status >= 500 ? new RetryableError({ code: `HTTP_${status}`, message: `The image host answered HTTP ${status} for ${url.slice(0, 200)}`, operation: 'listings' }) : refused(url, `HTTP ${status}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_IMAGE_BYTES) {
            req.destroy();
            reject(refused(url, `larger than ${MAX_IMAGE_BYTES} bytes`));
          } else chunks.push(c);
        });
        res.on('end', () => resolve({ bytes: Buffer.concat(chunks), contentType: res.headers['content-type'] ?? null }));
        res.on('error', (e) => reject(new RetryableError({ code: 'NETWORK', message: `Reading ${url.slice(0, 200)} failed: ${e.message}`, operation: 'listings' })));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ADDRESS_NOT_ALLOWED') reject(refused(url, e.message));
        else reject(new RetryableError({ code: 'NETWORK', message: `Fetching ${url.slice(0, 200)} failed: ${e.message}`, operation: 'listings' }));
      });
    });
  };
}

/** Photo-bank URLs already made, by seller and source URL (bounded; the oldest go first). */
const uploaded = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** Forgets what was uploaded (tests). */
export function forgetUploads(): void {
  uploaded.clear();
}

/**
 * The photo-bank URL of each source image, uploading those not on AliExpress yet, once per
 * seller. `seller` identifies the photo bank (one per seller account); `upload` is the client's.
 */
export async function photobankUrls(
  sources: string[],
  seller: string,
  read: MediaSource,
  upload: (fileName: string, bytes: Buffer) => Promise<string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const source of [...new Set(sources.filter((s) => typeof s === 'string' && s.trim()))]) {
    if (isAliExpressImage(source)) {
      out.set(source, source.startsWith('//') ? `https:${source}` : source);
      continue;
    }
    const key = `${seller}\u0000${source}`;
    let url = uploaded.get(key);
    if (!url) {
      const { bytes } = await read(source);
      if (!bytes.length) throw refused(source, 'it is empty');
      if (bytes.length > MAX_IMAGE_BYTES) throw refused(source, `larger than ${MAX_IMAGE_BYTES} bytes`);
      url = await upload(imageFileName(source), bytes);
      uploaded.set(key, url);
      if (uploaded.size > MAX_REMEMBERED) uploaded.delete(uploaded.keys().next().value!);
    }
    out.set(source, url);
  }
  return out;
}
