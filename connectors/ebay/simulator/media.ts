import crypto from 'node:crypto';
import type { SimRequest, SimResponse } from '../../sdk/simulator';
import { answer } from './call';
import { ebayError, EbayFault, invalidRequest, tooManyRequests } from './ebay-errors';
import { EbayState, SCOPES } from './ebay-state';
import { authorise } from './oauth';

/**
 * eBay Picture Services through the Media API's image resource (not in the reference or the
 * stored contracts: facts from eBay's Media API pages, v1_beta): a seller whose pictures are not
 * on an https host uploads them, and lists the EPS URL the upload answers with.
 *
 * - createImageFromFile `POST /commerce/media/v1_beta/image/create_image_from_file`,
 *   multipart/form-data with the file in the part `image` [O]; JPG, GIF, PNG, BMP, TIFF, AVIF, HEIC
 *   and WEBP [O] (told by their first bytes here); 201 with `Location` = the getImage URI
 *   (`…/commerce/media/v1_beta/image/{image_id}`) [O] and `{imageUrl, expirationDate}` [O: "the
 *   response payload of a successful create call contains the imageUrl and its expiration date"].
 *   The Media API is served from apim.ebay.com and, by its contract's servers, api.ebay.com [O];
 *   here from the simulator's origin.
 * - getImage `GET /commerce/media/v1_beta/image/{image_id}` → the same `{imageUrl, expirationDate}`; 404 when unknown [O].
 * - Scope `sell.inventory` [O]; every POST of the Media API at most 50 per 5 seconds per user [O],
 *   else 429 errorId 2001 [U: the errorId].
 * - The EPS URL is `https://i.ebayimg.com/images/g/{id}/s-l1600.{ext}` (the shape eBay's pictures
 *   have [U]); a picture is kept 30 days unless a listing uses it [O: UploadSiteHostedPictures'
 *   "retained for 30 days if not associated with a listing"].
 * - A refused upload: 400 with `errors[]` in the domain API_MEDIA [U: the Media API's errorIds; 190000-range numbers are the simulator's].
 */

export const MEDIA_ROOT = '/commerce/media/v1_beta';
const CREATE_PATH = `${MEDIA_ROOT}/image/create_image_from_file`;
const IMAGE_PATH = new RegExp(`^${MEDIA_ROOT}/image/([^/]+)$`);

/** [O] "All POST methods in the Media API … 50 requests per 5 seconds" per user. */
export const MEDIA_POSTS_PER_WINDOW = 50;
export const MEDIA_WINDOW_MS = 5_000;
/** [O] An EPS picture no listing uses is kept this long. */
export const EPS_RETENTION_MS = 30 * 24 * 3600 * 1000;

const MEDIA_DOMAIN = 'API_MEDIA';

export interface ImageRecord {
  imageId: string;
  fileName: string;
  contentType: string | null;
  format: string;
  bytes: number;
  sha256: string;
  imageUrl: string;
  expirationDate: string;
  at: number;
}

/** The picture formats eBay takes [O], by their first bytes: the format's name and the URL's extension. */
function formatOf(b: Buffer): { format: string; ext: string } | null {
  const at = (offset: number, ascii: string) => b.subarray(offset, offset + ascii.length).toString('latin1') === ascii;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'JPG', ext: 'jpg' };
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { format: 'PNG', ext: 'png' };
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return { format: 'GIF', ext: 'gif' };
  if (at(0, 'BM')) return { format: 'BMP', ext: 'bmp' };
  if (at(0, 'II*\u0000') || at(0, 'MM\u0000*')) return { format: 'TIFF', ext: 'tif' };
  if (at(0, 'RIFF') && at(8, 'WEBP')) return { format: 'WEBP', ext: 'webp' };
  if (at(4, 'ftypavif')) return { format: 'AVIF', ext: 'avif' };
  if (at(4, 'ftyphei') || at(4, 'ftypmif1')) return { format: 'HEIC', ext: 'heic' };
  return null;
}

function refused(errorId: number, message: string, longMessage: string): EbayFault {
  return new EbayFault(400, [ebayError(MEDIA_DOMAIN, errorId, message, { longMessage })]);
}

