import crypto from 'node:crypto';
import { PermanentError } from '../sdk/errors';

/**
 * A listing's pictures as eBay takes them: https URLs [O: "URLs must use the HTTPS protocol"],
 * which eBay fetches itself, or pictures uploaded to eBay Picture Services (EPS) through the
 * Media API's createImageFromFile, whose answer is the EPS URL to list [O]. A picture held in the
 * catalogue as a `data:` URL (the demo's drawn swatches, a picture pasted in) is uploaded so, once
 * per seller and picture while its EPS copy lasts (30 days unless a listing uses it [O]: it is
 * uploaded again a day before that); anything else (http) is left to listing.ts, which leaves it
 * out.
 */

export interface UploadedPicture {
  imageUrl: string;
  expirationDate: string | null;
}

export type UploadPicture = (fileName: string, bytes: Buffer, contentType: string) => Promise<UploadedPicture>;

/** eBay's picture formats [O] by the media types a data: URL names them with. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/bmp': 'bmp',
  'image/tiff': 'tif', 'image/webp': 'webp', 'image/avif': 'avif', 'image/heic': 'heic',
};

/** [O] eBay's largest picture file: 12 MB (Picture policy) [U: the Media API's own limit]. */
export const MAX_PICTURE_BYTES = 12 * 1024 * 1024;
/** An EPS copy is uploaded again this long before it would expire. */
const RENEW_BEFORE_MS = 24 * 3600 * 1000;
/** EPS URLs already made, by seller and picture (bounded; the oldest go first). */
const uploaded = new Map<string, { imageUrl: string; expiresAt: number }>();
/** Uploads under way, by seller and picture: listings written side by side that share a picture upload it once. */
const uploading = new Map<string, Promise<UploadedPicture>>();
const MAX_REMEMBERED = 10_000;

/** Forgets the uploads (tests). */
export function forgetPictureUploads(): void {
  uploaded.clear();
}

function unreadable(url: string, why: string): PermanentError {
  return new PermanentError({ code: 'IMAGE_UNREADABLE', message: `The picture ${url.slice(0, 60)}… cannot be listed on eBay: ${why}`, operation: 'publishListing' });
}

/** The bytes and media type of a `data:` URL (base64 or percent-encoded); null for any other URL. */
export function dataUrlPicture(url: string): { bytes: Buffer; contentType: string } | null {
  const m = /^data:([^,]*?),(.*)$/is.exec(url.trim());
  if (!m) return null;
  const params = m[1].split(';').map((p) => p.trim());
  const contentType = (params[0] || 'text/plain').toLowerCase();
  const base64 = params.slice(1).some((p) => p.toLowerCase() === 'base64');
  let bytes: Buffer;
  try {
    bytes = base64 ? Buffer.from(m[2].replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(m[2]), 'latin1');
  } catch {
    throw unreadable(url, 'its data is not percent-encoded');
  }
  return { bytes, contentType };
}

/**
 * The listing's picture URLs with each `data:` picture replaced by its EPS URL (uploaded when this
 * seller has no live copy of it); the others as they were. `seller` names the seller's picture
 * store (the API root, the app and the user).
 */
export async function listingPictures(urls: string[] | undefined, seller: string, upload: UploadPicture, now: () => number = Date.now): Promise<string[] | undefined> {
  if (!urls?.some((u) => /^\s*data:/i.test(u))) return urls;
  const out: string[] = [];
  for (const url of urls) {
    const picture = dataUrlPicture(url);
    if (!picture) {
      out.push(url);
      continue;
    }
    const ext = EXTENSIONS[picture.contentType];
    if (!ext) throw unreadable(url, `${picture.contentType} is not a picture format eBay takes (JPG, PNG, GIF, BMP, TIFF, WEBP, AVIF, HEIC)`);
    if (!picture.bytes.length) throw unreadable(url, 'it is empty');
    if (picture.bytes.length > MAX_PICTURE_BYTES) throw unreadable(url, `it is larger than ${MAX_PICTURE_BYTES} bytes`);
    const hash = crypto.createHash('sha256').update(picture.bytes).digest('hex');
    const key = `${seller}\u0000${hash}`;
    const known = uploaded.get(key);
    if (known && known.expiresAt - RENEW_BEFORE_MS > now()) {
      out.push(known.imageUrl);
      continue;
    }
    let pending = uploading.get(key);
    if (!pending) {
      pending = upload(`${hash.slice(0, 16)}.${ext}`, picture.bytes, picture.contentType === 'image/jpg' ? 'image/jpeg' : picture.contentType)
        .then((made) => {
          const expires = made.expirationDate ? Date.parse(made.expirationDate) : NaN;
          uploaded.delete(key);
          uploaded.set(key, { imageUrl: made.imageUrl, expiresAt: Number.isFinite(expires) ? expires : now() + 30 * 24 * 3600 * 1000 });
          if (uploaded.size > MAX_REMEMBERED) uploaded.delete(uploaded.keys().next().value!);
          return made;
        })
        .finally(() => uploading.delete(key));
      uploading.set(key, pending);
    }
    const made = await pending;
    out.push(made.imageUrl);
  }
  return out;
}