/** The parts of a multipart/form-data body: their name, file name, content type and bytes. */
export function multipartParts(body: Buffer, boundary: string): { name: string; fileName: string | null; contentType: string | null; value: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const out: { name: string; fileName: string | null; contentType: string | null; value: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const headEnd = body.indexOf('\r\n\r\n', afterDelimiter, 'latin1');
    if (headEnd < 0) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`, 'latin1'), headEnd + 4);
    if (next < 0) break;
    const head = body.subarray(afterDelimiter, headEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? null;
    if (name !== undefined) out.push({ name, fileName, contentType, value: body.subarray(headEnd + 4, next) });
    start = next + 2;
  }
  return out;
}

/** [O] The Media API's short-term limit on POSTs, per user: a refusal once 50 were made in the last 5 seconds. */
function takeMediaPost(state: EbayState): void {
  const now = state.clock.now();
  state.mediaPosts = state.mediaPosts.filter((t) => t > now - MEDIA_WINDOW_MS);
  if (state.mediaPosts.length >= MEDIA_POSTS_PER_WINDOW) {
    throw tooManyRequests((state.mediaPosts[0] + MEDIA_WINDOW_MS - now) / 1000, `More than ${MEDIA_POSTS_PER_WINDOW} Media API POST calls in ${MEDIA_WINDOW_MS / 1000} seconds by this user.`);
  }
  state.mediaPosts.push(now);
}

function header(req: SimRequest, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function createImageFromFile(state: EbayState, req: SimRequest, base: string): SimResponse {
  const type = header(req, 'content-type');
  const boundary = /^multipart\/form-data\s*;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) throw invalidRequest(`createImageFromFile takes multipart/form-data with the picture in the part "image"${type ? `, not ${type.split(';')[0]}` : ''}.`, { header: 'Content-Type' });
  const part = multipartParts(req.rawBody ?? Buffer.from(req.body, 'utf8'), boundary).find((p) => p.name === 'image');
  if (!part || part.fileName === null) throw refused(190001, 'The image file is missing.', 'Send the picture as the file of the form part "image".');
  if (!part.value.length) throw refused(190002, 'The image file is empty.', `${part.fileName} has no content.`);
  const format = formatOf(part.value);
  if (!format) throw refused(190003, 'The image format is not supported.', `${part.fileName} is not a JPG, GIF, PNG, BMP, TIFF, AVIF, HEIC or WEBP picture.`);
  const now = state.clock.now();
  const imageId = `${crypto.randomBytes(9).toString('base64url')}${crypto.randomBytes(6).toString('base64url')}`.slice(0, 22);
  const image: ImageRecord = {
    imageId,
    fileName: part.fileName,
    contentType: part.contentType,
    format: format.format,
    bytes: part.value.length,
    sha256: crypto.createHash('sha256').update(part.value).digest('hex'),
    imageUrl: `https://i.ebayimg.com/images/g/${imageId}/s-l1600.${format.ext}`,
    expirationDate: new Date(now + EPS_RETENTION_MS).toISOString(),
    at: now,
  };
  state.images.set(imageId, image);
  return answer(201, { imageUrl: image.imageUrl, expirationDate: image.expirationDate }, { location: `${base}${MEDIA_ROOT}/image/${imageId}` });
}

/** The Media API's image calls, or null for a path that is not one. */
export function mediaCall(state: EbayState, req: SimRequest, base: string): { res: SimResponse; operationId: string } | null {
  if (req.method === 'POST' && req.path === CREATE_PATH) {
    authorise(state, req, [SCOPES.inventory]);
    takeMediaPost(state);
    return { res: createImageFromFile(state, req, base), operationId: 'createImageFromFile' };
  }
  const m = IMAGE_PATH.exec(req.path);
  if (req.method === 'GET' && m) {
    authorise(state, req, [SCOPES.inventory]);
    const image = state.images.get(decodeURIComponent(m[1]));
    if (!image || Date.parse(image.expirationDate) <= state.clock.now()) throw new EbayFault(404, [ebayError(MEDIA_DOMAIN, 190004, 'The image was not found.', { longMessage: `No image ${m[1]}, or it has expired.` })]);
    return { res: answer(200, { imageUrl: image.imageUrl, expirationDate: image.expirationDate }), operationId: 'getImage' };
  }
  return null;
}
